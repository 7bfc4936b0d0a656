/**
 * `npm run check -- notebooks/foo.caravan.ts [more files] [--update] [--tolerance 1e-6]
 * [--timeout ms] [--data dir] [--strict] [--json] [--set name=value]… [--types[=strict]]
 * [--no-run]`: re-runs each notebook headless and compares its saved outputs. Exit code 0
 * when every saved output matches, 1 on a mismatch, an error or a timeout (or a missing
 * output with --strict), 2 when the command or a file is unusable, or a --set name is no
 * widget. With --update or --set, saved outputs are not held against the run: only errors
 * and timeouts exit 1. `--types` also type-checks every cell as the browser does and prints
 * each diagnostic as `file:line:col`; type errors exit 1 only with `--types=strict`.
 * `--no-run` (with `--types`) checks types without running the notebook.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { checkFile, type CheckOptions } from "./check";
import { jsonNotebook, type JsonNotebook } from "./json";
import { formatReport } from "./report";
import { checkFileTypes, formatTypes, type FileDiagnostic, type TypesMode } from "./types";

const USAGE = `usage: npm run check -- <notebook.caravan.ts>… [--update] [--tolerance 1e-6] [--timeout 60000] [--data dir] [--strict] [--json] [--set name=value]… [--types[=strict]] [--no-run]
  --types          also type-check every code cell (the browser's checker and declarations);
                   prints file:line:col - error TSnnnn: message (cell id); does not change the exit code
  --types=strict   as --types, and a type error makes the exit code 1
  --no-run         with --types: check types only, do not run the notebooks`;

/** Parsed command line, or a message naming the bad option. */
export type Args = { files: string[]; options: CheckOptions; json?: true; types?: TypesMode; noRun?: true } | { error: string };

/** A `--set` value: JSON when it parses as JSON (`25`, `true`, `"a"`, `[1, 2]`), else the text itself. */
export function setValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads the command line (options normalised here, once). */
export function parseArgs(argv: readonly string[]): Args {
  const files: string[] = [];
  const options: CheckOptions = {};
  let json = false;
  let types: TypesMode | undefined;
  let noRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (inline !== undefined && (flag === "--update" || flag === "--strict" || flag === "--json" || flag === "--no-run")) {
      return { error: `${flag} takes no value (got ${arg})` };
    }
    switch (flag) {
      case "--update":
        options.update = true;
        break;
      case "--strict":
        options.strict = true;
        break;
      case "--json":
        json = true;
        break;
      case "--types":
        if (inline !== undefined && inline !== "strict") return { error: `invalid --types: ${inline} (expected --types or --types=strict)` };
        types = inline === "strict" ? "strict" : "report";
        break;
      case "--no-run":
        noRun = true;
        break;
      case "--set": {
        const v = value();
        const eq = v?.indexOf("=") ?? -1;
        const name = v?.slice(0, eq).trim();
        if (v === undefined || eq <= 0 || !name || !/^[A-Za-z_$][\w$]*$/.test(name)) return { error: `invalid --set: ${v} (expected name=value)` };
        (options.set ??= {})[name] = setValue(v.slice(eq + 1));
        break;
      }
      case "--tolerance": {
        const v = value();
        const n = Number(v);
        if (v === undefined || v.trim() === "" || !Number.isFinite(n) || n < 0) return { error: `invalid --tolerance: ${v}` };
        options.tolerance = n;
        break;
      }
      case "--timeout": {
        const v = value();
        const n = Number(v);
        if (v === undefined || !Number.isInteger(n) || n <= 0) return { error: `invalid --timeout: ${v}` };
        options.timeoutMs = n;
        break;
      }
      case "--data": {
        const v = value();
        if (!v) return { error: "invalid --data: a folder is needed" };
        options.dataDir = v;
        break;
      }
      default:
        if (arg.startsWith("-")) return { error: `unknown option ${arg}` };
        files.push(arg);
    }
  }
  if (files.length === 0) return { error: "no notebook given" };
  // Outputs computed at other widget values must not be saved as the notebook's own.
  if (options.update && options.set) return { error: "--set cannot be combined with --update" };
  if (noRun && !types) return { error: "--no-run needs --types (there is nothing else to do)" };
  if (noRun && (options.update || options.set)) return { error: "--no-run cannot be combined with --update or --set" };
  return { files, options, ...(json ? { json: true as const } : {}), ...(types ? { types } : {}), ...(noRun ? { noRun: true as const } : {}) };
}

/** Checks every file, prints the reports, and returns the exit code. */
export async function main(argv: readonly string[], print: (text: string) => void = console.log): Promise<number> {
  const args = parseArgs(argv);
  if ("error" in args) {
    print(`${args.error}\n${USAGE}`);
    return 2;
  }
  let code = 0;
  const notebooks: (JsonNotebook | { file: string; types: FileDiagnostic[] })[] = [];
  for (const file of args.files) {
    // Types first: --update may rewrite the file (outputs only; the code's lines stay).
    let types: FileDiagnostic[] | undefined;
    if (args.types) {
      const checked = await checkFileTypes(file);
      if (!checked.ok) {
        const e = checked.error;
        if (args.json) notebooks.push({ file, verdict: "unreadable", error: { kind: e.kind, message: e.message, line: "line" in e ? e.line : null }, cells: [] });
        else print(e.kind === "format" ? `${file}:${e.line}: ${e.message}` : e.message);
        code = 2;
        continue;
      }
      types = checked.diagnostics;
      if (!args.json) print(formatTypes(file, types));
      if (args.types === "strict" && types.some((d) => d.severity === "error") && code === 0) code = 1;
      if (args.noRun) {
        if (args.json) notebooks.push({ file, types });
        continue;
      }
    }
    const result = await checkFile(file, args.options);
    if (!result.ok) {
      const e = result.error;
      if (args.json) notebooks.push({ ...jsonNotebook(file, result, true, false), ...(types ? { types } : {}) });
      else print(e.kind === "format" ? `${file}:${e.line}: ${e.message}` : e.message);
      code = 2;
      continue;
    }
    const update = args.options.update ? { written: result.written } : undefined;
    // An update resolves mismatches and new outputs by writing them, and outputs computed at
    // other widget values (--set) are not the saved ones: then only errors fail.
    const failed = update || args.options.set ? result.report.counts.error > 0 : !result.report.ok;
    if (args.json) notebooks.push({ ...jsonNotebook(file, result, failed, update !== undefined), ...(types ? { types } : {}) });
    else print(formatReport(file, result.report, update, result.run));
    if (failed && code === 0) code = 1;
    if (result.run.unusedSets.length > 0) {
      if (!args.json) print(`--set ${result.run.unusedSets.join(", ")}: no widget in ${file} is declared under that name`);
      code = 2;
    }
    if (result.run.badSets.length > 0) {
      if (!args.json) for (const problem of result.run.badSets) print(`--set: ${problem}`);
      code = 2;
    }
    if (!args.json) for (const message of result.run.unattributed) print(`  uncaught, no cell to name: ${message}`);
  }
  if (args.json) print(JSON.stringify({ exitCode: code, notebooks }, null, 2));
  return code;
}

// Run only as the command (`tsx src/runner/cli.ts`), not when a test imports this module.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
