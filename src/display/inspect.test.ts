import { describe, expect, test } from "vitest";
import { Inspector, MAX_ENTRIES } from "./inspect";
import type { InspectNode } from "./types";

type Container = Extract<InspectNode, { type: "container" }>;

describe("inspector", () => {
  const cases: [string, unknown, string][] = [
    ["a number", 42, "42"],
    ["negative zero", -0, "-0"],
    ["a string, quoted", "hi", '"hi"'],
    ["a bigint", 10n, "10n"],
    ["null", null, "null"],
    ["undefined", undefined, "undefined"],
    ["a date, as ISO", new Date(Date.UTC(2020, 0, 2)), "2020-01-02T00:00:00.000Z"],
    ["a named function", function tariff() {}, "ƒ tariff()"],
  ];
  test.each(cases)("shows %s as a primitive", (_, value, text) => {
    const node = new Inspector().describe(value);
    expect(node).toMatchObject({ type: "primitive", text });
  });

  test("lists the first level of an object and hands out refs for deeper containers", () => {
    const inspector = new Inspector();
    const node = inspector.describe({ a: 1, nested: { b: [1, 2] } }) as Container;
    expect(node.entries!.map((e) => e.key)).toEqual(["a", "nested"]);
    const nested = node.entries![1]!.value as Container;
    expect(nested.entries).toBeUndefined();
    expect(typeof nested.ref).toBe("number");
    const expanded = inspector.expand(nested.ref!) as Container;
    expect(expanded.entries!.map((e) => e.key)).toEqual(["b"]);
  });

  test(`cuts long arrays at ${MAX_ENTRIES} entries and counts the rest`, () => {
    const node = new Inspector().describe(Array.from({ length: 1_000_000 }, (_, i) => i)) as Container;
    expect(node.label).toBe("Array(1000000)");
    expect(node.entries).toHaveLength(MAX_ENTRIES);
    expect(node.more).toBe(1_000_000 - MAX_ENTRIES);
  });

  test("marks cycles instead of following them", () => {
    const o: Record<string, unknown> = { name: "root" };
    o.self = o;
    const node = new Inspector().describe(o) as Container;
    expect(node.entries![1]!.value).toEqual({ type: "circular", label: "[Circular Object]" });
  });

  test("cuts long strings", () => {
    const node = new Inspector().describe("x".repeat(100_000));
    expect(node.type === "primitive" && node.text.length).toBeLessThan(2100);
  });

  test("survives structured cloning", () => {
    const node = new Inspector().describe({ m: new Map([["k", 1]]), s: new Set([1]), e: new Error("boom") });
    expect(structuredClone(node)).toEqual(node);
  });

  test("a getter that throws shows the error, not a crash", () => {
    const node = new Inspector().describe({ get bad() { throw new TypeError("nope"); } }) as Container;
    expect(node.entries![0]!.value).toEqual({ type: "error", name: "TypeError", message: "nope" });
  });

  test("a forgotten ref expands to null", () => {
    expect(new Inspector().expand(99)).toBeNull();
  });
});

describe("text form of outputs", async () => {
  const { displayText } = await import("./text");
  test("an object reads as a one-line literal", () => {
    const node = new Inspector().describe({ a: 1, b: [1, 2], c: "x" });
    expect(displayText({ kind: "inspect", node })).toBe('{a: 1, b: Array(2), c: "x"}');
  });
  test("a widget reads as its label and value", () => {
    expect(displayText({ kind: "widget", widget: { type: "slider", label: "Tariff", min: 0, max: 1, step: 1, value: 1 } })).toBe("Tariff: 1");
  });
  test("html loses its tags", () => {
    expect(displayText({ kind: "html", html: "<p>Hello <b>you</b></p>" })).toBe("Hello you");
  });
});
