/**
 * `npm run check -- notebooks/foo.caravan.ts [more files] [--update] [--tolerance 1e-6]
 * [--timeout ms] [--data dir] [--strict]`: re-runs each notebook headless and compares its
 * saved outputs. Exit code 0 when every saved output matches, 1 on a mismatch, an error or
 * a timeout (or a missing output with --strict), 2 when the command or a file is unusable.
 * With --update the fresh outputs are written and only errors and timeouts exit 1.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { checkFile, type CheckOptions } from "./check";
import { formatReport } from "./report";

const USAGE = "usage: npm run check -- <notebook.caravan.ts>… [--update] [--tolerance 1e-6] [--timeout 60000] [--data dir] [--strict]";

/** Parsed command line, or a message naming the bad option. */
export type Args = { files: string[]; options: CheckOptions } | { error: string };

/** Reads the command line (options normalised here, once). */
export function parseArgs(argv: readonly string[]): Args {
  const files: string[] = [];
  const options: CheckOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--update":
        options.update = true;
        break;
      case "--strict":
        options.strict = true;
        break;
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
  return { files, options };
}

/** Checks every file, prints the reports, and returns the exit code. */
export async function main(argv: readonly string[], print: (text: string) => void = console.log): Promise<number> {
  const args = parseArgs(argv);
  if ("error" in args) {
    print(`${args.error}\n${USAGE}`);
    return 2;
  }
  let code = 0;
  for (const file of args.files) {
    const result = await checkFile(file, args.options);
    if (!result.ok) {
      const e = result.error;
      print(e.kind === "format" ? `${file}:${e.line}: ${e.message}` : e.message);
      code = 2;
      continue;
    }
    const update = args.options.update ? { written: result.written } : undefined;
    print(formatReport(file, result.report, update));
    // An update resolves mismatches and new outputs by writing them; errors still fail.
    const failed = update ? result.report.counts.error > 0 : !result.report.ok;
    if (failed && code === 0) code = 1;
  }
  return code;
}

// Run only as the command (`tsx src/runner/cli.ts`), not when a test imports this module.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
