/** The type library (workers/ts/library.ts), bundled into the language-service worker. */
declare module "caravan:type-library" {
  const library: Record<string, string>;
  export default library;
}
