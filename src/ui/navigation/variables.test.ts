import { describe, expect, it } from "vitest";
import type { CellError, CellStatus } from "../../kernel/types";
import type { Display } from "../../display/types";
import { dependencyGraph } from "./dependencies";
import { describeDisplay, variableRows } from "./variables";

// what the worker sent, the type and summary the variable list shows
const cases: [string, Display, string, string][] = [
  ["a number", { kind: "inspect", node: { type: "primitive", tone: "number", text: "0.25" } }, "number", "0.25"],
  ["a long string is cut", { kind: "inspect", node: { type: "primitive", tone: "string", text: `"${"x".repeat(60)}"` } }, "string", `"${"x".repeat(38)}…`],
  ["a date", { kind: "inspect", node: { type: "primitive", tone: "date", text: "2024-01-01" } }, "Date", "2024-01-01"],
  ["an array", { kind: "inspect", node: { type: "container", shape: "array", label: "Array(12)", size: 12, more: 0 } }, "Array", "12 items"],
  ["a typed array", { kind: "inspect", node: { type: "container", shape: "array", label: "Float64Array(1)", size: 1, more: 0 } }, "Float64Array", "1 item"],
  ["a map", { kind: "inspect", node: { type: "container", shape: "map", label: "Map(3)", size: 3, more: 0 } }, "Map", "3 entries"],
  ["an object", { kind: "inspect", node: { type: "container", shape: "object", label: "Object", size: 2, more: 0 } }, "Object", "2 keys"],
  ["a table", { kind: "table", table: { ipc: new Uint8Array(), rows: 1200 } }, "Table", "1,200 rows"],
  ["a slider reads as its number", { kind: "widget", widget: { type: "slider", min: 0, max: 1, step: 0.05, value: 0.25 } }, "number", "slider: 0.25"],
  ["a select reads as its option", { kind: "widget", widget: { type: "select", options: ["EU", "EAEU"], value: 1 } }, "string", "select: EAEU"],
  ["undefined", { kind: "empty" }, "undefined", ""],
];

describe("describeDisplay", () => {
  it.each(cases)("%s", (_name, display, type, summary) => {
    expect(describeDisplay(display)).toEqual({ type, summary });
  });
});

describe("variableRows", () => {
  const graph = dependencyGraph([
    { id: "a", kind: "code", source: "const tariff = 0.25" },
    { id: "b", kind: "code", source: "const lo = 1, hi = 2" },
    { id: "c", kind: "code", source: "const broken = tariff.x.y" },
    { id: "d", kind: "code", source: "const later = 1" },
    { id: "e", kind: "code", source: "const solve = tariff * 2" },
  ]);
  const number = (text: string): Display => ({ kind: "inspect", node: { type: "primitive", tone: "number", text } });
  const error: CellError = { kind: "exception", cell: "c", message: "Cannot read properties of undefined (reading 'y')" };
  const outputs = new Map<string, Display | CellError>([["a", number("0.25")], ["b", { kind: "empty" }], ["c", error], ["e", number("0.5")]]);
  const statuses: Record<string, CellStatus> = { a: "done", b: "done", c: "error", d: "idle", e: "stale" };
  const rows = variableRows(graph, outputs, (id) => statuses[id]);

  it("lists every declared name with its defining cell, in document order", () => {
    expect(rows.map((r) => [r.name, r.cell, r.index])).toEqual([["tariff", "a", 0], ["lo", "b", 1], ["hi", "b", 1], ["broken", "c", 2], ["later", "d", 3], ["solve", "e", 4]]);
  });

  it("types a name from the display of the cell that shows it", () => {
    expect(rows[0]).toMatchObject({ type: "number", summary: "0.25" });
  });

  it("says why a value is unknown: not shown, an error, not run, or stale", () => {
    expect(rows[1]).toMatchObject({ type: "—", summary: "not shown by its cell" });
    expect(rows[3]).toMatchObject({ type: "error", summary: "Cannot read properties of undefined (re…" });
    expect(rows[4]).toMatchObject({ type: "—", summary: "not run" });
    expect(rows[5]).toMatchObject({ type: "number", summary: "0.5 (stale)" });
  });
});
