import { defineConfig } from "vitest/config";
import { caravanWorkers } from "./workers/vite-plugins";

// The app (index.html) and the sandbox host page (sandbox.html) are two pages of one build;
// the kernel worker is bundled separately and the sandbox host inlined (workers/vite-plugins.ts).
// Unit, kernel and solver tests run in Node; browser end-to-end tests have their own
// config (test/e2e/vitest.config.ts) because they need a built app and Chromium.
export default defineConfig({
  plugins: [caravanWorkers()],
  build: {
    target: "es2022",
    // The app's bundle is CodeMirror plus the output renderers (~590 kB before gzip), by design.
    chunkSizeWarningLimit: 800,
    rollupOptions: { input: { main: "index.html", sandbox: "sandbox.html" } },
  },
  test: {
    include: ["src/**/*.test.ts", "workers/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    testTimeout: 20000,
  },
});
