import { describe, expect, it } from "vitest";
import { declarationOffset, typeFromQuickInfo } from "./staticTypes";

describe("typeFromQuickInfo", () => {
  // quick info as TypeScript writes it, the name, the type the variable list shows
  const cases: [string, string, string | null][] = [
    ["const tariff: number", "tariff", "number"],
    ["let rows: {\n    a: number;\n}[]", "rows", "{ a: number; }[]"],
    ["function solve(x: number, y?: string): Promise<number>", "solve", "(x: number, y?: string) => Promise<number>"],
    ["class Model", "Model", "class"],
    ["(alias) const aq: typeof import(\"arquero\")", "aq", 'typeof import("arquero")'],
    [`const long: ${"A".repeat(80)}`, "long", `${"A".repeat(47)}…`],
    ["module foo", "foo", null],
  ];
  it.each(cases)("%s", (text, name, type) => {
    expect(typeFromQuickInfo(text, name)).toBe(type);
  });
});

describe("declarationOffset", () => {
  it("finds the name as a whole identifier, not a property or a longer name", () => {
    const source = "const o = x.hi + his;\nconst hi = 2";
    expect(declarationOffset(source, "hi")).toBe(source.indexOf("hi = 2"));
    expect(declarationOffset("const $a = 1", "$a")).toBe(6);
    expect(declarationOffset("nothing", "x")).toBe(-1);
  });
});
