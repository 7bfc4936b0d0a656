import { describe, expect, it } from "vitest";
import { apply, makeCell, makeDoc, tx, type NotebookDoc } from "../notebook/document";
import { mergeByCell } from "./merge";

const base = () => makeDoc(["a", "b", "c"].map((id) => makeCell(id, "code", { id })), { id: "nb", title: "Base" });
const edit = (d: NotebookDoc, id: string, text: string) => apply(d, tx.edit(d, id, text));
const view = (d: NotebookDoc) => d.cells.map((c) => `${c.id}:${c.source}`);

describe("Keep mine merges by cell", () => {
  it("keeps the other tab's edits to cells this tab did not change", () => {
    const b = base();
    const { doc, overlapping } = mergeByCell(b, edit(b, "a", "mine"), edit(b, "c", "theirs"));
    expect(view(doc)).toEqual(["a:mine", "b:b", "c:theirs"]);
    expect(overlapping).toEqual([]);
  });

  it("where both tabs edited the same cell, mine wins and the cell is reported", () => {
    const b = base();
    const { doc, overlapping } = mergeByCell(b, edit(b, "b", "mine"), edit(b, "b", "theirs"));
    expect(view(doc)).toEqual(["a:a", "b:mine", "c:c"]);
    expect(overlapping).toEqual(["b"]);
  });

  it("cells inserted by either side are kept in place; a cell deleted by one side stays deleted", () => {
    const b = base();
    const mine = apply(b, tx.insert(b, 1, makeCell("new mine", "code", { id: "m" })));
    const theirs0 = apply(b, tx.insert(b, 3, makeCell("new theirs", "code", { id: "t" })));
    const theirs = apply(theirs0, tx.delete(theirs0, "a"));
    expect(view(mergeByCell(b, mine, theirs).doc)).toEqual(["m:new mine", "b:b", "c:c", "t:new theirs"]);
  });

  it("a cell this tab edited survives the other tab deleting it", () => {
    const b = base();
    expect(view(mergeByCell(b, edit(b, "a", "kept"), apply(b, tx.delete(b, "a"))).doc)).toEqual(["a:kept", "b:b", "c:c"]);
  });

  it("the other tab's reordering and title are kept when this tab changed neither", () => {
    const b = base();
    const theirs = apply(apply(b, tx.move(b, "c", 0)), tx.title(b, "Theirs"));
    const { doc } = mergeByCell(b, edit(b, "a", "mine"), theirs);
    expect(view(doc)).toEqual(["c:c", "a:mine", "b:b"]);
    expect(doc.title).toBe("Theirs");
  });
});
