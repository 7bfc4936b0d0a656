import { describe, expect, it } from "vitest";
import { functionText } from "./functionText";
import { Inspector } from "./inspect";
import { textOutput } from "./text";

describe("functions display as their own name and parameters", () => {
  it.each([
    ["a named function", function foo(a: number, b: number) { return a + b; }, "ƒ foo(a, b)"],
    ["an async function", async function load(url: string) { return url; }, "ƒ load(url)"],
    ["a generator", function* count(from = 0) { yield from; }, "ƒ count(from = 0)"],
    ["an arrow with one bare parameter", ((x: number) => x) as unknown as Function, "ƒ (x)"],
    ["default values with parentheses and strings", new Function("a = (1 + 2)", 'b = ")"', "{ c } = { c: 1 }", "return a"), 'ƒ anonymous(a = (1 + 2),b = ")",{ c } = { c: 1 })'],
    ["a class", class Tariff { constructor(public rate: number) {} }, "class Tariff"],
    ["a built-in", Math.max, "ƒ max()"],
  ])("%s", (_name, fn, text) => {
    expect(functionText(fn as Function)).toBe(text);
  });

  it("an anonymous arrow has no name, not the kernel's hidden one", () => {
    expect(functionText((a: number, b: number) => a * b)).toBe("ƒ (a, b)");
  });

  it("the inspector and the saved text use it", () => {
    function tariff(rate: number) { return rate; }
    expect(new Inspector().describe(tariff)).toMatchObject({ type: "primitive", tone: "function", text: "ƒ tariff(rate)" });
    expect(textOutput([tariff])).toBe("[ƒ tariff(rate)]");
  });
});
