import "fake-indexeddb/auto";
import type { UseStore } from "idb-keyval";
import { describe, expect, it } from "vitest";
import { apply, tx, type NotebookDoc } from "../notebook/document";
import { createAutosave } from "./autosave";
import { openStores, type Stores } from "./db";
import { isStoreError, type StoreError, type StoredNotebook } from "./errors";
import { createNotebook } from "./library";
import { readNotebook } from "./notebooks";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const fresh = () => openStores(`autosave${n++}`);

async function setup(stores: Stores = fresh()) {
  const opened = await createNotebook(stores, { title: "T" });
  if (isStoreError(opened)) throw new Error(opened.message);
  return { stores, saved: opened.saved };
}

const typed = (doc: NotebookDoc, text: string) => apply(doc, tx.edit(doc, doc.cells[0]!.id, text));

async function stored(stores: Stores, id: string): Promise<StoredNotebook> {
  const s = await readNotebook(stores, id);
  if (isStoreError(s)) throw new Error(s.message);
  return s;
}

describe("autosave", () => {
  // Wall-clock bound: on a machine loaded by other jobs one run can be descheduled past it,
  // so the test may retry; a real regression (no timed save) fails every attempt.
  it("an edit reaches IndexedDB within 500 ms with no flush and no unload handler", { retry: 2 }, async () => {
    const { stores, saved } = await setup();
    const autosave = createAutosave({ stores, tab: "a", baseRev: saved.rev });
    const start = Date.now();
    autosave.change(typed(saved.doc, "const x = 1;"));
    while ((await stored(stores, saved.doc.id)).doc.cells[0]!.source !== "const x = 1;") {
      expect(Date.now() - start).toBeLessThan(500);
      await sleep(10);
    }
    // The write that made it visible finishes; nothing is left unsaved.
    expect(await autosave.flush()).toBeUndefined();
    expect(autosave.dirty).toBe(false);
  });

  it("continuous typing is saved while it goes on, not only when it pauses", async () => {
    const { stores, saved } = await setup();
    const autosave = createAutosave({ stores, tab: "a", baseRev: saved.rev, delayMs: 100 });
    let doc = saved.doc;
    for (let i = 1; i <= 12; i++) {
      doc = typed(doc, "x".repeat(i));
      autosave.change(doc);
      await sleep(25);
    }
    // Typing has not paused, yet what was typed at least 100 ms ago is stored.
    expect((await stored(stores, saved.doc.id)).doc.cells[0]!.source.length).toBeGreaterThanOrEqual(4);
    autosave.dispose();
  });

  it("flush saves the latest change at once, and reports nothing to do when clean", async () => {
    const { stores, saved } = await setup();
    const autosave = createAutosave({ stores, tab: "a", baseRev: saved.rev, delayMs: 10_000 });
    autosave.change(typed(saved.doc, "flushed"));
    const result = await autosave.flush();
    expect(isStoreError(result) || result === undefined ? undefined : result.doc.cells[0]!.source).toBe("flushed");
    expect((await stored(stores, saved.doc.id)).doc.cells[0]!.source).toBe("flushed");
    expect(await autosave.flush()).toBeUndefined();
  });

  it("a failed save is reported, keeps the document in memory and is retried until it succeeds", async () => {
    const { stores, saved } = await setup();
    let failing = true;
    const flaky: UseStore = (mode, callback) => (failing ? Promise.reject(new DOMException("full", "QuotaExceededError")) : stores.notebooks(mode, callback));
    const errors: StoreError[] = [];
    const saves: StoredNotebook[] = [];
    const autosave = createAutosave({ stores: { ...stores, notebooks: flaky }, tab: "a", baseRev: saved.rev, delayMs: 10, retryMs: 30, onError: (e) => errors.push(e), onSaved: (s) => saves.push(s) });
    autosave.change(typed(saved.doc, "kept"));
    await sleep(60);
    expect(errors[0]).toMatchObject({ kind: "storage", cause: "quota" });
    expect(autosave.dirty).toBe(true);
    failing = false;
    await sleep(80);
    expect(saves.map((s) => s.doc.cells[0]!.source)).toEqual(["kept"]);
    expect(autosave.dirty).toBe(false);
  });

  it("a missing IndexedDB (private mode) is reported as storage unavailable", async () => {
    const { stores, saved } = await setup();
    const broken: UseStore = () => {
      throw new ReferenceError("indexedDB is not defined");
    };
    const errors: StoreError[] = [];
    const autosave = createAutosave({ stores: { ...stores, notebooks: broken }, tab: "a", baseRev: saved.rev, onError: (e) => errors.push(e) });
    autosave.change(typed(saved.doc, "x"));
    await autosave.flush();
    autosave.dispose();
    expect(errors[0]).toMatchObject({ kind: "storage", cause: "unavailable" });
  });
});

describe("two tabs saving the same notebook", () => {
  it("the second writer gets a conflict with both versions and overwrites nothing", async () => {
    const { stores, saved } = await setup();
    const a = createAutosave({ stores, tab: "a", baseRev: saved.rev, delayMs: 10_000 });
    const b = createAutosave({ stores, tab: "b", baseRev: saved.rev, delayMs: 10_000 });
    a.change(typed(saved.doc, "from a"));
    await a.flush();
    b.change(typed(saved.doc, "from b"));
    const result = await b.flush();
    expect(result).toMatchObject({ kind: "conflict", theirs: { tab: "a" }, mine: { cells: [{ source: "from b" }] } });
    expect((await stored(stores, saved.doc.id)).doc.cells[0]!.source).toBe("from a");
    // Further edits stay in memory until the user chooses.
    b.change(typed(saved.doc, "from b, more"));
    await b.flush();
    expect((await stored(stores, saved.doc.id)).doc.cells[0]!.source).toBe("from a");
    expect(b.conflict?.kind).toBe("conflict");
  });

  it("keep mine writes this tab's version; take theirs adopts the stored one and saves later edits on top", async () => {
    const { stores, saved } = await setup();
    const a = createAutosave({ stores, tab: "a", baseRev: saved.rev, delayMs: 10_000 });
    const b = createAutosave({ stores, tab: "b", baseRev: saved.rev, delayMs: 10_000 });
    a.change(typed(saved.doc, "from a"));
    await a.flush();
    b.change(typed(saved.doc, "from b"));
    await b.flush();
    await b.overwrite();
    expect((await stored(stores, saved.doc.id)).doc.cells[0]!.source).toBe("from b");
    // Now a is behind; it takes theirs and continues.
    a.change(typed(saved.doc, "a again"));
    const conflict = await a.flush();
    expect(conflict).toMatchObject({ kind: "conflict" });
    const theirs = await stored(stores, saved.doc.id);
    a.adopt(theirs);
    a.change(typed(theirs.doc, "a on top of b"));
    await a.flush();
    const final = await stored(stores, saved.doc.id);
    expect(final.doc.cells[0]!.source).toBe("a on top of b");
    expect(final.rev).toBe(theirs.rev + 1);
  });
});
