import { describe, expect, it } from "vitest";
import { compile } from "./compile";
import { markdownToTemplate } from "./markdown";

function compiled(source: string, kind: "code" | "markdown" = "code") {
  const result = compile(source, kind);
  if (!result.ok) throw new Error(`unexpected syntax error: ${result.message}`);
  return result.cell;
}

describe("compile", () => {
  it("strips TypeScript types and keeps declared names and references", () => {
    const cell = compiled("type T = { a: number };\ninterface I { b: string }\nconst x: T = y as T;");
    expect(cell.declares).toEqual(["x"]);
    expect(cell.references).toEqual(["y"]);
    expect(cell.body({ a: 5 })).toEqual([undefined, { a: 5 }]);
  });

  it("returns the last expression as the display value, then the declared values", () => {
    const cell = compiled("const a = 2, b = a * k;\nb + 1");
    expect(cell.hasDisplay).toBe(true);
    expect(cell.body(10)).toEqual([21, 2, 20]);
  });

  it("makes a synchronous function without await and an async one with top-level await", () => {
    expect(compiled("const a = 1").async).toBe(false);
    const cell = compiled("const a = await Promise.resolve(3)");
    expect(cell.async).toBe(true);
    return expect(cell.body(Promise)).resolves.toEqual([undefined, 3]);
  });

  it.each([
    ["default import", "import aq from 'arquero'\naq", "arquero", "default"],
    ["namespace import", "import * as aq from 'arquero'\naq", "arquero", "*"],
    ["named import with rename", "import {table as t} from 'arquero'\nt", "arquero", "table"],
  ])("rewrites a %s to a registry lookup", (_name, source, module, imported) => {
    const cell = compiled(source);
    expect(cell.usesImport).toBe(true);
    const [display] = cell.body((s: string, i: string) => `${s}:${i}`) as unknown[];
    expect(display).toBe(`${module}:${imported}`);
  });

  it.each([
    ["a TypeScript syntax error", "const a = 1;\nconst x: = 3;", 2, 10],
    ["an unexpected token", "x = )", 1, 5],
    ["a duplicate declaration (found by the JavaScript parser)", "let q = 1\nlet q = 2", 2, 5],
  ])("reports %s at its line and column", (_name, source, line, column) => {
    expect(compile(source)).toMatchObject({ ok: false, line, column });
  });

  it.each([
    ["a plain line", "null.x", 1, 6],
    ["a line after a type annotation shortened by the transpiler", "const n: number = 1;\nconst s: string = (null as any).foo", 2, 33],
    ["an import rewritten above", "import * as aq from 'arquero'\nconst v = (null as any).y", 2, 25],
  ])("locates a runtime error in %s in the TypeScript source", (_name, source, line, column) => {
    const cell = compiled(source);
    let thrown: unknown;
    try {
      cell.body(() => ({}));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(cell.locate(thrown)).toEqual({ line, column });
  });

  it("compiles a markdown cell to its interpolated text", () => {
    const cell = compiled("# Tariff ${rate * 100}%\nUse `code` and \\n", "markdown");
    expect(cell.references).toEqual(["rate"]);
    expect((cell.body(0.25) as unknown[])[0]).toBe("# Tariff 25%\nUse `code` and \\n");
  });
});

describe("markdownToTemplate", () => {
  it("keeps interpolations whose expressions contain braces and strings", () => {
    const result = markdownToTemplate("a ${ {k: '}'}.k } b");
    expect(result).toEqual({ ok: true, source: "`a ${ {k: '}'}.k } b`" });
  });

  it("reports an unclosed interpolation at its position", () => {
    expect(markdownToTemplate("line\nvalue ${x")).toMatchObject({ ok: false, line: 2, column: 7 });
  });
});
