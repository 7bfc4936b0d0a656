/**
 * Vite plugins for the worker architecture:
 *  - `workerBundles`: builds the kernel worker and the sandbox host with esbuild as
 *    self-contained IIFE scripts, serves them in dev (rebuilt on change) and emits them
 *    as fixed-name assets in `vite build`;
 *  - `contentSecurityPolicy`: serves the app and the sandbox with their CSP headers in
 *    dev and preview, and writes the same policy as a `<meta>` tag into the built pages.
 */
import { build, type BuildOptions } from "esbuild";
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import type { Plugin, ViteDevServer } from "vite";

/** The scripts built outside Vite's module graph, by the URL they are served at. */
export const WORKER_BUNDLES: Record<string, string> = {
  "kernel-worker.js": "workers/kernel.worker.ts",
  "sandbox-host.js": "workers/sandbox-host.ts",
};

async function bundle(root: string, entry: string, minify: boolean, define: Record<string, string> = {}): Promise<string> {
  const options: BuildOptions = {
    entryPoints: [resolve(root, entry)],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify,
    write: false,
    legalComments: "none",
    // linkedom has optional Node-only dependencies that never load in the browser.
    external: ["canvas"],
    define: { "process.env.NODE_ENV": minify ? '"production"' : '"development"', ...define },
  };
  const result = await build(options);
  return result.outputFiles![0]!.text;
}

/** Builds and serves the worker bundles (see file comment). */
export function workerBundles(): Plugin {
  let root = process.cwd();
  const cache = new Map<string, Promise<string>>();
  const get = (name: string, minify: boolean) => {
    let text = cache.get(name);
    if (!text) {
      text = bundle(root, WORKER_BUNDLES[name]!, minify);
      cache.set(name, text);
      text.catch(() => cache.delete(name));
    }
    return text;
  };
  return {
    name: "caravan-worker-bundles",
    configResolved(config) {
      root = config.root;
    },
    configureServer(server: ViteDevServer) {
      // Any source change may reach the bundles; rebuilding lazily on the next request is cheap.
      server.watcher.on("change", (file) => {
        if (/\.(ts|js|mjs)$/.test(file) && !file.includes("node_modules")) cache.clear();
      });
      server.middlewares.use((req, res, next) => {
        const name = (req.url ?? "").split("?")[0]!.replace(/^\//, "");
        if (!(name in WORKER_BUNDLES)) return next();
        get(name, false).then(
          (text) => {
            res.setHeader("Content-Type", "text/javascript; charset=utf-8");
            res.setHeader("Cache-Control", "no-cache");
            res.end(text);
          },
          (error: Error) => {
            res.statusCode = 500;
            res.end(String(error.message));
          },
        );
      });
    },
    async generateBundle(_options, output) {
      const hash = createHash("sha256");
      for (const name of Object.keys(WORKER_BUNDLES)) {
        const source = await get(name, true);
        hash.update(source);
        this.emitFile({ type: "asset", fileName: name, source });
      }
      // The service worker precaches every file of this build (plus the two pages' URLs).
      // (Vite drops the empty chunk of sandbox.html, which has no module script, after this hook.)
      const emitted = Object.values(output).filter((f) => f.type === "asset" || f.code.trim() !== "");
      const files = [...emitted.map((f) => f.fileName), ...Object.keys(WORKER_BUNDLES)].filter((f) => !f.endsWith(".map"));
      const precache = [...new Set(["/index.html", "/sandbox.html", ...files.map((f) => `/${f}`)])];
      const version = hash.update(files.sort().join("\n")).digest("hex").slice(0, 12);
      this.emitFile({ type: "asset", fileName: "sw.js", source: await bundle(root, "workers/service-worker.ts", true, { PRECACHE: JSON.stringify(precache), VERSION: JSON.stringify(version) }) });
    },
  };
}

/** The app page's policy: only its own scripts, no inline script, frames only from itself. */
export function appPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // CodeMirror and Plot's SVGs set inline styles; styles cannot run script.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/**
 * The sandbox page's policy. Cell code runs here (in a blob: worker that inherits this
 * policy), so `'unsafe-eval'` is needed; nothing may be fetched, framed or submitted.
 */
export function sandboxPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self' blob: 'unsafe-eval'",
    "worker-src blob:",
    "connect-src 'none'",
    "img-src 'none'",
    "style-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

function isSandbox(url: string | undefined): boolean {
  return (url ?? "").split("?")[0]!.endsWith("/sandbox.html");
}

/** Sets the CSP headers (dev, preview) and the `<meta>` policies (build); see file comment. */
export function contentSecurityPolicy(): Plugin {
  const headers = (dev: boolean) => (req: { url?: string }, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    const sandbox = isSandbox(req.url);
    res.setHeader("Content-Security-Policy", sandbox ? sandboxPolicy() : appPolicy(dev) + "; frame-ancestors 'self'");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    next();
  };
  return {
    name: "caravan-csp",
    configureServer(server) {
      server.middlewares.use(headers(true));
    },
    configurePreviewServer(server) {
      server.middlewares.use(headers(false));
    },
    transformIndexHtml: {
      order: "post",
      handler(html, context) {
        if (context.server) return html;
        const policy = isSandbox(context.path) ? sandboxPolicy() : appPolicy(false);
        return html.replace("<head>", `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}">`);
      },
    },
  };
}
