import { describe, expect, it } from "vitest";
import { harness, type CellTuple } from "./testing";
import { VIEW, isView, view } from "./view";

const lazy: CellTuple[] = [
  ["x", "const x = 1"],
  ["solve", "const solve = x * 100", { mode: "manual" }],
  ["report", "const report = solve + 1"],
  ["side", "const side = x + 1"],
];

function edited(cells: CellTuple[], id: string, source: string): CellTuple[] {
  return cells.map((c) => (c[0] === id ? ([id, source, c[2] ?? {}] as CellTuple) : c));
}

describe("Kernel manual cells", () => {
  it("does not run a new manual cell; it and its readers wait as idle", () => {
    const h = harness();
    h.set(lazy);
    expect([h.status("solve"), h.status("report"), h.kernel.runs("solve")]).toEqual(["idle", "idle", 0]);
    expect(h.kernel.value("side")).toBe(2);
  });

  it("runs a manual cell and its dependents on runCell", () => {
    const h = harness();
    h.set(lazy);
    h.kernel.runCell("solve");
    expect([h.kernel.value("solve"), h.kernel.value("report"), h.status("report")]).toEqual([100, 101, "done"]);
  });

  it("marks a manual cell and its dependents stale on upstream edits instead of running them", () => {
    const h = harness();
    h.set(lazy);
    h.kernel.runCell("solve");
    h.set(edited(lazy, "x", "const x = 2"));
    expect([h.status("solve"), h.status("report"), h.kernel.runs("solve"), h.kernel.runs("report")]).toEqual(["stale", "stale", 1, 1]);
    expect(h.kernel.value("side")).toBe(3);
    h.kernel.runCell("solve");
    expect([h.kernel.value("report"), h.status("report")]).toEqual([201, "done"]);
  });

  it("runs a stale manual cell when it is switched back to auto", () => {
    const h = harness();
    h.set(lazy);
    expect(h.kernel.runs("solve")).toBe(0);
    h.set(lazy.map(([id, source]) => [id, source] as CellTuple));
    expect([h.kernel.value("report"), h.status("solve")]).toEqual([101, "done"]);
  });

  it("a switch from auto to manual runs nothing", () => {
    const h = harness();
    const auto = lazy.map(([id, source]) => [id, source] as CellTuple);
    h.set(auto);
    h.set(auto.map(([id, source]) => [id, source, { mode: "manual" }] as CellTuple));
    expect(["x", "solve", "report", "side"].map((id) => h.kernel.runs(id))).toEqual([1, 1, 1, 1]);
  });
});

describe("Kernel interruption", () => {
  it("marks a cell interrupted, blocks its dependents, and runs it again when asked", () => {
    const h = harness();
    h.set([["a", "const a = 1"], ["b", "const b = a + 1"], ["c", "const c = b + 1"], ["d", "c * 2"]]);
    h.kernel.markInterrupted("b");
    expect(h.status("b")).toBe("interrupted");
    expect(h.error("b")).toMatchObject({ kind: "interrupted", cell: "b" });
    // Its readers, near and far, say it was stopped (it did not fail).
    expect(h.error("c")).toMatchObject({ kind: "upstream", upstream: "b", message: "b could not be computed because the cell defining `b` was stopped" });
    expect(h.error("d")).toMatchObject({ kind: "upstream", upstream: "b", message: "c could not be computed because the cell defining `b` was stopped" });
    h.set([["a", "const a = 5"], ["b", "const b = a + 1"], ["c", "const c = b + 1"]]);
    expect([h.status("b"), h.kernel.runs("b")]).toEqual(["interrupted", 1]);
    h.kernel.runCell("b");
    expect(h.kernel.value("c")).toBe(7);
  });

  it("does not run a cell interrupted before the notebook is loaded, until it is edited", () => {
    const h = harness();
    h.kernel.markInterrupted("loop");
    h.set([["loop", "const loop = 1"], ["next", "const next = loop + 1"]]);
    expect([h.status("loop"), h.kernel.runs("loop")]).toEqual(["interrupted", 0]);
    h.set([["loop", "const loop = 2"], ["next", "const next = loop + 1"]]);
    expect(h.kernel.value("next")).toBe(3);
  });

  it("never reports an interrupted cell queued: it goes from interrupted to interrupted, whatever runs beside it", () => {
    const h = harness();
    h.kernel.markInterrupted("loop");
    // (A cell that runs first makes a worker post what it has at once: a "queued" there reached the page.)
    h.set([["first", "const first = 1"], ["loop", "const loop = 1"], ["next", "const next = loop + first"]]);
    h.set([["first", "const first = 2"], ["loop", "const loop = 1"], ["next", "const next = loop + first"]]);
    h.kernel.markInterrupted("loop");
    const statuses = (id: string) => h.events.flatMap((e) => (e.type === "status" && e.cell === id ? [e.status] : []));
    expect(statuses("loop")).toEqual(["interrupted", "interrupted"]);
    // Its readers are queued and then blocked, as before.
    expect(statuses("next")).toEqual(["queued", "error", "queued", "error", "queued", "error"]);
  });
});

describe("Kernel views", () => {
  it("recognises views by the shared symbol", () => {
    expect(VIEW).toBe(Symbol.for("caravan.view"));
    expect([isView(view(1)), isView({ value: 1 }), isView(null)]).toEqual([true, false, false]);
  });

  it("gives readers the view's value while the cell displays the view", () => {
    const h = harness({ builtins: { slider: (v: number) => view(v, { kind: "slider" }) } });
    h.set([["s", "const tariff = slider(5)"], ["r", "const r = tariff * 2"]]);
    expect(isView(h.values("s")[0])).toBe(true);
    expect(h.kernel.value("r")).toBe(10);
    expect(h.kernel.value("tariff")).toBe(5);
  });

  it("re-runs only the readers when the view's value is set", () => {
    const h = harness({ builtins: { slider: (v: number) => view(v) } });
    h.set([["s", "const tariff = slider(5)"], ["r", "const r = tariff * 2"], ["u", "const u = 0"]]);
    h.kernel.setViewValue("s", 8);
    expect([h.kernel.value("r"), h.kernel.runs("s"), h.kernel.runs("r"), h.kernel.runs("u")]).toEqual([16, 1, 2, 1]);
  });

  it("ignores setViewValue on a cell that holds no view", () => {
    const h = harness();
    h.set([["s", "const plain = 5"], ["r", "const r = plain * 2"]]);
    h.kernel.setViewValue("s", 8);
    expect([h.kernel.value("r"), h.kernel.runs("r")]).toEqual([10, 1]);
  });
});
