import { describe, expect, test } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isFormatError, parse } from "../notebook/format";
import type { NotebookDoc } from "../notebook/document";
import { main, parseArgs } from "./cli";
import type { JsonNotebook } from "./json";
import { runNotebook } from "./run";

// Real runs: each starts a worker thread with the browser's builtins (about a second).
const SLOW = 30_000;

function notebook(cells: [string, string][]): string {
  return `// caravan: 1\n// title: fixture\n\n${cells.map(([id, source]) => `// %% [code id=${id}]\n${source}\n`).join("\n")}\n// %% end\n`;
}

function doc(cells: [string, string][]): NotebookDoc {
  const parsed = parse(notebook(cells));
  if (isFormatError(parsed)) throw new Error(parsed.message);
  return parsed;
}

describe("cells that replace globals in a headless run", () => {
  test(
    "setTimeout, queueMicrotask or Promise set to null by one cell: the others compute and the runner does not fail",
    async () => {
      const run = await runNotebook(
        doc([
          ["a", "const a = 1"],
          ["vandal", "globalThis.Promise = null; globalThis.setTimeout = null; globalThis.queueMicrotask = null; const vandal = 1"],
          ["waiter", "const waited = await new Promise((r) => setTimeout(() => r(2), 5))"],
          ["sum", "a + waited + vandal"],
        ]),
        { timeoutMs: 20_000 },
      );
      const byId = Object.fromEntries(run.cells.map((c) => [c.id, c]));
      // The runner's own waits used the globals: "the runner failed: Promise is not a constructor".
      expect(run.failure).toBeUndefined();
      expect(byId.sum!.status).toBe("done");
      expect(byId.sum!.output).toBe("4");
    },
    SLOW,
  );
});

describe("late errors in a headless run", () => {
  test(
    "an exception from a timer or an unhandled rejection shows on the cell that caused it, and the run goes on",
    async () => {
      const run = await runNotebook(
        doc([
          ["timer", "const timer = 1;\nsetTimeout(() => { throw new Error('later') }, 20);"],
          ["rejected", "const rejected = 2;\nvoid Promise.reject(new Error('nobody handled me'));"],
          ["asyncfn", "const asyncfn = 3;\nvoid (async () => { throw new Error('async late') })();"],
          ["global", "const global = 4;\nglobalThis.setTimeout(() => { throw new Error('global timer') }, 5);"],
          ["other", "const other = 5;\nother"],
          ["reader", "timer + other"],
        ]),
        { timeoutMs: 20_000 },
      );
      const byId = Object.fromEntries(run.cells.map((c) => [c.id, c]));
      expect(run.failure).toBeUndefined();
      expect(run.timedOut).toBe(false);
      expect(byId.timer).toMatchObject({ status: "error", error: { kind: "exception", message: "later", line: 2 } });
      expect(byId.rejected).toMatchObject({ status: "error", error: { kind: "exception", message: "nobody handled me", line: 2 } });
      expect(byId.asyncfn).toMatchObject({ status: "error", error: { kind: "exception", message: "async late", line: 2 } });
      expect(byId.global).toMatchObject({ status: "error", error: { kind: "exception", message: "global timer", line: 2 } });
      expect(byId.other).toMatchObject({ status: "done", output: "5" });
      expect(byId.reader).toMatchObject({ status: "error", error: { kind: "upstream", upstream: "timer" } });
      expect(run.unattributed).toEqual([]);
    },
    SLOW,
  );
});

describe("--json and --set", () => {
  test("--set parses name=value as JSON, else as a string; --json is a flag", () => {
    expect(parseArgs(["a", "--set", "rate=25", "--set=label=hello world", "--set", "on=true", "--json"])).toEqual({
      files: ["a"],
      options: { set: { rate: 25, label: "hello world", on: true } },
      json: true,
    });
    expect(parseArgs(["a", "--set", "=3"])).toEqual({ error: "invalid --set: =3 (expected name=value)" });
    expect(parseArgs(["a", "--set", "rate"])).toEqual({ error: "invalid --set: rate (expected name=value)" });
    expect(parseArgs(["a", "--set", "rate=1", "--update"])).toEqual({ error: "--set cannot be combined with --update" });
    // A flag given a value is refused, not read as the flag (--update=yes rewrote the file).
    for (const flag of ["--update", "--strict", "--json", "--no-run"]) expect(parseArgs(["a", `${flag}=yes`])).toEqual({ error: `${flag} takes no value (got ${flag}=yes)` });
  });

  test(
    "--json gives per cell id, names, status, value, error with line and column, and duration; --set runs a widget at another value",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "caravan-json-"));
      const path = join(dir, "n.caravan.ts");
      await writeFile(
        path,
        notebook([
          ["rate", "const rate = slider({ min: 0, max: 50, value: 10 })"],
          ["tax", "const tax = rate * 2\ntax"],
          ["bad", "const x = 1;\nconst bad: number = (null as any).q"],
        ]),
      );
      const lines: string[] = [];
      const code = await main([path, "--json", "--set", "rate=25"], (text) => lines.push(text));
      const out = JSON.parse(lines.join("\n")) as { exitCode: number; notebooks: JsonNotebook[] };
      expect(code).toBe(1);
      expect(out.exitCode).toBe(1);
      const [nb] = out.notebooks;
      expect(nb).toMatchObject({ file: path, verdict: "fail", timedOut: false, unusedSets: [] });
      const cells = Object.fromEntries(nb!.cells.map((c) => [c.id, c]));
      expect(cells.rate).toMatchObject({ names: ["rate"], status: "done", value: "slider = 25", error: null });
      expect(cells.tax).toMatchObject({ names: ["tax"], status: "done", value: "50", error: null });
      expect(cells.bad).toMatchObject({ names: ["x", "bad"], status: "error", value: null, error: { kind: "exception", line: 2, column: 35 } });
      for (const cell of nb!.cells) expect(cell.durationMs).toBeGreaterThanOrEqual(0);

      const unknown: string[] = [];
      expect(await main([path, "--set", "nosuch=1"], (text) => unknown.push(text))).toBe(2);
      expect(unknown.join("\n")).toContain("--set nosuch: no widget");

      // A value the slider cannot take (its readers computed NaN, and the run exited 0).
      for (const [value, why] of [["abc", 'the text "abc" is not a number'], ["999", "999 is outside it"]] as const) {
        const said: string[] = [];
        expect(await main([path, "--set", `rate=${value}`], (text) => said.push(text))).toBe(2);
        expect(said.join("\n")).toContain(`--set: rate is a slider from 0 to 50: ${why}`);
      }
      const machine: string[] = [];
      expect(await main([path, "--json", "--set", "rate=abc"], (text) => machine.push(text))).toBe(2);
      expect((JSON.parse(machine.join("\n")) as { notebooks: JsonNotebook[] }).notebooks[0]!.badSets).toEqual(['rate is a slider from 0 to 50: the text "abc" is not a number']);
    },
    SLOW * 2,
  );
});
