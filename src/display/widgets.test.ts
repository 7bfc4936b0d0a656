import { describe, expect, test } from "vitest";
import { table as aqTable } from "arquero";
import { isView } from "../kernel/view";
import { button, checkbox, number, select, slider, table, text, widgetSpec, widgetValue } from "./widgets";
import { describe as describeValue } from "./describe";
import { Inspector } from "./inspect";

describe("widgets", () => {
  test("every widget is a kernel view whose value readers see", () => {
    for (const w of [slider(), number(), select(["a"]), checkbox(), text(), button(), table([{ a: 1 }])]) expect(isView(w)).toBe(true);
  });

  test("a slider clamps inputs to its range and reports its spec", () => {
    const s = slider({ min: 0, max: 10, step: 0.5, value: 2, label: "t" });
    expect(widgetSpec(s)).toEqual({ type: "slider", label: "t", min: 0, max: 10, step: 0.5, value: 2 });
    expect(widgetValue(s, { type: "slider", value: 99 })).toBe(10);
  });

  test("bad options are named in the error", () => {
    expect(() => slider({ min: Number.NaN })).toThrow("invalid min: NaN");
    expect(() => slider({ min: 5, max: 1 })).toThrow("invalid max: 1 (below min 5)");
    expect(() => select("abc" as never)).toThrow("invalid choices: abc");
  });

  test("a select maps the chosen index back to the choice itself", () => {
    const choices = [{ id: 1 }, { id: 2 }];
    const s = select(choices);
    expect(widgetSpec(s)).toMatchObject({ options: ["[object Object]", "[object Object]"], value: 0 });
    expect(widgetValue(s, { type: "select", index: 1 })).toBe(choices[1]);
  });

  test("a button counts clicks", () => {
    const b = button("Go");
    widgetValue(b, { type: "button" });
    expect(widgetValue(b, { type: "button" })).toBe(2);
  });

  test("a table widget's value is the selected rows, as objects", () => {
    const t = table(aqTable({ k: ["a", "b", "c"] }));
    expect(widgetValue(t, { type: "table", rows: [2, 0, 7] })).toEqual([{ k: "c" }, { k: "a" }]);
    const single = table([{ k: "a" }, { k: "b" }], { multiple: false });
    expect(widgetValue(single, { type: "table", rows: [1, 0] })).toEqual([{ k: "b" }]);
  });

  test("a widget is displayed as a widget descriptor that survives cloning", () => {
    const display = describeValue(slider({ value: 3 }), new Inspector());
    expect(display.kind).toBe("widget");
    expect(structuredClone(display)).toEqual(display);
  });

  test("an Arquero table is displayed as Arrow IPC bytes", () => {
    const display = describeValue(aqTable({ x: [1, 2, 3] }), new Inspector());
    expect(display.kind === "table" && display.table.rows).toBe(3);
    expect(display.kind === "table" && display.table.ipc).toBeInstanceOf(Uint8Array);
  });
});
