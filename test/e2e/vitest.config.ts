import { defineConfig } from "vitest/config";

// Browser end-to-end tests: global-setup.ts builds the app, serves dist/ with the production
// headers and starts one Chromium; each test file opens its own pages in it.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 60000,
    hookTimeout: 120000,
    fileParallelism: false,
    // A poll waits for the app to react; on a busy two-core CI machine a worker restart or an
    // autosave can take more than vitest's default second. Timings that matter are asserted
    // explicitly (and measured in `npm run bench`), never through a poll's patience.
    expect: { poll: { timeout: 10000, interval: 50 } },
  },
});
