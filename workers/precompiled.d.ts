/** The default notebook's cells compiled at build time (src/kernel/precompiled.ts), bundled into the kernel worker. */
declare module "caravan:precompiled" {
  const cells: string;
  export default cells;
}
