import { describe, expect, it } from "vitest";
import { apply, DocumentError, emptyHistory, invert, makeCell, makeDoc, record, redo, tx, undo, type NotebookDoc, type Transaction } from "./document";

const doc = makeDoc([makeCell("a = 1", "code", { id: "a" }), makeCell("b = a", "code", { id: "b" }), makeCell("# hi", "markdown", { id: "m" })], { id: "nb", title: "T" });

describe("transactions", () => {
  const cases: [name: string, tr: (d: NotebookDoc) => Transaction, check: (d: NotebookDoc) => unknown, expected: unknown][] = [
    ["insert puts a cell at the index", (d) => tx.insert(d, 1, makeCell("x", "code", { id: "x" })), (d) => d.cells.map((c) => c.id), ["a", "x", "b", "m"]],
    ["delete removes the cell", (d) => tx.delete(d, "b"), (d) => d.cells.map((c) => c.id), ["a", "m"]],
    ["edit replaces the source", (d) => tx.edit(d, "a", "a = 2"), (d) => d.cells[0]!.source, "a = 2"],
    ["move reorders", (d) => tx.move(d, "m", 0), (d) => d.cells.map((c) => c.id), ["m", "a", "b"]],
    ["mode switches run mode", (d) => tx.mode(d, "b", "manual"), (d) => d.cells[1]!.mode, "manual"],
    ["kind switches kind", (d) => tx.kind(d, "m", "code"), (d) => d.cells[2]!.kind, "code"],
    ["output sets the saved output", (d) => tx.output(d, "a", "1"), (d) => d.cells[0]!.output, "1"],
    ["title renames", (d) => tx.title(d, "New"), (d) => d.title, "New"],
    ["hide hides a cell's code", (d) => tx.hide(d, "b", true), (d) => d.cells.map((c) => c.hideCode === true), [false, true, false]],
    ["hide(false) on a shown cell changes nothing", (d) => tx.hide(d, "a", false), (d) => "hideCode" in d.cells[0]!, false],
    ["view asks for the reader view", (d) => tx.view(d, "reader"), (d) => d.view, "reader"],
  ];
  it.each(cases)("%s, raises the revision by one, and its inverse restores the document", (_name, make, check, expected) => {
    const tr = make(doc);
    const next = apply(doc, tr);
    expect(check(next)).toEqual(expected);
    expect(next.revision).toBe(doc.revision + 1);
    const back = apply(next, invert(tr));
    expect({ ...back, revision: 0 }).toEqual(doc);
  });

  it("never modifies the document it is applied to", () => {
    const frozen = structuredClone(doc);
    apply(doc, tx.edit(doc, "a", "changed"));
    expect(doc).toEqual(frozen);
  });

  it("keeps unchanged cells identical, so per-cell caches stay valid", () => {
    const next = apply(doc, tx.edit(doc, "a", "changed"));
    expect(next.cells[1]).toBe(doc.cells[1]);
  });

  it("carries the file layout along untouched", () => {
    const withLayout: NotebookDoc = { ...doc, layout: { eol: "\r\n" } };
    expect(apply(withLayout, tx.title(withLayout, "x")).layout).toEqual({ eol: "\r\n" });
  });

  const bad: [name: string, tr: Transaction, message: RegExp][] = [
    ["an unknown cell", { changes: [{ type: "edit", id: "nope", from: "", to: "x" }] }, /no cell with id nope/],
    ["an insert out of range", { changes: [{ type: "insert", index: 9, cell: makeCell("x") }] }, /out of range/],
    ["a duplicate id", { changes: [{ type: "insert", index: 0, cell: makeCell("x", "code", { id: "a" }) }] }, /already exists/],
    ["a move out of range", { changes: [{ type: "move", from: 0, to: 7 }] }, /out of range/],
  ];
  it.each(bad)("a transaction with %s is refused", (_name, tr, message) => {
    expect(() => apply(doc, tr)).toThrow(DocumentError);
    expect(() => apply(doc, tr)).toThrow(message);
  });
});

describe("undo and redo", () => {
  it("typing in one cell within the grouping window undoes as one step", () => {
    let d = doc;
    let h = emptyHistory;
    for (const [text, at] of [["a = 1;", 0], ["a = 12", 100], ["a = 123", 200]] as const) {
      const tr = tx.edit(d, "a", text);
      d = apply(d, tr);
      h = record(h, tr, at);
    }
    expect(h.done).toHaveLength(1);
    const undone = undo(d, h)!;
    expect(undone.doc.cells[0]!.source).toBe("a = 1");
    const redone = redo(undone.doc, undone.history)!;
    expect(redone.doc.cells[0]!.source).toBe("a = 123");
  });

  it("edits further apart than the window are separate steps", () => {
    const t1 = tx.edit(doc, "a", "x");
    const d1 = apply(doc, t1);
    const t2 = tx.edit(d1, "a", "y");
    const h = record(record(emptyHistory, t1, 0), t2, 5000);
    expect(h.done).toHaveLength(2);
    expect(undo(apply(d1, t2), h)!.doc.cells[0]!.source).toBe("x");
  });

  it("a restore is undoable; remote and load transactions are not recorded", () => {
    const restore: Transaction = { ...tx.title(doc, "restored"), origin: "restore" };
    expect(record(emptyHistory, restore, 0).done).toHaveLength(1);
    expect(record(emptyHistory, { ...restore, origin: "remote" }, 0).done).toHaveLength(0);
    expect(record(emptyHistory, { ...restore, origin: "load" }, 0).done).toHaveLength(0);
  });

  it("nothing to undo or redo gives null", () => {
    expect(undo(doc, emptyHistory)).toBeNull();
    expect(redo(doc, emptyHistory)).toBeNull();
  });

  it("a new edit clears the redo stack", () => {
    const t1 = tx.edit(doc, "a", "x");
    const d1 = apply(doc, t1);
    const u = undo(d1, record(emptyHistory, t1, 0))!;
    const t2 = tx.edit(u.doc, "b", "z");
    expect(record(u.history, t2, 10_000).undone).toEqual([]);
  });
});

describe("hiding code and the reader view", () => {
  it("showing a hidden cell's code again leaves no flag behind", () => {
    const hidden = apply(doc, tx.hide(doc, "a", true));
    const shown = apply(hidden, tx.hide(hidden, "a", false));
    expect(Object.keys(shown.cells[0]!)).not.toContain("hideCode");
    expect(shown.cells[0]).toEqual(doc.cells[0]);
  });

  it("undo and redo cover hiding code and choosing the view", () => {
    let d = doc;
    let h = emptyHistory;
    for (const make of [(x: NotebookDoc) => tx.hide(x, "b", true), (x: NotebookDoc) => tx.view(x, "reader")]) {
      const tr = make(d);
      d = apply(d, tr);
      h = record(h, tr, 0);
    }
    expect([d.cells[1]!.hideCode, d.view]).toEqual([true, "reader"]);
    const once = undo(d, h)!;
    expect([once.doc.cells[1]!.hideCode, once.doc.view]).toEqual([true, undefined]);
    const twice = undo(once.doc, once.history)!;
    expect(twice.doc.cells[1]!.hideCode).toBeUndefined();
    const again = redo(twice.doc, twice.history)!;
    expect(again.doc.cells[1]!.hideCode).toBe(true);
  });
});
