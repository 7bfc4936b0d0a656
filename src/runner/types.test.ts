import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { isFormatError, parse } from "../notebook/format";
import type { NotebookDoc } from "../notebook/document";
import { parseArgs } from "./cli";
import { cellMarkerLines, checkTypes, formatTypes, typeService } from "./types";

const WRONG = [
  "// caravan: 1",
  "// title: wrong",
  "",
  "// %% [markdown id=intro]",
  "// # A wrong annotation",
  "",
  "// %% [code id=rate]",
  "const rate = 0.1;",
  'const wrong: number = "abc";',
  "",
  "// %% [code id=use]",
  "// %%% a content line that would read as a marker is escaped",
  "const doubled = rate * 2; doubled.toUpperCase()",
  "",
  "// %% end",
  "",
].join("\n");

function read(text: string): NotebookDoc {
  const doc = parse(text);
  if (isFormatError(doc)) throw new Error(doc.message);
  return doc;
}

beforeAll(() => void typeService(), 120_000);

describe("placing cells in the notebook file", () => {
  test("each cell's marker line, in document order, escaped lines not counted", () => {
    expect(cellMarkerLines(WRONG)).toEqual([4, 7, 11]);
  });
});

describe("checking a notebook's types", () => {
  test("a wrong annotation is reported at its line and column in the file", () => {
    const found = checkTypes(WRONG, read(WRONG));
    expect(found).toEqual([
      { cell: "rate", line: 9, column: 7, severity: "error", code: 2322, message: "Type 'string' is not assignable to type 'number'." },
      { cell: "use", line: 13, column: 35, severity: "error", code: 2339, message: "Property 'toUpperCase' does not exist on type 'number'." },
    ]);
    // Independent check of the place: the reported column points at the name in the file's own text.
    const lines = WRONG.split("\n");
    expect(lines[8]!.slice(6, 11)).toBe("wrong");
    expect(lines[12]!.slice(34, 45)).toBe("toUpperCase");
  });

  test("the diagnostics are the browser's: the same language service, cell by cell", () => {
    const doc = read(WRONG);
    const placed = checkTypes(WRONG, doc);
    const service = typeService();
    service.update(doc.cells.filter((c) => c.kind === "code").map((c) => ({ id: c.id, text: c.source })));
    const direct = ["rate", "use"].flatMap((id) => service.cellDiagnostics(id).map((d) => d.message));
    expect(placed.map((d) => d.message)).toEqual(direct);
  });

  test("printed as file:line:col with a count", () => {
    const text = formatTypes("n.caravan.ts", checkTypes(WRONG, read(WRONG)));
    expect(text.split("\n")).toEqual([
      "n.caravan.ts:9:7 - error TS2322: Type 'string' is not assignable to type 'number'. (cell rate)",
      "n.caravan.ts:13:35 - error TS2339: Property 'toUpperCase' does not exist on type 'number'. (cell use)",
      "types: 2 errors in n.caravan.ts",
    ]);
  });

  test("every shipped notebook type-checks without a diagnostic", async () => {
    const files = (await readdir("notebooks")).filter((f) => f.endsWith(".ts")).sort();
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const text = await readFile(join("notebooks", file), "utf8");
      expect({ file, found: checkTypes(text, read(text)) }).toEqual({ file, found: [] });
    }
  }, 120_000);
});

describe("--types on the command line", () => {
  test.each([
    [["a", "--types"], { types: "report" }],
    [["a", "--types=strict", "--no-run"], { types: "strict", noRun: true }],
  ])("%j is read", (argv, expected) => {
    expect(parseArgs(argv)).toEqual({ files: ["a"], options: {}, ...expected });
  });

  test.each([
    [["a", "--types=loud"], "invalid --types: loud (expected --types or --types=strict)"],
    [["a", "--no-run"], "--no-run needs --types (there is nothing else to do)"],
  ])("%j is refused", (argv, error) => {
    expect(parseArgs(argv)).toEqual({ error });
  });

  test(
    "type errors are printed; they fail the command only with --types=strict",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "caravan-types-"));
      const path = join(dir, "n.caravan.ts");
      await writeFile(path, WRONG);
      const run = (...args: string[]) =>
        new Promise<{ code: number; out: string }>((resolve) =>
          execFile("npx", ["tsx", "src/runner/cli.ts", path, ...args], (error, stdout) => resolve({ code: error ? Number(error.code) : 0, out: stdout })),
        );
      const strict = await run("--types=strict", "--no-run");
      expect(strict.code).toBe(1);
      expect(strict.out).toContain(`${path}:9:7 - error TS2322: Type 'string' is not assignable to type 'number'. (cell rate)`);
      expect(strict.out).toContain(`types: 2 errors in ${path}`);
      const reported = await run("--types", "--no-run");
      expect(reported.code).toBe(0);
      expect(reported.out).toContain(`${path}:13:35 - error TS2339`);
    },
    180_000,
  );
});
