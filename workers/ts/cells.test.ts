import { describe, expect, it } from "vitest";
import { BUILTINS, cellModule, notebookDeclarations, readCell, toCell, topNames } from "./cells";

describe("top-level names of a cell", () => {
  const cases: [string, string, string[]][] = [
    ["const and let", "const a = 1; let b = 2;", ["a", "b"]],
    ["destructuring, nested and with rest", "const { c, d: [e, , f], ...g } = obj;", ["c", "e", "f", "g"]],
    ["function and class", "function h() {}\nclass K {}", ["h", "K"]],
    ["import bindings", 'import * as A from "arquero"; import P, { q as r } from "x";', ["A", "P", "r"]],
    ["not names inside blocks or functions", "{ const inner = 1 }\nfunction f() { const local = 2 }", ["f"]],
    ["not names of expressions", "x + 1;\nawait y;", []],
    ["each name once", "var z = 1; var z = 2;", ["z"]],
  ];
  for (const [name, text, expected] of cases) it(name, () => expect(topNames(text).map((n) => n.name)).toEqual(expected));

  it("knows a type annotation keeps the declared type", () => {
    expect(topNames("const a: 1 | 2 = 1; const b = 1;").map((n) => n.annotated)).toEqual([true, false]);
  });

  it("shares interfaces and type aliases as types only, classes as both", () => {
    expect(topNames("interface I {}\ntype T = number;\nclass C {}").map((n) => [n.name, n.space])).toEqual([["I", "type"], ["T", "type"], ["C", "both"]]);
  });
});

describe("the names a cell mentions", () => {
  it("are its identifiers, in code and in template expressions, not words in strings or comments", () => {
    const { mentions } = readCell('const label = "agriculture"; // total\nconst s = `${price} of ${"sector"}`;\nf(x.y)');
    expect([...mentions].sort()).toEqual(["f", "label", "price", "s", "x", "y"]);
  });
});

describe("a cell's virtual module", () => {
  it("starts with the cell's text unchanged, so positions are the same", () => {
    const text = "const a = 1;\nconst b = a";
    const module = cellModule(text, topNames(text));
    expect(module.startsWith(text)).toBe(true);
    expect(module.slice(text.length)).toContain("export { a, b }");
  });

  it("ends an unterminated line comment before exporting", () => {
    const text = "const a = 1 // no newline";
    expect(cellModule(text, topNames(text)).split("\n").at(-2)).toBe(";export { a };");
  });
});

describe("mapping spans back to the cell", () => {
  it("keeps spans inside the text", () => expect(toCell({ from: 2, to: 5 }, 10)).toEqual({ from: 2, to: 5 }));
  it("cuts spans running into the export line", () => expect(toCell({ from: 8, to: 14 }, 10)).toEqual({ from: 8, to: 10 }));
  it("drops spans inside the export line", () => expect(toCell({ from: 12, to: 14 }, 10)).toBeNull());
  it("keeps an empty span at the very end (a missing token)", () => expect(toCell({ from: 10, to: 10 }, 10)).toEqual({ from: 10, to: 10 }));
});

describe("the notebook's declarations", () => {
  it("declares each cell's names from that cell's module, widened when unannotated", () => {
    const text = notebookDeclarations([topNames("const x = 1; const y: 2 = 2;")]);
    expect(text).toContain('declare const x: Caravan.Widen<Caravan.Value<typeof import("/cells/c0").x>>;');
    expect(text).toContain('declare const y: Caravan.Value<typeof import("/cells/c0").y>;');
  });

  it("declares a name defined twice once, from the first definer", () => {
    const text = notebookDeclarations([topNames("const x = 1;"), topNames("const x = 2;")]);
    expect(text.match(/declare const x:/g)).toHaveLength(1);
    expect(text).toContain('import("/cells/c0").x');
  });

  it("leaves out a builtin a cell defines itself", () => {
    expect(notebookDeclarations([])).toContain(BUILTINS.text);
    expect(notebookDeclarations([topNames("const text = 'mine';")])).not.toContain(BUILTINS.text);
  });
});
