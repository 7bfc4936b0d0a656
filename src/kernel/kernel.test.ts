import { describe, expect, it } from "vitest";
import { harness, type CellTuple } from "./testing";

/** Ids of the cells whose body ran, in the order they started. */
function ran(events: ReturnType<typeof harness>["events"]): string[] {
  return events.flatMap((e) => (e.type === "status" && e.status === "running" ? [e.cell] : []));
}

const diamond: CellTuple[] = [
  ["d", "const d = b + c"],
  ["c", "const c = a * 10"],
  ["b", "const b = a + 1"],
  ["a", "const a = 1"],
  ["u", "const u = 'unrelated'"],
];

describe("Kernel reactivity", () => {
  it("computes a notebook in topological order with ties broken by document order", () => {
    const h = harness();
    h.set(diamond);
    // Ready cells are taken lowest document index first: d (index 0) is ready before u (index 4).
    expect(ran(h.events)).toEqual(["a", "c", "b", "d", "u"]);
    expect(h.kernel.value("d")).toBe(12);
  });

  // name, edit applied to the diamond, cells expected to run (in order), value of d afterwards
  const edits: [string, CellTuple[], string[], unknown][] = [
    ["editing the root re-runs it and every dependent once", [["a", "const a = 2"]], ["a", "c", "b", "d"], 23],
    ["editing a middle cell re-runs only it and below", [["b", "const b = a + 100"]], ["b", "d"], 111],
    ["editing a leaf re-runs only the leaf", [["d", "const d = b * c"]], ["d"], 20],
    ["editing an unrelated cell runs nothing else", [["u", "const u = 'other'"]], ["u"], 12],
    ["re-sending identical sources runs nothing", [], [], 12],
  ];
  it.each(edits)("%s", (_name, changes, expected, d) => {
    const h = harness();
    h.set(diamond);
    h.clear();
    h.set(diamond.map(([id, source]) => changes.find((c) => c[0] === id) ?? [id, source]));
    expect(ran(h.events)).toEqual(expected);
    expect(h.kernel.value("d")).toBe(d);
  });

  it("counts runs: each affected cell runs exactly once per edit", () => {
    const h = harness();
    h.set(diamond);
    h.set(diamond.map(([id, s]) => (id === "a" ? [id, "const a = 5"] : [id, s])));
    expect(["a", "b", "c", "d", "u"].map((id) => h.kernel.runs(id))).toEqual([2, 2, 2, 2, 1]);
  });

  it("runs an added cell, and cells that read names it now defines", () => {
    const h = harness();
    h.set([["r", "const r = later * 2"]]);
    expect(h.error("r")).toMatchObject({ kind: "undefined", name: "later", message: "later is not defined" });
    h.clear();
    h.set([["r", "const r = later * 2"], ["l", "const later = 21"]]);
    expect(ran(h.events)).toEqual(["l", "r"]);
    expect(h.kernel.value("r")).toBe(42);
    expect(h.status("r")).toBe("done");
  });

  it("disposes a deleted cell and re-evaluates its readers", () => {
    const h = harness();
    h.set([["x", "const x = 1"], ["y", "const y = x + 1"], ["z", "const z = 3"]]);
    h.clear();
    h.set([["y", "const y = x + 1"], ["z", "const z = 3"]]);
    expect(ran(h.events)).toEqual([]);
    expect(h.error("y")).toMatchObject({ kind: "undefined", message: "x is not defined" });
    expect(h.kernel.runs("z")).toBe(1);
  });

  it("ignores a repeated cell id: the first occurrence wins", () => {
    const h = harness();
    h.set([["a", "const a = 1"], ["a", "const a = 2"]]);
    expect([h.kernel.value("a"), h.kernel.runs("a")]).toEqual([1, 1]);
  });

  it("reordering cells runs nothing", () => {
    const h = harness();
    h.set(diamond);
    h.clear();
    h.set([...diamond].reverse());
    expect(ran(h.events)).toEqual([]);
  });

  it("a cell that defines a global's name shadows it for readers", () => {
    const h = harness();
    h.set([["r", "const r = Math.max(1, 2)"]]);
    expect(h.kernel.value("r")).toBe(2);
    h.set([["r", "const r = Math.max(1, 2)"], ["m", "const Math = { max: () => 'mine' }"]]);
    expect(h.kernel.value("r")).toBe("mine");
    expect(h.kernel.runs("r")).toBe(2);
  });

  it("gives builtins to cells without import, and a cell definition shadows a builtin", () => {
    const h = harness({ builtins: { rate: 0.1 } });
    h.set([["t", "const t = 200 * rate"]]);
    expect(h.kernel.value("t")).toBe(20);
    h.set([["t", "const t = 200 * rate"], ["r", "const rate = 0.5"]]);
    expect(h.kernel.value("t")).toBe(100);
  });

  it("declares several names in one cell, destructuring included", () => {
    const h = harness();
    h.set([
      ["m", "const {p, q: [r]} = {p: 1, q: [2]}; function f(v: number) { return v * 3 } class K { k = 4 }"],
      ["use", "p + r + f(1) + new K().k"],
    ]);
    expect(h.values("use")).toEqual([10]);
  });

  it.each([
    ["the last expression", "const a = 1\na + 1", 2],
    ["the only declared name", "const only = 7", 7],
    ["nothing when several names are declared", "const a = 1, b = 2", undefined],
  ])("displays %s", (_name, source, display) => {
    const h = harness();
    h.set([["c", source]]);
    expect(h.values("c")).toEqual([display]);
  });

  it("emits queued, running, then value and done for a cell, each with a timestamp", () => {
    const h = harness();
    h.set([["a", "const a = 1"]]);
    expect(h.events.map((e) => (e.type === "status" ? e.status : e.type))).toEqual(["queued", "running", "value", "done"]);
    expect(h.events.every((e) => typeof e.at === "number" && e.at > 0)).toBe(true);
    expect(h.events[2]).toMatchObject({ type: "value", cell: "a", value: 1, names: ["a"] });
  });

  it("runs a chain of synchronous cells synchronously, inside setCells", () => {
    const h = harness();
    h.set([["a", "const a = 1"], ["b", "const b = a + 1"], ["c", "const c = b + 1"]]);
    expect(h.kernel.value("c")).toBe(3);
  });

  it("imports from the module registry: default, namespace and named", async () => {
    const arquero = { table: (t: object) => ({ t }), op: { sum: "sum" } };
    const h = harness({ modules: { arquero } });
    h.set([
      ["i", "import * as aq from 'arquero'\nimport q from 'arquero'\nimport {op} from 'arquero'"],
      ["r", "aq === q && op.sum"],
      ["bad", "import x from 'missing'"],
    ]);
    expect(h.values("r")).toEqual(["sum"]);
    expect(h.error("bad")).toMatchObject({ kind: "exception", message: 'cannot find module "missing"', line: 1 });
  });

  it("renders a markdown cell with interpolated values, again when they change", () => {
    const h = harness();
    h.set([["md", "# Rate: ${rate * 100}%", { kind: "markdown" }], ["r", "const rate = 0.25"]]);
    h.set([["md", "# Rate: ${rate * 100}%", { kind: "markdown" }], ["r", "const rate = 0.5"]]);
    const markdown = h.events.flatMap((e) => (e.type === "markdown" ? [e.markdown] : []));
    expect(markdown).toEqual(["# Rate: 25%", "# Rate: 50%"]);
  });

  it("reports progress events from the per-cell progress builtin", () => {
    const h = harness();
    h.set([["p", "progress(0.5, 'half'); progress(1)"]]);
    const progress = h.events.filter((e) => e.type === "progress");
    expect(progress).toMatchObject([{ cell: "p", fraction: 0.5, label: "half" }, { cell: "p", fraction: 1 }]);
  });
});
