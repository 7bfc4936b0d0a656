/**
 * `/boot.js`: a tiny script in <head> that runs before the app's bundle and starts the
 * sandbox and the kernel worker (see boot.ts). Bundled as an IIFE by workers/vite-plugins.ts.
 */
import { bootKernel } from "./boot";

(window as unknown as { caravanBoot: ReturnType<typeof bootKernel> }).caravanBoot = bootKernel();
