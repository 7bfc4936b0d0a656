#!/usr/bin/env node
/**
 * `npm start`: serves the built app, which is what a user should see (a development server
 * pre-bundles dependencies on the first visit and serves hundreds of modules one by one;
 * the build is one small page script and one kernel worker bundle). Builds first when the
 * build is missing or older than any source, notebook, data file or config; otherwise
 * serves the existing build at once. `npm run dev` is the development server (hot reload).
 */
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = join(root, "dist", "index.html");
const inputs = ["src", "workers", "notebooks", "data", "index.html", "sandbox.html", "vite.config.ts", "package.json", "package-lock.json"];

/** The newest modification time (ms) of a file or of any file under a folder. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const vite = join(root, "node_modules", "vite", "bin", "vite.js");
const stale = !existsSync(built) || Math.max(...inputs.map((p) => newest(join(root, p)))) > statSync(built).mtimeMs;
if (stale) {
  console.log("Building the app (once; later starts reuse the build until a source changes)…");
  const build = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const port = process.env.PORT ?? "5173";
const server = spawn(process.execPath, [vite, "preview", "--port", port, "--open=false", ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
server.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
