import { describe, expect, it } from "vitest";
import { buildGraph, type GraphNode } from "./graph";

/** A cell as `id: declared names <- referenced names`, e.g. "b: b <- a". */
function node(text: string): GraphNode {
  const [id, rest] = text.split(":").map((s) => s.trim());
  const [declares, references] = rest.split("<-").map((s) => s.trim().split(/\s+/).filter(Boolean));
  return { id, declares, references: references ?? [] };
}

const builtins = new Set(["aq"]);
const globals = new Set(["Math"]);

function graph(cells: string[]) {
  const nodes = cells.map(node);
  const g = buildGraph(nodes, (n) => builtins.has(n), (n) => globals.has(n));
  const ids = (list: number[]) => list.map((i) => nodes[i].id);
  return { g, nodes, order: ids(g.order), inputs: (id: string) => ids(g.inputs[nodes.findIndex((n) => n.id === id)]) };
}

// name, cells in document order, expected topological order
const orders: [string, string[], string[]][] = [
  ["independent cells keep document order", ["a: a", "b: b", "c: c"], ["a", "b", "c"]],
  ["a reader comes after the definer it reads, even when written above it", ["b: b <- a", "a: a"], ["a", "b"]],
  ["ties between ready cells go to document order", ["c: c <- a", "b: b", "a: a", "d: d <- b"], ["b", "a", "c", "d"]],
  ["a diamond runs each cell once, join last", ["d: d <- b c", "c: c <- a", "b: b <- a", "a: a"], ["a", "c", "b", "d"]],
  ["a multi-name cell feeds readers of each name", ["r: r <- x y", "m: x y"], ["m", "r"]],
];

describe("buildGraph", () => {
  it.each(orders)("%s", (_name, cells, order) => {
    expect(graph(cells).order).toEqual(order);
  });

  it("resolves a cell definition before a builtin or a global of the same name", () => {
    const { g } = graph(["m: Math", "r: r <- Math aq z"]);
    expect(g.bindings[1].map((b) => b.kind)).toEqual(["cell", "builtin", "missing"]);
  });

  it("binds builtins and globals without edges", () => {
    const { g, inputs } = graph(["r: r <- Math aq"]);
    expect(g.bindings[0].map((b) => b.kind)).toEqual(["global", "builtin"]);
    expect(inputs("r")).toEqual([]);
  });

  it("marks every definer of a name declared twice, and binds readers to the duplicate", () => {
    const { g } = graph(["a1: x", "a2: x", "r: r <- x", "u: u"]);
    expect(g.duplicates).toEqual(["x", "x", null, null]);
    expect(g.bindings[2][0]).toMatchObject({ kind: "duplicate", name: "x", definers: [0, 1] });
  });

  it.each([
    ["two cells reading each other", ["a: a <- b", "b: b <- a"], { a: ["a", "b", "a"], b: ["b", "a", "b"] }],
    ["a three-cell loop", ["a: a <- c", "b: b <- a", "c: c <- b"], { a: ["a", "c", "b", "a"], b: ["b", "a", "c", "b"], c: ["c", "b", "a", "c"] }],
  ])("gives each cell on %s a path back to itself", (_name, cells, paths) => {
    const { g, nodes } = graph(cells);
    nodes.forEach((n, i) => expect(g.cycles[i]).toEqual((paths as Record<string, string[]>)[n.id]));
  });

  it("keeps cells downstream of a cycle in the order, off the cycle", () => {
    const { g, order, inputs } = graph(["a: a <- b", "b: b <- a", "d: d <- a", "e: e"]);
    expect(g.cycles[2]).toBeNull();
    expect(order).toEqual(["a", "b", "d", "e"]);
    expect(inputs("d")).toEqual(["a"]);
  });

  it("orders a 10,000-cell chain without overflowing the stack", () => {
    const cells = Array.from({ length: 10000 }, (_, i) => (i === 0 ? "c0: c0" : `c${i}: c${i} <- c${i - 1}`)).reverse();
    const { order } = graph(cells);
    expect(order[0]).toBe("c0");
    expect(order[9999]).toBe("c9999");
  });
});
