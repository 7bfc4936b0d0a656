import { defineConfig } from "vitest/config";
import type { Plugin } from "vite";
import { caravanWorkers } from "./workers/vite-plugins";

/**
 * The app's entry loads its code in stages, each by a dynamic import (src/ui/main.ts), so that
 * evaluating it is several tasks rather than one long one. The page asks for every stage's
 * files at once (`modulepreload`) rather than one stage after the other.
 */
function preloadStages(): Plugin {
  return {
    name: "caravan-preload-stages",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const bundle = ctx.bundle;
        const entry = ctx.chunk;
        if (!bundle || !entry || ctx.path !== "/index.html") return html;
        const files = new Set<string>();
        const add = (name: string): void => {
          if (files.has(name) || name === entry.fileName) return;
          const chunk = bundle[name];
          if (!chunk || chunk.type !== "chunk") return;
          files.add(name);
          chunk.imports.forEach(add);
        };
        entry.dynamicImports.forEach(add);
        // The stages' style sheets load with the page's own (a stage waits for its sheets before it runs).
        const sheets = new Set([...files].flatMap((file) => [...((bundle[file] as { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? [])]));
        return {
          html,
          tags: [
            ...[...files].map((file) => ({ tag: "link", attrs: { rel: "modulepreload", crossorigin: true, href: `/${file}` }, injectTo: "head" as const })),
            ...[...sheets].map((sheet) => ({ tag: "link", attrs: { rel: "stylesheet", crossorigin: true, href: `/${sheet}` }, injectTo: "head" as const })),
          ],
        };
      },
    },
  };
}

// The app (index.html) and the sandbox host page (sandbox.html) are two pages of one build;
// the kernel worker is bundled separately and the sandbox host inlined (workers/vite-plugins.ts).
// Unit, kernel and solver tests run in Node; browser end-to-end tests have their own
// config (test/e2e/vitest.config.ts) because they need a built app and Chromium.
export default defineConfig({
  plugins: [caravanWorkers(), preloadStages()],
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
