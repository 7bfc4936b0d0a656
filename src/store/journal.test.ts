import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { apply, makeCell, makeDoc, tx, type NotebookDoc } from "../notebook/document";
import { openStores } from "./db";
import { isStoreError } from "./errors";
import { listRevisions, readRevision } from "./history";
import { applyJournal, journalDelta, readJournals, writeJournal } from "./journal";
import { createNotebook } from "./library";
import { readNotebook, writeNotebook } from "./notebooks";
import { openSession } from "./session";
import { memoryStorage } from "./memoryStorage";

const doc3 = () => makeDoc([makeCell("a", "code", { id: "a" }), makeCell("b", "code", { id: "b" }), makeCell("c", "code", { id: "c" })], { id: "nb", title: "T" });
const edit = (d: NotebookDoc, id: string, text: string) => apply(d, tx.edit(d, id, text));

describe("the safety copy holds only what changed", () => {
  it("an edit records just that cell, not the order or the rest of the notebook", () => {
    const base = doc3();
    const delta = journalDelta(base, edit(base, "b", "B"));
    expect(delta).toEqual({ cells: [{ id: "b", kind: "code", source: "B", mode: "auto" }] });
  });

  it("a deleted cell is absent from the recorded order, and stays deleted when applied", () => {
    const base = doc3();
    const after = apply(base, tx.delete(base, "b"));
    const storage = memoryStorage();
    expect(writeJournal(storage, "nb", "t1", 4, base, after, 1)).toBeUndefined();
    const entry = readJournals(storage, "nb")[0]!.entry;
    expect(entry.order).toEqual(["a", "c"]);
    expect(applyJournal(base, entry).cells.map((c) => c.id)).toEqual(["a", "c"]);
  });

  it("nothing unsaved removes the entry", () => {
    const base = doc3();
    const storage = memoryStorage();
    writeJournal(storage, "nb", "t1", 4, base, edit(base, "a", "x"), 1);
    writeJournal(storage, "nb", "t1", 5, base, base, 2);
    expect(storage.map.size).toBe(0);
  });

  it("fits in a small storage although the notebook is far larger", () => {
    const big = makeDoc(Array.from({ length: 600 }, (_, i) => makeCell("x".repeat(10_000), "code", { id: `k${i}` })), { id: "nb" });
    const storage = memoryStorage(100_000);
    expect(writeJournal(storage, "nb", "t1", 1, big, edit(big, "k7", "typed"), 1)).toBeUndefined();
  });

  it("a full storage is reported as a quota error, and no stale entry is left behind", () => {
    const base = doc3();
    const storage = memoryStorage(400);
    expect(writeJournal(storage, "nb", "t1", 1, base, edit(base, "a", "short"), 1)).toBeUndefined();
    const error = writeJournal(storage, "nb", "t1", 1, base, edit(base, "a", "y".repeat(1000)), 2);
    expect(error?.cause).toBe("quota");
    expect(storage.map.size).toBe(0);
  });
});

describe("on open, a safety copy is applied only over the revision it extends", () => {
  async function setup() {
    const stores = openStores(`journal${Math.random()}`);
    const nb = await createNotebook(stores, { title: "J" });
    if (isStoreError(nb)) throw new Error(nb.message);
    const storage = memoryStorage();
    return { stores, storage, id: nb.meta.id, saved: nb.saved };
  }
  const first = (d: NotebookDoc) => d.cells[0]!.id;

  it("a copy that extends the stored revision is applied, then saved, then removed", async () => {
    const { stores, storage, id, saved } = await setup();
    writeJournal(storage, id, "gone", saved.rev, saved.doc, edit(saved.doc, first(saved.doc), "typed before the crash"), 1);
    const s = await openSession(stores, id, {}, { storage, tab: "new", delayMs: 10 });
    if (isStoreError(s)) throw new Error(s.message);
    expect(s.initial.cells[0]!.source).toBe("typed before the crash");
    expect(s.recovered).toEqual({ applied: 1, setAside: 0 });
    await s.close();
    const stored = await readNotebook(stores, id);
    expect(isStoreError(stored) ? stored : stored.doc.cells[0]!.source).toBe("typed before the crash");
    expect(storage.map.size).toBe(0);
  });

  it("a stale copy never overwrites newer stored work: it is set aside in History", async () => {
    const { stores, storage, id, saved } = await setup();
    writeJournal(storage, id, "gone", saved.rev, saved.doc, edit(saved.doc, first(saved.doc), "old typing"), 1);
    const newer = await writeNotebook(stores, edit(saved.doc, first(saved.doc), "newer, saved"), { tab: "other", baseRev: saved.rev });
    if (isStoreError(newer)) throw new Error(newer.message);
    const s = await openSession(stores, id, {}, { storage, tab: "new" });
    if (isStoreError(s)) throw new Error(s.message);
    expect(s.initial.cells[0]!.source).toBe("newer, saved");
    expect(s.recovered).toEqual({ applied: 0, setAside: 1 });
    const revisions = await listRevisions(stores, id);
    if (isStoreError(revisions)) throw new Error(revisions.message);
    const aside = revisions.find((r) => r.label?.startsWith("safety copy set aside"));
    expect(aside).toBeDefined();
    const copy = await readRevision(stores, id, aside!.at);
    expect(isStoreError(copy) ? copy : copy.cells[0]!.source).toBe("old typing");
    expect(storage.map.size).toBe(0);
    await s.close();
  });

  it("a copy the store already holds is dropped without a History entry", async () => {
    const { stores, storage, id, saved } = await setup();
    const typed = edit(saved.doc, first(saved.doc), "saved too");
    writeJournal(storage, id, "gone", saved.rev, saved.doc, typed, 1);
    await writeNotebook(stores, typed, { tab: "gone", baseRev: saved.rev });
    const s = await openSession(stores, id, {}, { storage, tab: "new" });
    if (isStoreError(s)) throw new Error(s.message);
    expect(s.recovered).toEqual({ applied: 0, setAside: 0 });
    expect(storage.map.size).toBe(0);
    await s.close();
  });

  it("each change is journaled at once, so a tab killed before autosave still loses nothing", async () => {
    const { stores, storage, id, saved } = await setup();
    const s = await openSession(stores, id, {}, { storage, tab: "t", delayMs: 60_000 });
    if (isStoreError(s)) throw new Error(s.message);
    s.change(edit(s.initial, first(s.initial), "typed, never saved"));
    // The tab dies here: no flush. A new tab opens.
    const again = await openSession(stores, id, {}, { storage, tab: "t2" });
    if (isStoreError(again)) throw new Error(again.message);
    expect(again.initial.cells[0]!.source).toBe("typed, never saved");
    expect(saved.rev).toBe((await readNotebook(stores, id) as { rev: number }).rev);
    await again.close();
  });

  it("a full storage is reported to the page at once, and again when it clears", async () => {
    const { stores, id } = await setup();
    const storage = memoryStorage(50);
    const reports: (string | undefined)[] = [];
    const s = await openSession(stores, id, { onJournal: (e) => reports.push(e?.cause) }, { storage, tab: "t", delayMs: 60_000 });
    if (isStoreError(s)) throw new Error(s.message);
    s.change(edit(s.initial, first(s.initial), "does not fit in fifty characters of storage"));
    expect(reports).toEqual(["quota"]);
    expect(s.journalError?.cause).toBe("quota");
    await s.flush();
    expect(reports).toEqual(["quota", undefined]);
    await s.close();
  });
});
