import { defineConfig } from "vitest/config";

// Unit, kernel and solver tests run in Node; browser end-to-end tests have their own
// config (test/e2e/vitest.config.ts) because they need a built app and Chromium.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "workers/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    testTimeout: 20000,
  },
});
