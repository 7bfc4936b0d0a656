import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_NOTEBOOK } from "../notebook/defaultName";
import { isFormatError, parse } from "../notebook/format";
import { compile, type CompiledCell } from "./compile";
import { markdownToTemplate } from "./markdown";
import { precompileCells, usePrecompiled } from "./precompiled";

const compiled = (source: string, kind: "code" | "markdown" = "code"): CompiledCell => {
  const result = compile(source, kind);
  if (!result.ok) throw new Error(result.message);
  return result.cell;
};
const facts = (c: CompiledCell) => ({ declares: c.declares, references: c.references, assigns: c.assigns, usesImport: c.usesImport, async: c.async, hasDisplay: c.hasDisplay, body: String(c.body).replace(/caravan-cell-\d+\.js/, "") });

afterEach(() => usePrecompiled("{}"));

describe("cells compiled at build time", () => {
  it("compile every cell of the default notebook exactly as compiling them in the worker does", () => {
    const doc = parse(readFileSync(new URL(`../../notebooks/${DEFAULT_NOTEBOOK}`, import.meta.url), "utf8"));
    if (isFormatError(doc)) throw new Error(doc.message);
    const cells = doc.cells.map((c) => ({ kind: c.kind, source: c.source }));
    const plain = cells.map((c) => facts(compiled(c.source, c.kind)));
    const typescripts = cells.map((c) => (c.kind === "markdown" ? (markdownToTemplate(c.source) as { source: string }).source : c.source));
    const table = JSON.parse(precompileCells(typescripts)) as Record<string, unknown>;
    expect(Object.keys(table).length).toBe(new Set(typescripts).size);
    usePrecompiled(JSON.stringify(table));
    expect(cells.map((c) => facts(compiled(c.source, c.kind)))).toEqual(plain);
  });

  it("are used only for the very text they were made from", () => {
    // An entry made from "x + 2" filed under "x + 1": compiling "x + 1" must take it, anything else must not.
    const entry = (JSON.parse(precompileCells(["x + 2"])) as Record<string, unknown>)["x + 2"];
    usePrecompiled(JSON.stringify({ "x + 1": entry }));
    expect(compiled("x + 1").body(1)).toEqual([3]);
    expect(compiled("x + 1 ").body(1)).toEqual([2]);
    expect(compiled("x+1").body(1)).toEqual([2]);
  });

  it("still place a runtime error in the TypeScript (the source map is made again when needed)", () => {
    const source = "const n: number = 1;\nconst s: string = (null as any).foo";
    usePrecompiled(precompileCells([source]));
    const cell = compiled(source);
    let thrown: unknown;
    try {
      cell.body();
    } catch (error) {
      thrown = error;
    }
    expect(cell.locate(thrown)).toEqual({ line: 2, column: 33 });
  });

  it("leave out a cell that does not compile, which then reports its error as usual", () => {
    const bad = "const a = 1;\nconst x: = 3;";
    expect(JSON.parse(precompileCells([bad, "1"]))).not.toHaveProperty([bad]);
    usePrecompiled(precompileCells([bad]));
    expect(compile(bad)).toMatchObject({ ok: false, line: 2, column: 10 });
  });

  it("give each compile its own analysis, so a change to one does not reach the next", () => {
    usePrecompiled(precompileCells(["const a = 1, b = 2"]));
    const first = compiled("const a = 1, b = 2");
    first.declares.push("c");
    expect(compiled("const a = 1, b = 2").declares).toEqual(["a", "b"]);
  });
});
