import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { apply, emptyHistory, makeCell, makeDoc, record, tx, undo, type NotebookDoc } from "../notebook/document";
import { openStores } from "./db";
import { isStoreError } from "./errors";
import { listRevisions, readRevision, recordRevision, restoreTransaction } from "./history";

let n = 0;
const fresh = () => openStores(`history${n++}`);
const MIN = 60_000;
const base = makeDoc([makeCell("a = 1", "code", { id: "a" })], { id: "nb", title: "T" });
const edited = (doc: NotebookDoc, text: string) => apply(doc, tx.edit(doc, "a", text));

describe("revision history", () => {
  it("keeps at most one revision a minute and none for an unchanged document", async () => {
    const stores = fresh();
    expect(await recordRevision(stores, base, { now: 0 })).toBe(true);
    expect(await recordRevision(stores, edited(base, "a = 2"), { now: 30_000 })).toBe(false);
    expect(await recordRevision(stores, base, { now: 2 * MIN })).toBe(false);
    expect(await recordRevision(stores, edited(base, "a = 3"), { now: 3 * MIN })).toBe(true);
    const list = await listRevisions(stores, "nb");
    expect(isStoreError(list) ? list : list.map((r) => r.at)).toEqual([3 * MIN, 0]);
  });

  it("a labelled revision (a conflict copy) is always kept", async () => {
    const stores = fresh();
    await recordRevision(stores, base, { now: 0 });
    expect(await recordRevision(stores, base, { now: 1, label: "unsaved copy from a conflict" })).toBe(true);
    expect(await listRevisions(stores, "nb")).toMatchObject([{ at: 1, label: "unsaved copy from a conflict" }, { at: 0 }]);
  });

  it("old revisions are thinned as new ones are recorded", async () => {
    const stores = fresh();
    let doc = base;
    // Two days of a revision every 10 minutes.
    for (let t = 0; t <= 2 * 24 * 60 * MIN; t += 10 * MIN) {
      doc = edited(doc, `a = ${t}`);
      await recordRevision(stores, doc, { now: t });
    }
    const list = await listRevisions(stores, "nb");
    if (isStoreError(list)) throw new Error(list.message);
    expect(list.length).toBeLessThan(40);
    expect(list.length).toBeGreaterThan(24);
    expect(list[0]!.at).toBe(2 * 24 * 60 * MIN);
  });

  it("a revision can be read back and restored by an undoable transaction", async () => {
    const stores = fresh();
    const old = apply(base, tx.insert(base, 1, makeCell("# notes", "markdown", { id: "m" })));
    await recordRevision(stores, old, { now: 0 });
    const revision = await readRevision(stores, "nb", 0);
    if (isStoreError(revision)) throw new Error(revision.message);
    let current = edited(apply(old, tx.delete(old, "m")), "a = 42");
    current = apply(current, tx.insert(current, 0, makeCell("b", "code", { id: "b" })));
    const restore = restoreTransaction(current, revision);
    const restored = apply(current, restore);
    expect(restored.cells).toEqual(revision.cells);
    expect(restored.id).toBe("nb");
    const history = record(emptyHistory, restore, 0);
    expect(undo(restored, history)!.doc.cells).toEqual(current.cells);
  });

  it("reading a revision that does not exist is not-found", async () => {
    expect(await readRevision(fresh(), "nb", 5)).toMatchObject({ kind: "not-found" });
  });
});
