/**
 * The Vite plugin for the worker architecture:
 *  - builds the kernel worker with esbuild as one self-contained IIFE, serves it at
 *    `/kernel-worker.js` in dev (rebuilt after a change) and emits it in `vite build`;
 *  - inlines the sandbox host script into `sandbox.html` (a sandboxed document has no
 *    service worker, so it must not need a second request to work offline) and allows
 *    exactly that script by its hash;
 *  - serves the app and the sandbox with their Content-Security-Policy headers in dev and
 *    preview, and writes the same policies as `<meta>` tags into the built pages;
 *  - serves the notebooks' data files (`data/**`) at `/data/…` and copies them into the
 *    build, where `FileAttachment(name)` finds them (through the app, never the sandbox);
 *  - builds the language-service worker (TypeScript 5 with the cells' type library built in,
 *    workers/ts/library.ts) at `/typescript-worker.js`, loaded only after the notebook opens;
 *  - emits the service worker with the list of files to precache.
 */
import { build, type BuildOptions, type Plugin as EsbuildPlugin } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import type { Plugin } from "vite";
import { markdownToTemplate } from "../src/kernel/markdown";
import { precompileCells } from "../src/kernel/precompiled";
import { DEFAULT_NOTEBOOK } from "../src/notebook/defaultName";
import { isFormatError, parse } from "../src/notebook/format";

/** Where the kernel worker bundle is served. */
export const KERNEL_WORKER = "kernel-worker.js";
/** Where the solver workers' bundle is served. */
export const SOLVER_WORKER = "solver-worker.js";
/** Where the language-service worker bundle is served. */
export const TYPESCRIPT_WORKER = "typescript-worker.js";
/** Where the boot script (starts the sandbox before the app's bundle runs) is served. */
export const BOOT = "boot.js";
const HOST_TAG = '<script src="/sandbox-host.js"></script>';

/** Bundles `entry` (a path under `root`, or `{ stdin }` text) as one browser script; `extra` adds options (a `globalName`). */
async function bundle(root: string, entry: string | Pick<BuildOptions, "stdin">, minify: boolean, define: Record<string, string> = {}, plugins: EsbuildPlugin[] = [], extra: BuildOptions = {}): Promise<string> {
  const options: BuildOptions = {
    ...(typeof entry === "string" ? { entryPoints: [resolve(root, entry)] } : entry),
    ...extra,
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
    plugins,
  };
  const result = await build(options);
  return result.outputFiles![0]!.text;
}

/**
 * linkedom parses a `<style>` element's text into a CSSOM only when its `.sheet` is read,
 * which Plot and the display code never do; the parser (cssomnom, ~190 KiB minified) would
 * otherwise be a seventh of the kernel worker that every cold start parses. Reading `.sheet`
 * in a cell throws a clear error instead.
 */
function noStyleSheetParser(): EsbuildPlugin {
  return {
    name: "caravan-no-stylesheet-parser",
    setup(b) {
      b.onResolve({ filter: /^cssomnom(\/parse)?$/ }, () => ({ path: "cssomnom", namespace: "caravan-stub" }));
      b.onLoad({ filter: /.*/, namespace: "caravan-stub" }, () => ({
        contents: 'export function parse() { throw new Error("style sheets (element.sheet) are not available in the kernel\'s DOM"); }',
        loader: "js",
      }));
    },
  };
}

/**
 * `sucrase` in the kernel worker, as text that is compiled on the first transpile. The
 * default notebook's cells come compiled (precompiledPlugin), so a first start needs no
 * transpiler, but compiling and initialising its ~200 kB took ~60 ms of the worker's start,
 * which is on the cold start's critical path (scanning the string costs about what
 * pre-parsing the code did; the compile and the start-up are what go). `new Function` (the
 * cells' own compiler, allowed in the kernel's sandbox) turns it into the same module when a
 * cell first needs it. Node (runner, tests) imports the package.
 */
export function lazySucrase(root: string, minify: boolean): EsbuildPlugin {
  return {
    name: "caravan-lazy-sucrase",
    setup(b) {
      b.onResolve({ filter: /^sucrase$/ }, (args) => (args.namespace === "caravan-lazy-sucrase" ? undefined : { path: "sucrase", namespace: "caravan-lazy-sucrase" }));
      b.onLoad({ filter: /.*/, namespace: "caravan-lazy-sucrase" }, async () => {
        const inner = await bundle(root, { stdin: { contents: 'export { transform } from "sucrase";', resolveDir: root, loader: "js" } }, minify, {}, [], { globalName: "__caravanSucrase" });
        const code = `${inner}\nreturn __caravanSucrase;`;
        return {
          contents: `const text = ${JSON.stringify(code)};
// Taken when the bundle loads, before any cell runs: a cell that replaces the global does not reach it.
const compile = Function;
let loaded = null;
export function transform(source, options) {
  loaded ??= new compile(text)();
  return loaded.transform(source, options);
}`,
          loader: "js",
        };
      });
    },
  };
}

/**
 * `import cells from "caravan:precompiled"` in the kernel worker: the default notebook's
 * cells compiled at build time (src/kernel/precompiled.ts), as one JSON string, so a first
 * start does not transpile and analyse them in the worker.
 */
function precompiledPlugin(root: string): EsbuildPlugin {
  return {
    name: "caravan-precompiled",
    setup(b) {
      b.onResolve({ filter: /^caravan:precompiled$/ }, () => ({ path: "precompiled", namespace: "caravan-precompiled" }));
      b.onLoad({ filter: /.*/, namespace: "caravan-precompiled" }, () => {
        const file = resolve(root, "notebooks", DEFAULT_NOTEBOOK);
        const doc = parse(readFileSync(file, "utf8"));
        const sources = isFormatError(doc)
          ? []
          : doc.cells.flatMap((cell) => {
              if (cell.kind === "code") return [cell.source];
              const template = markdownToTemplate(cell.source);
              return template.ok ? [template.source] : [];
            });
        return { contents: `export default ${JSON.stringify(precompileCells(sources))};`, loader: "js", watchFiles: [file] };
      });
    },
  };
}

/**
 * `import library from "caravan:type-library"` in the language-service worker: the type
 * library as one JSON string (parsed once in the worker). TypeScript's Node-only modules,
 * required only when it runs under Node, are left out.
 */
function typeLibraryPlugin(root: string): EsbuildPlugin {
  return {
    name: "caravan-type-library",
    setup(b) {
      b.onResolve({ filter: /^caravan:type-library$/ }, () => ({ path: "type-library", namespace: "caravan" }));
      b.onLoad({ filter: /.*/, namespace: "caravan" }, async () => {
        const { cachedTypeLibrary } = await import("./ts/library");
        return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(cachedTypeLibrary(root)))});`, loader: "js" };
      });
      const nodeOnly = /^(fs|path|os|crypto|inspector|perf_hooks|source-map-support|module|child_process|worker_threads|buffer|node:.*)$/;
      b.onResolve({ filter: nodeOnly }, (args) => ({ path: args.path, external: true }));
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
 * The sandbox page's policy. Only the inlined host script (by hash) runs in the page; cell
 * code runs in a blob: worker that inherits this policy, hence `'unsafe-eval'`. Nothing may
 * be fetched, framed or submitted. As a header it also sandboxes the page (`sandbox
 * allow-scripts`: opaque origin), which a `<meta>` policy cannot do.
 */
export function sandboxPolicy(scriptHash: string, header: boolean): string {
  return [
    ...(header ? ["sandbox allow-scripts"] : []),
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}' blob: 'unsafe-eval'`,
    "worker-src blob:",
    "connect-src 'none'",
    "img-src 'none'",
    "style-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** The host script as inlined (a closing script tag inside it is escaped) and its CSP hash. */
export function inlineScript(code: string): { code: string; hash: string } {
  const safe = code.replace(/<\/script/gi, "<\\/script").trim();
  return { code: safe, hash: createHash("sha256").update(safe).digest("base64") };
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(resolve(dir, f)).isFile())
    .map((f) => f.split(sep).join("/"))
    .sort();
}

const MIME: Record<string, string> = { csv: "text/csv", json: "application/json", md: "text/markdown", txt: "text/plain", arrow: "application/vnd.apache.arrow.file" };

/** The data file a `/data/…` URL names, or null if it names none (or climbs out of data/). */
function dataFile(root: string, url: string): string | null {
  const path = decodeURIComponent(url.split("?")[0]!);
  if (!path.startsWith("/data/")) return null;
  const dir = resolve(root, "data");
  const file = resolve(dir, path.slice("/data/".length));
  if (relative(dir, file).startsWith("..") || !existsSync(file) || !statSync(file).isFile()) return null;
  return file;
}

function isSandbox(url: string | undefined): boolean {
  return (url ?? "").split("?")[0]!.endsWith("/sandbox.html");
}

/** The Vite plugin (see file comment). */
export function caravanWorkers(): Plugin {
  let root = process.cwd();
  const cache = new Map<string, Promise<string>>();
  const cached = (key: string, make: () => Promise<string>) => {
    let text = cache.get(key);
    if (!text) {
      text = make();
      cache.set(key, text);
      text.catch(() => cache.delete(key));
    }
    return text;
  };
  const kernel = (minify: boolean) => cached(`kernel-${minify}`, () => bundle(root, "workers/kernel.worker.ts", minify, {}, [noStyleSheetParser(), precompiledPlugin(root), lazySucrase(root, minify)]));
  const solver = (minify: boolean) => cached(`solver-${minify}`, () => bundle(root, "workers/solver.worker.ts", minify));
  const typescript = (minify: boolean) => cached(`typescript-${minify}`, () => bundle(root, "workers/typescript.worker.ts", minify, {}, [typeLibraryPlugin(root)]));
  const boot = (minify: boolean) => cached(`boot-${minify}`, () => bundle(root, "src/ui/boot-entry.ts", minify));
  const host = async (minify: boolean) => inlineScript(await cached(`host-${minify}`, () => bundle(root, "workers/sandbox-host.ts", minify)));
  const sandboxPage = async (minify: boolean, template = readFileSync(resolve(root, "sandbox.html"), "utf8")) => {
    const script = await host(minify);
    return { html: template.replace(HOST_TAG, `<script>${script.code}</script>`), hash: script.hash };
  };
  type Res = { setHeader(name: string, value: string): void; end(body: string): void; statusCode: number };
  const appHeaders = (res: Res, dev: boolean) => {
    res.setHeader("Content-Security-Policy", `${appPolicy(dev)}; frame-ancestors 'self'`);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
  };
  const fail = (res: Res) => (error: Error) => {
    res.statusCode = 500;
    res.end(String(error.message));
  };

  return {
    name: "caravan-workers",
    configResolved(config) {
      root = config.root;
    },
    configureServer(server) {
      // Any source change may reach the bundles; rebuilding lazily on the next request is cheap.
      server.watcher.on("change", (file) => {
        if (/\.(ts|js|mjs|html)$/.test(file) && !file.includes("node_modules")) cache.clear();
      });
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? "").split("?")[0]!;
        if (path === `/${KERNEL_WORKER}` || path === `/${BOOT}` || path === `/${TYPESCRIPT_WORKER}` || path === `/${SOLVER_WORKER}`) {
          (path === `/${BOOT}` ? boot(false) : path === `/${TYPESCRIPT_WORKER}` ? typescript(false) : path === `/${SOLVER_WORKER}` ? solver(false) : kernel(false)).then((text) => {
            res.setHeader("Content-Type", "text/javascript; charset=utf-8");
            res.setHeader("Cache-Control", "no-cache");
            res.end(text);
          }, fail(res));
          return;
        }
        const data = dataFile(root, path);
        if (data) {
          res.setHeader("Content-Type", MIME[data.split(".").pop()!] ?? "application/octet-stream");
          res.setHeader("Cache-Control", "no-cache");
          res.end(readFileSync(data));
          return;
        }
        if (isSandbox(path)) {
          // Served here, not by Vite, which would add its dev client script to the page.
          sandboxPage(false).then(({ html, hash }) => {
            res.setHeader("Content-Type", "text/html; charset=utf-8");
            res.setHeader("Content-Security-Policy", sandboxPolicy(hash, true));
            res.end(html);
          }, fail(res));
          return;
        }
        appHeaders(res, true);
        next();
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!isSandbox(req.url)) {
          appHeaders(res, false);
          return next();
        }
        host(true).then(({ hash }) => {
          res.setHeader("Content-Security-Policy", sandboxPolicy(hash, true));
          res.setHeader("X-Content-Type-Options", "nosniff");
          next();
        }, fail(res));
      });
    },
    transformIndexHtml: {
      order: "post",
      async handler(html, context) {
        if (context.server) return html;
        if (isSandbox(context.path)) {
          const page = await sandboxPage(true, html);
          return page.html.replace("<head>", `<head>\n    <meta http-equiv="Content-Security-Policy" content="${sandboxPolicy(page.hash, false)}">`);
        }
        return html.replace("<head>", `<head>\n    <meta http-equiv="Content-Security-Policy" content="${appPolicy(false)}">`);
      },
    },
    async generateBundle(_options, output) {
      const source = await kernel(true);
      this.emitFile({ type: "asset", fileName: KERNEL_WORKER, source });
      this.emitFile({ type: "asset", fileName: BOOT, source: await boot(true) });
      this.emitFile({ type: "asset", fileName: SOLVER_WORKER, source: await solver(true) });
      this.emitFile({ type: "asset", fileName: TYPESCRIPT_WORKER, source: await typescript(true) });
      const dataFiles = listFiles(resolve(root, "data")).map((f) => `data/${f}`);
      for (const fileName of dataFiles) this.emitFile({ type: "asset", fileName, source: readFileSync(resolve(root, fileName)) });
      // The service worker precaches every file of this build and the two pages.
      // (Vite drops the empty chunk of sandbox.html, which has no module script, after this hook.)
      const emitted = Object.values(output).filter((f) => f.type === "asset" || f.code.trim() !== "");
      const files = [...new Set([...emitted.map((f) => f.fileName), KERNEL_WORKER, BOOT, SOLVER_WORKER, TYPESCRIPT_WORKER, ...dataFiles])].filter((f) => !f.endsWith(".map"));
      const precache = [...new Set(["/index.html", "/sandbox.html", ...files.map((f) => `/${f}`)])];
      const { hash } = await host(true);
      const version = createHash("sha256").update(source).update(hash).update(files.sort().join("\n")).digest("hex").slice(0, 12);
      const define = { PRECACHE: JSON.stringify(precache), VERSION: JSON.stringify(version), SANDBOX_POLICY: JSON.stringify(sandboxPolicy(hash, true)) };
      this.emitFile({ type: "asset", fileName: "sw.js", source: await bundle(root, "workers/service-worker.ts", true, define) });
    },
  };
}
