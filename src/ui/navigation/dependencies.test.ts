import { describe, expect, it } from "vitest";
import { dependencyGraph, type SourceCell } from "./dependencies";

const code = (id: string, source: string): SourceCell => ({ id, kind: "code", source });

describe("dependencyGraph", () => {
  it("links each reader to the cell that declares what it reads, in document order", () => {
    const graph = dependencyGraph([
      code("rate", "const tariff: number = 0.25"),
      code("price", "const world = 100;\nconst price = world * (1 + tariff)"),
      code("table", "aq.table({p: [price, tariff]})"),
    ]);
    expect(graph.edges).toEqual([
      { definer: "rate", reader: "price", names: ["tariff"] },
      { definer: "rate", reader: "table", names: ["tariff"] },
      { definer: "price", reader: "table", names: ["price"] },
    ]);
    expect(graph.external.get("table")).toEqual(["aq"]);
    expect(graph.cells.map((c) => c.declares)).toEqual([["tariff"], ["world", "price"], []]);
  });

  it("follows a reader placed above its definer (cells run in dependency order, not page order)", () => {
    const graph = dependencyGraph([code("b", "const b = a + 1"), code("a", "const a = 1")]);
    expect(graph.edges).toEqual([{ definer: "a", reader: "b", names: ["a"] }]);
  });

  it("reads names interpolated into Markdown, and Markdown declares nothing", () => {
    const graph = dependencyGraph([code("t", "const tariff = 0.1"), { id: "m", kind: "markdown", source: "A ${tariff * 100}% tariff, `code` and ${Math.round(2.4)}" }]);
    expect(graph.edges).toEqual([{ definer: "t", reader: "m", names: ["tariff"] }]);
    expect(graph.cells[1]!.declares).toEqual([]);
    expect(graph.external.get("m")).toEqual(["Math"]);
  });

  it("names which declared value a cell's output shows", () => {
    const graph = dependencyGraph([code("one", "const x = [1, 2]"), code("two", "const a = 1, b = 2"), code("last", "const y = 3;\ny"), code("expr", "const z = 1;\nz + 1")]);
    expect(graph.cells.map((c) => c.shown)).toEqual(["x", null, "y", null]);
  });

  it("reports names declared twice, and edges to both definers", () => {
    const graph = dependencyGraph([code("a1", "const a = 1"), code("a2", "let a = 2"), code("r", "a * 2")]);
    expect(graph.duplicates.get("a")).toEqual(["a1", "a2"]);
    expect(graph.edges.map((e) => e.definer)).toEqual(["a1", "a2"]);
  });

  it("keeps a cell that does not parse, with where it fails, and no names", () => {
    const graph = dependencyGraph([code("bad", "const = 1"), code("ok", "const ok = bad")]);
    expect(graph.cells[0]!.syntax?.line).toBe(1);
    expect(graph.cells[0]!.declares).toEqual([]);
    expect(graph.external.get("ok")).toEqual(["bad"]);
  });
});
