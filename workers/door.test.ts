import { describe, expect, test } from "vitest";
import { DOOR_LIMITS, parseWorkerBatch } from "./door";

const known = new Set(["a", "b"]);
const knows = (id: string) => known.has(id);
const batch = (...events: unknown[]) => ({ caravan: "events", events });
const at = 1;

describe("the page's door for worker messages", () => {
  test("well-formed events pass, rebuilt from their known fields only", () => {
    const result = parseWorkerBatch(batch({ type: "status", cell: "a", status: "done", at, extra: "x" }, { type: "display", cell: "b", display: { kind: "html", html: "<b>1</b>", onclick: "x" }, text: "1", at }), knows);
    expect(result).toEqual({
      events: [
        { type: "status", cell: "a", status: "done", at },
        { type: "display", cell: "b", display: { kind: "html", html: "<b>1</b>" }, text: "1", at },
      ],
      dropped: 0,
    });
  });

  test("console lines pass as strings with their level and count, nothing else", () => {
    const event = { type: "console", cell: "a", reset: true, lines: [{ level: "warn", text: "careful", count: 3, html: "<b>" }], omitted: 7, at, extra: 1 };
    expect(parseWorkerBatch(batch(event), knows)?.events).toEqual([{ type: "console", cell: "a", reset: true, lines: [{ level: "warn", text: "careful", count: 3 }], omitted: 7, at }]);
  });

  test("Comlink's own replies are left to Comlink", () => {
    expect(parseWorkerBatch({ id: "7", type: "RAW", value: 1 }, knows)).toBeNull();
  });

  const bad: [string, unknown][] = [
    ["an event for a cell the page does not know", { type: "status", cell: "zzz", status: "done", at }],
    ["an unknown event type", { type: "eval", cell: "a", at }],
    ["an unknown status", { type: "status", cell: "a", status: "pwned", at }],
    ["an unknown display kind", { type: "display", cell: "a", display: { kind: "script", src: "x" }, at }],
    ["an oversized HTML output", { type: "display", cell: "a", display: { kind: "html", html: "x".repeat(DOOR_LIMITS.markup + 1) }, at }],
    ["a table that is not bytes", { type: "display", cell: "a", display: { kind: "table", table: { ipc: "AAAA", rows: 1 } }, at }],
    ["a progress outside [0, 1]", { type: "progress", cell: "a", fraction: 7, at }],
    ["an error naming an unknown cell as upstream", { type: "error", cell: "a", error: { kind: "upstream", message: "m", upstream: "zzz" }, at }],
    ["an error with a kind that is not a tag", { type: "error", cell: "a", error: { kind: "<img>", message: "m" }, at }],
    ["an inspector tree nested past the limit", { type: "display", cell: "a", display: { kind: "inspect", node: deep(DOOR_LIMITS.depth + 2) }, at }],
    ["a widget of an unknown type", { type: "display", cell: "a", display: { kind: "widget", widget: { type: "iframe", src: "x" } }, at }],
    ["console lines past the per-event cap", { type: "console", cell: "a", reset: false, lines: Array.from({ length: DOOR_LIMITS.consoleLines + 1 }, () => ({ level: "log", text: "x", count: 1 })), omitted: 0, at }],
    ["a console line longer than the limit", { type: "console", cell: "a", reset: false, lines: [{ level: "log", text: "x".repeat(DOOR_LIMITS.consoleText + 1), count: 1 }], omitted: 0, at }],
    ["a console line of an unknown level", { type: "console", cell: "a", reset: false, lines: [{ level: "<b>", text: "x", count: 1 }], omitted: 0, at }],
    ["a console line counted zero times", { type: "console", cell: "a", reset: false, lines: [{ level: "log", text: "x", count: 0 }], omitted: 0, at }],
    ["a negative count of omitted console lines", { type: "console", cell: "a", reset: false, lines: [], omitted: -1, at }],
    ["console lines for a cell the page does not know", { type: "console", cell: "zzz", reset: true, lines: [], omitted: 0, at }],
    ["a string where a record belongs", "status"],
    ["null", null],
  ];
  test.each(bad)("drops %s and counts it", (_, event) => {
    const result = parseWorkerBatch(batch(event, { type: "status", cell: "a", status: "done", at }), knows);
    expect(result?.dropped).toBe(1);
    expect(result?.events).toEqual([{ type: "status", cell: "a", status: "done", at }]);
  });

  test("a message that is not a batch is dropped whole", () => {
    expect(parseWorkerBatch({ caravan: "other", events: [] }, knows)).toEqual({ events: [], dropped: 1 });
    expect(parseWorkerBatch([1, 2], knows)).toEqual({ events: [], dropped: 1 });
    expect(parseWorkerBatch(batch(...Array.from({ length: DOOR_LIMITS.events + 1 }, () => ({ type: "status", cell: "a", status: "done", at }))), knows)?.events).toEqual([]);
  });

  test("keys like __proto__ in an event never reach a prototype", () => {
    const forged = JSON.parse('{"type":"error","cell":"a","at":1,"error":{"kind":"exception","message":"m","__proto__":{"polluted":true}},"__proto__":{"polluted":true}}');
    const result = parseWorkerBatch(batch(forged), knows)!;
    expect(result.events).toHaveLength(1);
    const event = result.events[0] as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(event.error)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((event.error as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("attachment requests need no known cell but a name of bounded length", () => {
    expect(parseWorkerBatch(batch({ type: "attachment", request: 3, name: "study/x.csv", at }), knows)?.events).toEqual([{ type: "attachment", request: 3, name: "study/x.csv", at }]);
    expect(parseWorkerBatch(batch({ type: "attachment", request: 3, name: "x".repeat(5000), at }), knows)?.dropped).toBe(1);
    expect(parseWorkerBatch(batch({ type: "attachment", request: 1.5, name: "x", at }), knows)?.dropped).toBe(1);
  });
});

function deep(levels: number): unknown {
  let node: unknown = { type: "primitive", tone: "number", text: "1" };
  for (let i = 0; i < levels; i++) node = { type: "container", shape: "array", label: "Array", size: 1, more: 0, entries: [{ key: "0", value: node }] };
  return node;
}
