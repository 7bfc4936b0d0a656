import { beforeAll, describe, expect, it } from "vitest";
import { cachedTypeLibrary } from "./library";
import { NotebookService } from "./service";

let service: NotebookService;
beforeAll(() => {
  service = new NotebookService(cachedTypeLibrary(process.cwd()));
}, 120_000);

const messages = (cell: string) => (service.diagnostics()[cell] ?? []).map((d) => d.message);
const at = (text: string, marker: string) => text.indexOf(marker) + marker.length;

describe("checking cells against each other", () => {
  it("reports a wrong annotation where it is written", () => {
    service.update([{ id: "a", text: 'const wrong: number = "abc";' }]);
    const [d] = service.diagnostics().a!;
    expect(d).toMatchObject({ from: 6, to: 11, severity: "error", message: "Type 'string' is not assignable to type 'number'." });
  });

  it("types a name from the cell that declares it, widened as the cell may change", () => {
    service.update([{ id: "a", text: "const x = 1;" }, { id: "b", text: "x" }]);
    expect(service.hover("b", 0)?.text).toBe("const x: number");
  });

  it("gives readers a promise's resolved value, a widget's value, a generator's values", () => {
    service.update([
      { id: "a", text: "const p = Promise.resolve('s');\nconst w = slider({ min: 0, max: 10 });\nconst g = (function* () { yield true; })();" },
      { id: "b", text: "p; w; g;" },
    ]);
    expect(["p", "w", "g"].map((n) => service.hover("b", "p; w; g;".indexOf(n))?.text)).toEqual(["const p: string", "const w: number", "const g: boolean"]);
  });

  it("surfaces an upstream type error where the value is misused downstream", () => {
    service.update([{ id: "a", text: "const rate = '5';" }, { id: "b", text: "const doubled = rate.toFixed(2);" }]);
    expect(messages("b")).toEqual(["Property 'toFixed' does not exist on type 'string'. Did you mean 'fixed'?"]);
  });

  it("updates a reader's diagnostics when the declaration is renamed", () => {
    service.update([{ id: "a", text: "const total = 3;" }, { id: "b", text: "total * 2" }]);
    expect(messages("b")).toEqual([]);
    service.update([{ id: "a", text: "const sum = 3;" }, { id: "b", text: "total * 2" }]);
    expect(messages("b")).toEqual(["Cannot find name 'total'."]);
  });

  it("re-checks only the edited cell and, transitively, the cells that read its names", () => {
    const cells = [
      { id: "a", text: "const base = 1;" },
      { id: "b", text: "const twice = base * 2;" },
      { id: "c", text: "const again = twice + 1;" },
      { id: "d", text: "const apart = 5;" },
    ];
    service.update(cells);
    expect(Object.keys(service.diagnostics())).toEqual(["a", "b", "c", "d"]);
    service.update([{ id: "a", text: "const base = 2;" }, ...cells.slice(1)]);
    expect(Object.keys(service.diagnostics())).toEqual(["a", "b", "c"]);
    service.update([{ id: "a", text: "const base = 2;" }, ...cells.slice(1)]);
    expect(Object.keys(service.diagnostics())).toEqual([]);
  });

  it("does not count a word in a string as a reader, and checks the edited cell first", () => {
    const cells = [
      { id: "a", text: 'const note = "base rate";' },
      { id: "b", text: "const base = 1;" },
      { id: "c", text: "const twice = base * 2;" },
    ];
    service.update(cells);
    service.diagnostics();
    service.update([cells[0]!, { id: "b", text: "const base = 2;" }, cells[2]!]);
    expect(service.takeAffected()).toEqual(["b", "c"]);
    service.update([cells[0]!, { id: "b", text: "const base = 2;" }, { id: "c", text: "const twice = base * 3;" }]);
    service.update([{ id: "a", text: 'const note = "base";' }, { id: "b", text: "const base = 2;" }, { id: "c", text: "const twice = base * 3;" }]);
    expect(service.takeAffected()).toEqual(["a", "c"]);
  });

  it("never reports the export line it adds to each cell", () => {
    service.update([{ id: "a", text: "const a = (" }]);
    for (const d of service.diagnostics().a!) expect(d.to).toBeLessThanOrEqual("const a = (".length);
  });

  it("checks top-level await without complaint", () => {
    service.update([{ id: "a", text: "const t = await FileAttachment('x.csv').csv();\nt.numRows();" }]);
    expect(messages("a")).toEqual([]);
  });

  it("knows the worker's globals and no DOM", () => {
    service.update([{ id: "a", text: "setTimeout(() => {}, 1); new TextEncoder(); document.body;" }]);
    expect(messages("a")).toEqual(["Cannot find name 'document': cells run in a worker, which has no DOM."]);
  });
});

describe("completion, hover and signature help", () => {
  it("offers an upstream name with its type", () => {
    const text = "const y = tar";
    service.update([{ id: "a", text: "const tariff = 0.25;" }, { id: "b", text }]);
    const { from, entries } = service.completions("b", text.length);
    expect(from).toBe(text.length - 3);
    expect(entries.find((e) => e.name === "tariff")).toMatchObject({ kind: "const", detail: "const tariff: number" });
  });

  it("offers Arquero's functions after aq.", () => {
    const text = "aq.";
    service.update([{ id: "a", text }]);
    const names = service.completions("a", text.length).entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(["table", "from", "op", "fromCSV"]));
  });

  it("gives the first entries' details in the list within its time, and any entry's on request", () => {
    const text = "aq.";
    service.update([{ id: "a", text }]);
    const entries = service.completions("a", text.length, 400, 0).entries;
    expect(entries[0]!.detail).toBeDefined();
    expect(entries.slice(1).every((e) => e.detail === undefined)).toBe(true);
    const late = service.details("a", text.length, "fromCSV");
    expect(late?.detail).toContain("fromCSV(");
    expect(late?.documentation).toContain("CSV");
    expect(service.details("a", text.length, "noSuchName")).toBeNull();
  });

  it("offers a solver option with its documentation", () => {
    const text = "solvers.importPriceShocks([], { ntb";
    service.update([{ id: "a", text }]);
    const entry = service.completions("a", text.length).entries.find((e) => e.name === "ntbCut");
    expect(entry?.documentation).toContain("Proportional cut of the CU partners' NTB equivalent");
  });

  it("types solvers as cells get them: pooled solves are promises, sweep helpers are there", () => {
    service.update([{ id: "a", text: "const draws = solvers.randomDraws(3, {});\nconst p = solvers.cge.solve;\nsolvers.configure({ workers: 2 });" }, { id: "b", text: "p" }]);
    expect(messages("a")).toEqual([]);
    expect(service.hover("b", 0)?.text).toContain("Promise<");
  });

  it("types the pool's solvers as promises of the solvers' results, and its statistics", () => {
    const text = "const g = solvers.pool.gsim;\nconst busy: number = solvers.pool.stats().busy;\nsolvers.pool.size = 2;";
    service.update([{ id: "a", text }, { id: "b", text: "g" }]);
    expect(messages("a")).toEqual([]);
    expect(service.hover("b", 0)?.text).toMatch(/^const g: \(market: GsimMarket, .*\) => Promise<GsimResult>$/);
  });

  it("shows a builtin's documentation on hover", () => {
    service.update([{ id: "a", text: "solvers.pointElasticity(25, 24, 1, 1.02)" }]);
    const info = service.hover("a", "solvers.point".length);
    expect(info?.text).toContain("pointElasticity: (q0: number, q1: number, p0: number, p1: number) => number");
    expect(info?.documentation).toContain("Point elasticity");
  });

  it("shows a call's parameters and the one being typed", () => {
    const text = "solvers.pointElasticity(25, ";
    service.update([{ id: "a", text }]);
    expect(service.signature("a", text.length)).toMatchObject({ text: "pointElasticity(q0: number, q1: number, p0: number, p1: number): number", parameter: 1 });
  });

  it("types an Arquero table's rows as records of its columns (not `object`)", () => {
    const text = "const t = aq.table({ price: [1, 2] });\nconst first = t.objects()[0].price * 2;\nconst one = t.object(0).price;\nfor (const row of t) row.price;";
    service.update([{ id: "a", text }]);
    expect(messages("a")).toEqual([]);
    expect(service.hover("a", text.indexOf("objects"))?.text).toContain("Record<string, any>[]");
  });

  it("types random draws as numbers and summarises rows of any object type", () => {
    const text = [
      "const draws = solvers.randomDraws(10, { s: { dist: 'lognormal', median: 1, logSd: 0.4 } }, { seed: 1 });",
      "const scaled = draws.map((d) => 2 * d[`s`]);",
      "interface Row { sector: string; share: number }",
      "const rows: Row[] = [{ sector: 'a', share: 1 }];",
      "solvers.quantileSummary(rows, { by: ['sector'], values: ['share'] });",
    ].join("\n");
    service.update([{ id: "a", text }]);
    expect(messages("a")).toEqual([]);
  });
});
