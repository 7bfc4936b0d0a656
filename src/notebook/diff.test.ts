import { describe, expect, it } from "vitest";
import { diffTransaction } from "./diff";
import { apply, invert, makeCell, makeDoc, type Cell } from "./document";

const c = (id: string, source = id, extra: Partial<Cell> = {}): Cell => ({ ...makeCell(source, "code", { id }), ...extra });

describe("the transaction between two documents", () => {
  const cases: [name: string, from: Cell[], to: Cell[]][] = [
    ["identical", [c("a"), c("b")], [c("a"), c("b")]],
    ["an edit", [c("a"), c("b")], [c("a"), c("b", "changed")]],
    ["a deletion", [c("a"), c("b"), c("c")], [c("a"), c("c")]],
    ["an insertion", [c("a"), c("c")], [c("a"), c("b"), c("c")]],
    ["a reversal", [c("a"), c("b"), c("c")], [c("c"), c("b"), c("a")]],
    ["mode, kind and output changes", [c("a")], [c("a", "a", { mode: "manual", kind: "markdown", output: "1" })]],
    ["everything replaced", [c("a"), c("b")], [c("x"), c("y"), c("z")]],
    ["from empty", [], [c("a")]],
    ["to empty", [c("a"), c("b")], []],
    ["mixed", [c("a"), c("b"), c("c"), c("d")], [c("d", "d2"), c("e"), c("b"), c("a")]],
  ];
  it.each(cases)("%s: applying it gives the target, and its inverse gives the source back", (_name, fromCells, toCells) => {
    const from = makeDoc(fromCells, { id: "nb", title: "from" });
    const to = makeDoc(toCells, { id: "other", title: "to" });
    const tr = diffTransaction(from, to);
    const result = apply(from, tr);
    expect(result.cells).toEqual(to.cells);
    expect(result.title).toBe("to");
    expect(result.id).toBe("nb");
    expect(apply(result, invert(tr)).cells).toEqual(from.cells);
  });

  it("identical documents give an empty transaction", () => {
    const doc = makeDoc([c("a")]);
    expect(diffTransaction(doc, doc).changes).toEqual([]);
  });
});
