import { describe, expect, test } from "vitest";
import * as aq from "arquero";
import { compile, type CompiledCell } from "../src/kernel/compile";
import { Kernel } from "../src/kernel/index";
import { QUICK_SAVE_MAX_BYTES, restoredCell, saveError, saveValues } from "./saved";

function compiled(source: string): CompiledCell {
  const result = compile(source);
  if (!result.ok) throw new Error(result.message);
  return result.cell;
}

/** What crosses to the host and back: a structured clone. */
const roundTrip = <T>(value: T): T => structuredClone(value);

describe("saved cell values", () => {
  test("plain data and Arquero tables come back equal, without running the cell", () => {
    const table = aq.table({ year: [2014, 2015], index: [1, 1.0038] });
    const values = [{ sweep: [1, 2, 3], when: new Date(0), by: new Map([["a", 1]]) }, table];
    const record = roundTrip(saveValues("c", "src", values[0], values)!);
    const cell = compiled("const result = 1; const t = 2; result");
    let ran = false;
    const restored = restoredCell(record, { ...cell, body: () => ((ran = true), []) })!;
    const out = restored.body() as unknown[];
    expect(ran).toBe(false);
    expect(out[1]).toEqual(values[0]);
    expect((out[2] as aq.ColumnTable).objects()).toEqual(table.objects());
  });

  test("a table keeps its column order (numeric names too), its filter and order, dates, nulls and nested values", () => {
    const table = aq
      .table({ "10": [3, 1, 2], "2": ["c", "a", "b"], when: [new Date(2), null, new Date(1)], meta: [{ k: [1] }, { k: [2] }, { k: [3] }] })
      .select("when", "10", "meta", "2")
      .filter((d: { "10": number }) => d["10"] > 1)
      .orderby("10");
    const record = roundTrip(saveValues("c", "src", null, [table])!);
    const cell = compiled("const t = 2;");
    const out = restoredCell(record, { ...cell, body: () => [] })!.body() as unknown[];
    const back = out[1] as aq.ColumnTable;
    expect(back.columnNames()).toEqual(["when", "10", "meta", "2"]);
    expect(back.objects()).toEqual(table.objects());
    expect(back.numRows()).toBe(2);
  });

  test("values that would lose their meaning are not saved", () => {
    class Model {
      solve() {
        return 1;
      }
    }
    expect(saveValues("c", "s", 1, [new Model()])).toBeNull();
    expect(saveValues("c", "s", 1, [() => 1])).toBeNull();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(saveValues("c", "s", 1, [cyclic])).toBeNull();
    expect(saveValues("c", "s", 1, [{ [Symbol.for("caravan.view")]: true, value: 1 }])).toBeNull();
  });

  test("a saved error is thrown again, located where it was", () => {
    const record = roundTrip(saveError("c", "s", new Error("did not converge"), { line: 3, column: 7 })!);
    const restored = restoredCell(record, compiled("throw new Error('x')"))!;
    let thrown: unknown;
    try {
      restored.body();
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toBe("did not converge");
    expect(restored.locate(thrown)).toEqual({ line: 3, column: 7 });
  });

  test("kept values answer while the inputs stay the same: when an input changes, the restored cell runs its own code", async () => {
    let runs = 0;
    const source = "const slow = up + count()";
    // What the worker does after Stop: the host's record is offered once, for the source it ran.
    let offered: ReturnType<typeof saveValues> = roundTrip(saveValues("slow", source, undefined, [100])!);
    const kernel = new Kernel({
      builtins: { count: () => ++runs },
      restore: (cell, text, compiledCell) => {
        if (cell !== "slow") return null;
        const record = offered?.source === text ? offered : null;
        offered = null;
        return record ? restoredCell(record, compiledCell) : null;
      },
    });
    kernel.setCells([
      { id: "up", kind: "code", source: "const up = 1" },
      { id: "slow", kind: "code", source },
      { id: "reader", kind: "code", source: "const reader = slow * 2" },
    ]);
    await kernel.idle();
    expect([kernel.value("slow"), kernel.value("reader"), runs]).toEqual([100, 200, 0]);
    // Run again with the same inputs (a widget restored to its value does this): still kept.
    kernel.runCell("slow");
    await kernel.idle();
    expect([kernel.value("slow"), runs]).toEqual([100, 0]);
    kernel.setCells([
      { id: "up", kind: "code", source: "const up = 50" },
      { id: "slow", kind: "code", source },
      { id: "reader", kind: "code", source: "const reader = slow * 2" },
    ]);
    await kernel.idle();
    expect([kernel.value("slow"), kernel.value("reader"), runs]).toEqual([51, 102, 1]);
  });

  test("a restored async cell runs its own (async) code on its next run", async () => {
    const cell = compiled("const v = await 7");
    const restored = restoredCell(roundTrip(saveValues("c", "s", undefined, [3])!), cell)!;
    expect(restored.async).toBe(false);
    expect(restored.body()).toEqual([undefined, 3]);
    expect(restored.body()).toEqual([undefined, 3]);
    expect(restored.async).toBe(false);
    // An input changed (a reference with a new value): the cell's own async code runs.
    expect(await restored.body("new input")).toEqual([undefined, 7]);
    expect(restored.async).toBe(true);
  });

  test("a cell whose declarations changed shape is not restored", () => {
    const record = saveValues("c", "s", 1, [1, 2])!;
    expect(restoredCell(record, compiled("const a = 1"))).toBeNull();
  });

  test("a quick cell's values are kept only when small: a big table is sized, not encoded", () => {
    const small = aq.table({ sector: ["agriculture", "mining"], share: [0.2, 0.8] });
    expect(saveValues("c", "s", small, [small], QUICK_SAVE_MAX_BYTES)).not.toBeNull();
    const big = aq.table({ v: Float64Array.from({ length: 200_000 }, (_, i) => i) });
    expect(saveValues("c", "s", big, [big], QUICK_SAVE_MAX_BYTES)).toBeNull();
    expect(saveValues("c", "s", big, [big])).not.toBeNull();
    expect(saveValues("c", "s", 1, ["x".repeat(QUICK_SAVE_MAX_BYTES)], QUICK_SAVE_MAX_BYTES)).toBeNull();
  });
});
