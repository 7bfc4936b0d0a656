import { describe, expect, test } from "vitest";
import { sameDisplay } from "./sameDisplay";

const number = (text: string) => ({ kind: "inspect", node: { type: "primitive", tone: "number", text } });

describe("same display", () => {
  test("equal descriptions are the same, through a structured clone", () => {
    const a = { kind: "inspect", node: { type: "object", ref: 1, entries: [{ key: "x", value: { type: "primitive", tone: "number", text: "1" } }] } };
    expect(sameDisplay(a, structuredClone(a))).toBe(true);
    expect(sameDisplay(number("NaN"), number("NaN"))).toBe(true);
    expect(sameDisplay({ v: NaN }, { v: NaN })).toBe(true);
  });

  test("any difference, however deep, makes them differ", () => {
    expect(sameDisplay(number("1"), number("2"))).toBe(false);
    expect(sameDisplay({ kind: "table", ref: 17 }, { kind: "table", ref: 18 })).toBe(false);
    expect(sameDisplay({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameDisplay([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameDisplay({ a: null }, { a: {} })).toBe(false);
  });

  test("bytes compare by content and type", () => {
    expect(sameDisplay({ ipc: new Uint8Array([1, 2, 3]) }, { ipc: new Uint8Array([1, 2, 3]) })).toBe(true);
    expect(sameDisplay({ ipc: new Uint8Array([1, 2, 3]) }, { ipc: new Uint8Array([1, 2, 4]) })).toBe(false);
    expect(sameDisplay(new Uint8Array([0, 0, 0, 0]), new Float32Array([0]))).toBe(false);
  });
});
