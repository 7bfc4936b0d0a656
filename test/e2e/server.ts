/**
 * Builds the app and serves `dist/` with `vite preview` (same CSP headers as production,
 * set by workers/vite-plugins.ts) on a free localhost port. Shared by the e2e tests and
 * the app benchmark.
 */
import { build, preview, type PreviewServer } from "vite";
import { execSync } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Browser features turned off in every run. Chromium's own omnibox popup is a WebUI page
 * (chrome://omnibox-popup.top-chrome, with the AI-mode composebox) that headless Chromium
 * loads at launch: its renderer used 2 s of CPU while the app started and then ~14 % of a
 * core for ever (a caret animation), on the same two cores as the page under test. The list
 * repeats Playwright's own (playwright-core's chromiumSwitches), because a later
 * `--disable-features` replaces an earlier one rather than adding to it.
 */
const DISABLED_FEATURES = [
  "WebUIOmniboxPopup",
  "WebUIOmniboxAimPopup",
  "WebUIOmniboxFullPopup",
  // Playwright's:
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
];

/** The Chromium flags every run uses (no sandbox in CI containers, no background traffic, no browser UI busy beside the page). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  `--disable-features=${DISABLED_FEATURES.join(",")}`,
];

/** The Chromium binary: CHROMIUM_PATH, else `chromium` or `chromium-browser` on the PATH (as scripts/ensure-chromium.mjs finds it). */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const path = execSync(`command -v ${name}`, { encoding: "utf8", shell: "/bin/bash" }).trim();
      if (path) return path;
    } catch {
      // not on the PATH under this name
    }
  }
  return "/usr/bin/chromium";
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Where this process builds the app: `dist/` unless CARAVAN_DIST names another folder (so
 * that several test runs on one machine do not build over each other).
 */
export const OUT_DIR = process.env.CARAVAN_DIST ?? "dist";

/** Builds the app (unless `skipBuild`) and serves it; returns the base URL and a stop function. */
export async function serveBuiltApp(options: { skipBuild?: boolean } = {}): Promise<{ url: string; close(): Promise<void> }> {
  if (!options.skipBuild) {
    // Vitest sets NODE_ENV=test, which would make a development build (import.meta.env.PROD false).
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await build({ root: ROOT, configFile: `${ROOT}vite.config.ts`, logLevel: "error", mode: "production", build: { outDir: OUT_DIR, emptyOutDir: true } });
    } finally {
      process.env.NODE_ENV = previous;
    }
  }
  const port = await freePort();
  const server: PreviewServer = await preview({ root: ROOT, configFile: `${ROOT}vite.config.ts`, logLevel: "error", build: { outDir: OUT_DIR }, preview: { port, host: "127.0.0.1", strictPort: true } });
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())) };
}
