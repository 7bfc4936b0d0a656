/**
 * The type library the language-service worker checks cells against, made at build time
 * (Node only): TypeScript's own lib files (es2022 + webworker, no DOM), the declaration files
 * Arquero, Observable Plot and their dependencies ship, and declarations emitted with the
 * TypeScript 5 API from the solver and widget sources, with the corrections in patches.ts.
 * The result is a plain map from virtual path to text, bundled into the worker.
 */
import ts from "ts5";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { CELL_LIB } from "./options";
import { applyPatches } from "./patches";

/** Project sources whose declarations the builtins are typed from. */
const ROOTS = ["src/solvers/index.ts", "src/display/widgets.ts", "workers/ts/cellSolvers.ts"];
/** Packages whose shipped declarations are included whole (their entry as a root). */
const PACKAGE_TYPES = ["node_modules/arquero/dist/types/index.d.ts", "node_modules/@observablehq/plot/src/index.d.ts"];
/** What the library is made from: a change here makes a new one. */
const INPUTS = ["src/solvers", "src/display", "src/kernel", "workers/ts/library.ts", "workers/ts/patches.ts", "workers/ts/cellSolvers.ts", "package-lock.json"];

/** Virtual path → text. */
export type TypeLibrary = Record<string, string>;

const posix = (path: string) => path.split(sep).join("/");

/** The package folder holding `file` (…/node_modules/name or …/node_modules/@scope/name), or null. */
function packageRoot(file: string): string | null {
  const parts = posix(file).split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0 || at + 1 >= parts.length) return null;
  return parts.slice(0, at + (parts[at + 1]!.startsWith("@") ? 3 : 2)).join("/");
}

/** Builds the type library from the project at `root`. */
export function buildTypeLibrary(root: string): TypeLibrary {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: CELL_LIB,
    types: [],
    strict: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    esModuleInterop: true,
  };
  const program = ts.createProgram([...ROOTS, ...PACKAGE_TYPES].map((r) => resolve(root, r)), options);
  const library: TypeLibrary = {};
  const libDir = posix(dirname(require_resolve_lib()));
  const rootPosix = posix(root);
  program.emit(undefined, (fileName, text) => {
    const rel = posix(relative(root, fileName));
    if (!rel.startsWith("..")) library[`/caravan/${rel}`] = text;
  });
  const packages = new Set<string>();
  for (const file of program.getSourceFiles()) {
    const name = posix(file.fileName);
    if (name.startsWith(libDir + "/")) library[`/lib/${name.slice(libDir.length + 1)}`] = file.text;
    else if (name.includes("/node_modules/") && name.endsWith(".d.ts")) {
      const pkg = packageRoot(name);
      if (!pkg) continue;
      packages.add(pkg);
      library[virtualModulePath(rootPosix, name)] = file.text;
    }
  }
  for (const pkg of packages) {
    const manifest = `${pkg}/package.json`;
    if (existsSync(manifest)) library[virtualModulePath(rootPosix, manifest)] = readFileSync(manifest, "utf8");
  }
  return applyPatches(library);
}

/** `…/node_modules/x/y` → `/node_modules/x/y` (nested node_modules folders kept). */
function virtualModulePath(root: string, file: string): string {
  const rel = file.startsWith(root + "/") ? file.slice(root.length) : file.slice(file.indexOf("/node_modules/"));
  return rel;
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { recursive: true, encoding: "utf8" }).map((f) => resolve(path, f)).filter((f) => statSync(f).isFile()).sort();
}

/**
 * The type library, from a cache under node_modules/.cache when its inputs (solver, display
 * and kernel sources, the lockfile) are unchanged: building it type-checks the solvers,
 * which takes seconds.
 */
export function cachedTypeLibrary(root: string): TypeLibrary {
  const hash = createHash("sha256");
  for (const input of INPUTS) for (const file of filesUnder(resolve(root, input))) hash.update(file).update(readFileSync(file));
  const dir = resolve(root, "node_modules/.cache/caravan-types");
  const file = resolve(dir, `${hash.digest("hex").slice(0, 16)}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as TypeLibrary;
  const library = buildTypeLibrary(root);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(library));
  return library;
}

function require_resolve_lib(): string {
  return resolve(dirname(ts.sys.getExecutingFilePath()), "lib.d.ts");
}
