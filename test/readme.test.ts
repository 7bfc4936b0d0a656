/**
 * Every TypeScript example in README.md that is meant to run as a cell type-checks against the
 * builtins' real declarations, with the language service the editor's checker uses
 * (workers/ts/service.ts over the same type library).
 *
 * How the README marks its examples (the words after the fence's language, which GitHub does not show):
 *  - ```ts            a cell: checked as the last cell of a notebook whose other cells declare
 *                     the names it takes as given (GIVENS below: data and models it reads);
 *  - ```ts node       not a cell (code for Node or a test file): not checked;
 *  - a notebook file (its first line `// caravan: 1`): its code cells are checked together.
 * A line meant to be a type error ends with a comment starting `// type error`: the example
 * must have an error on each such line and on no other.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, isFormatError } from "../src/notebook/format";
import { readCell } from "../workers/ts/cells";
import { cachedTypeLibrary } from "../workers/ts/library";
import { NotebookService } from "../workers/ts/service";

/** One fenced TypeScript block of the README. */
interface Example {
  /** 1-based line of the block's first code line in README.md. */
  line: number;
  words: string[];
  code: string;
}

/** The ```ts / ```typescript blocks of a Markdown text. */
function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(?:ts|typescript)(?:\s+(.*))?$/.exec(lines[i]!.trimEnd());
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    out.push({ line: start + 1, words: (open[1] ?? "").split(/\s+/).filter(Boolean), code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return out;
}

/**
 * Upstream cells for the names the README's cell examples read without declaring: small but
 * real data, typed as a notebook's own cells would be (a given may read other givens).
 */
const ACCOUNTS = `{ sectors: ["AGR", "MAN", "SRV"], factors: ["CAP", "LAB"], household: "HOH", government: "GOV", investment: "INV", indirectTax: "IDT", restOfWorld: { CU: "EXT_CU", ROW: "EXT_ROW" }, tariffs: { CU: "TRF_CU", ROW: "TRF_ROW" } }`;
const GIVENS: Record<string, string> = {
  lines: 'const lines = aq.table({ hs: ["010121", "020130"], partner: ["RU", "CN"], tariff: [0, 10], imports: [120, 45] })',
  concordance: 'const concordance = aq.table({ hs: ["010121", "020130"], sector: ["agriculture", "agriculture"] })',
  points: "const points = [{ price: 1, quantity: 10 }, { price: 1.1, quantity: 9.2 }, { price: 1.3, quantity: 8 }]",
  observations: "const observations = [{ year: 2008, ncuImports: 40, totalImports: 100, price: 1 }, { year: 2012, ncuImports: 35, totalImports: 110, price: 1.2 }]",
  M: "const M = [[0, 10, 20, 5], [8, 0, 12, 4], [15, 9, 0, 7], [6, 3, 5, 0]]",
  T0: "const T0 = M.map((row) => row.map(() => 1.1))",
  T1: "const T1 = M.map((row, i) => row.map((_, j) => (i === 0 && j === 2) || (i === 2 && j === 0) ? 1 : 1.1))",
  samTable: 'const samTable = await FileAttachment("sam.csv").csv()',
  sam2: `const sam2 = solvers.cge.sam(samTable, ${ACCOUNTS})`,
  cet: "const cet = { AGR: 0.1, MAN: 0.08, SRV: 0 }",
  model: `const model = solvers.cge.calibrate(solvers.cge.sam(samTable, ${ACCOUNTS}))`,
  policy: 'const policy = solvers.cge.scenario().tariff({ source: "ROW", to: 0.1 })',
  // As the README's pooled solve takes it: the CGE solver's progress (Newton iteration, residual).
  onProgress: "const onProgress = (iteration: number, residual: number) => progress(Math.min(iteration / 10, 1), `Newton ${iteration}: ${residual}`)",
  market: "const market = solvers.gsimMarketFromRows([{ exporter: \"US\", importer: \"EU\", trade: 10, tariff0: 5, tariff1: 0 }, { exporter: \"EU\", importer: \"US\", trade: 8, tariff0: 3, tariff1: 0 }], { importDemandElasticity: -1.25, exportSupplyElasticity: 1.5, substitutionElasticity: 5 })",
  options: 'const options = { form: "levels" as const }',
};

/** The givens an example needs (and those they need), in GIVENS order; not the names it declares itself. */
function givensFor(code: string): { id: string; text: string }[] {
  const { names, mentions } = readCell(code);
  const own = new Set(names.map((n) => n.name));
  const needed = new Set<string>();
  const visit = (words: Set<string>) => {
    for (const name of Object.keys(GIVENS)) {
      if (!words.has(name) || own.has(name) || needed.has(name)) continue;
      needed.add(name);
      visit(readCell(GIVENS[name]!).mentions);
    }
  };
  visit(mentions);
  return Object.keys(GIVENS).filter((n) => needed.has(n)).map((n) => ({ id: `given-${n}`, text: GIVENS[n]! }));
}

/** 1-based lines of `text` marked as type errors. */
function markedLines(text: string): number[] {
  return text.split("\n").flatMap((l, i) => (/\/\/\s*type error\b/i.test(l) ? [i + 1] : []));
}

/** `line: message` for each error in a cell, with the line in the cell's text. */
function errorLines(text: string, diagnostics: { from: number; severity: string; message: string }[]): { line: number; message: string }[] {
  return diagnostics.filter((d) => d.severity === "error").map((d) => ({ line: text.slice(0, d.from).split("\n").length, message: d.message }));
}

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const all = examples(README);
const isNotebook = (e: Example) => e.words.includes("notebook") || /^\/\/ caravan: \d/.test(e.code);
const cells = all.filter((e) => !e.words.includes("node") && !isNotebook(e));
const notebooks = all.filter((e) => !e.words.includes("node") && isNotebook(e));

let service: NotebookService;
beforeAll(() => {
  service = new NotebookService(cachedTypeLibrary(process.cwd()));
}, 180_000);

/** Checks cells together; returns the unexpected errors and the marked lines without one, as readable lines. */
function check(cells: { id: string; text: string }[], examined: string[], offset: (id: string) => number): string[] {
  service.update(cells);
  const found = service.diagnostics();
  const problems: string[] = [];
  for (const id of examined) {
    const text = cells.find((c) => c.id === id)!.text;
    const errors = errorLines(text, found[id] ?? []);
    const marked = markedLines(text);
    for (const e of errors) if (!marked.includes(e.line)) problems.push(`README.md:${offset(id) + e.line - 1}: ${e.message}`);
    for (const line of marked) if (!errors.some((e) => e.line === line)) problems.push(`README.md:${offset(id) + line - 1}: marked as a type error, but checks`);
  }
  return problems;
}

describe("README examples type-check as written", () => {
  it("finds the README's cell examples", () => {
    expect(cells.length).toBeGreaterThanOrEqual(8);
  });

  for (const example of cells) {
    it(`the cell at README.md:${example.line} (${example.code.split("\n")[0]!.slice(0, 60)})`, () => {
      const notebook = [...givensFor(example.code), { id: "example", text: example.code }];
      expect(check(notebook, ["example"], () => example.line)).toEqual([]);
    }, 60_000);
  }

  for (const example of notebooks) {
    it(`the notebook file at README.md:${example.line}`, () => {
      const doc = parse(example.code);
      if (isFormatError(doc)) throw new Error(`README.md:${example.line}: not a notebook file: ${doc.message}`);
      const code = doc.cells.filter((c) => c.kind === "code").map((c) => ({ id: c.id, text: c.source }));
      // A cell's line in the README: where its source starts in the block.
      const offset = (id: string) => example.line + example.code.split("\n").findIndex((l) => l.startsWith(`// %% [code id=${id}`)) + 1;
      expect(check(code, code.map((c) => c.id), offset)).toEqual([]);
    }, 60_000);
  }
});

describe("how the test reads the README", () => {
  it("takes ts blocks with their words, and marked lines", () => {
    const found = examples("x\n```ts node\nconst a = 1\n```\n```js\nno\n```\n```typescript\nconst b: number = 'x' // type error: a string\n```\n");
    expect(found).toEqual([
      { line: 3, words: ["node"], code: "const a = 1" },
      { line: 9, words: [], code: "const b: number = 'x' // type error: a string" },
    ]);
    expect(markedLines(found[1]!.code)).toEqual([1]);
  });

  it("gives an example the givens it reads, and theirs, but not the names it declares", () => {
    expect(givensFor("const r = solvers.gsim({ trade: M, tariff0: T0 })").map((g) => g.id)).toEqual(["given-M", "given-T0"]);
    expect(givensFor("const model = 1; model").map((g) => g.id)).toEqual([]);
    expect(givensFor("cge.solve(model, policy)").map((g) => g.id)).toEqual(["given-samTable", "given-model", "given-policy"]);
  });

  it("reports an unmarked error and a marked line that checks", () => {
    const problems = check([{ id: "example", text: 'const a: number = "x"\nconst b = 1 // type error' }], ["example"], () => 10);
    expect(problems).toEqual(["README.md:10: Type 'string' is not assignable to type 'number'.", "README.md:11: marked as a type error, but checks"]);
  });
});
