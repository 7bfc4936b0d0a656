import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { apply, tx, type NotebookDoc } from "../notebook/document";
import { openStores, type Stores } from "./db";
import { isStoreError, type StoredNotebook } from "./errors";
import { listRevisions } from "./history";
import { createNotebook, listNotebooks } from "./library";
import { readNotebook } from "./notebooks";
import { openSession, type NotebookSession, type SessionEvents } from "./session";
import type { TabEvent } from "./tabs";
import { memoryStorage } from "./memoryStorage";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, ms = 1000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error("timed out");
    await sleep(5);
  }
}
const typed = (doc: NotebookDoc, text: string) => apply(doc, tx.edit(doc, doc.cells[0]!.id, text));
const source = async (stores: Stores, id: string) => {
  const s = await readNotebook(stores, id);
  return isStoreError(s) ? s.message : s.doc.cells[0]!.source;
};

let n = 0;
const open: NotebookSession[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function twoTabs(eventsB: SessionEvents = {}, eventsA: SessionEvents = {}) {
  const stores = openStores(`session${n++}`);
  const nb = await createNotebook(stores, { title: "Shared" });
  if (isStoreError(nb)) throw new Error(nb.message);
  const a = await openSession(stores, nb.meta.id, eventsA, { tab: "a", delayMs: 20 });
  const b = await openSession(stores, nb.meta.id, eventsB, { tab: "b", delayMs: 5000 });
  if (isStoreError(a) || isStoreError(b)) throw new Error("open failed");
  open.push(a, b);
  return { stores, id: nb.meta.id, a, b };
}

describe("the same notebook in two tabs", () => {
  it("a tab with nothing unsaved is told of the other tab's save and shown it", async () => {
    const updates: StoredNotebook[] = [];
    const { a } = await twoTabs({ onUpdated: (t) => updates.push(t) });
    a.change(typed(a.initial, "from a"));
    await until(() => updates.length > 0);
    expect(updates[0]!.doc.cells[0]!.source).toBe("from a");
  });

  it("a tab with unsaved edits gets a conflict with both versions, and its edits are kept in history", async () => {
    const conflicts: Extract<TabEvent, { kind: "conflict" }>[] = [];
    const { stores, id, a, b } = await twoTabs({ onConflict: (c) => conflicts.push(c) });
    b.change(typed(b.initial, "from b"));
    a.change(typed(a.initial, "from a"));
    await until(() => conflicts.length > 0);
    expect(conflicts[0]!.theirs.doc.cells[0]!.source).toBe("from a");
    expect(conflicts[0]!.mine.cells[0]!.source).toBe("from b");
    // b's pending save does not overwrite a's, and the same conflict is not reported twice.
    await b.flush();
    expect(await source(stores, id)).toBe("from a");
    expect(conflicts).toHaveLength(1);
    await until(async () => {
      const revisions = await listRevisions(stores, id);
      return !isStoreError(revisions) && revisions.some((r) => r.label === "unsaved copy from a conflict");
    });
  });

  it("keep mine writes this tab's version, and the other tab is then shown it", async () => {
    const updatesA: StoredNotebook[] = [];
    const { stores, id, a, b } = await twoTabs({}, { onUpdated: (t) => updatesA.push(t) });
    a.change(typed(a.initial, "from a"));
    await a.flush();
    const mine = typed(b.initial, "from b");
    b.change(mine);
    await b.flush();
    await b.keepMine(mine);
    expect(await source(stores, id)).toBe("from b");
    await until(() => updatesA.some((u) => u.doc.cells[0]!.source === "from b"));
  });

  it("reload takes the stored version; fork saves mine as a new notebook and leaves the original alone", async () => {
    const { stores, id, a, b } = await twoTabs();
    a.change(typed(a.initial, "from a"));
    await a.flush();
    const mine = typed(b.initial, "from b");
    b.change(mine);
    const fork = await b.fork(mine);
    if (isStoreError(fork)) throw new Error(fork.message);
    expect(fork.saved.doc.cells[0]!.source).toBe("from b");
    expect(fork.meta.id).not.toBe(id);
    expect(await source(stores, id)).toBe("from a");
    const list = await listNotebooks(stores);
    expect(isStoreError(list) ? list : list.map((m) => m.title).sort()).toEqual(["Shared", "Shared (fork)"]);
    const theirs = await b.takeTheirs();
    expect(isStoreError(theirs) ? theirs : theirs.cells[0]!.source).toBe("from a");
  });

  it("applying the other tab's version as a remote transaction does not save it back (no echo between tabs)", async () => {
    const updates: StoredNotebook[] = [];
    const { stores, id, a, b } = await twoTabs({ onUpdated: (t) => updates.push(t) });
    a.change(typed(a.initial, "from a"));
    await until(() => updates.length > 0);
    const before = await readNotebook(stores, id);
    b.change(updates[0]!.doc, { origin: "remote" });
    await b.flush();
    const after = await readNotebook(stores, id);
    expect(isStoreError(after) || isStoreError(before) ? "error" : after.rev).toBe(isStoreError(before) ? "x" : before.rev);
  });

  it("each tab learns which other tabs have the notebook open", async () => {
    const peers: string[][] = [];
    await twoTabs({}, { onPeers: (t) => peers.push([...t]) });
    await until(() => peers.some((p) => p.includes("b")));
  });
});

describe("page lifecycle", () => {
  it("pagehide and a hidden page save at once, without waiting for the timer", async () => {
    const stores = openStores(`session${n++}`);
    const nb = await createNotebook(stores);
    if (isStoreError(nb)) throw new Error(nb.message);
    const session = await openSession(stores, nb.meta.id, {}, { delayMs: 60_000 });
    if (isStoreError(session)) throw new Error(session.message);
    open.push(session);
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: "visible" });
    const remove = session.installPageHandlers(win, doc);
    session.change(typed(session.initial, "hidden"));
    doc.visibilityState = "hidden";
    doc.dispatchEvent(new Event("visibilitychange"));
    await until(async () => (await source(stores, nb.meta.id)) === "hidden");
    session.change(typed(session.initial, "pagehide"));
    win.dispatchEvent(new Event("pagehide"));
    await until(async () => (await source(stores, nb.meta.id)) === "pagehide");
    remove();
  });
});

describe("tabs never overwrite each other silently", () => {
  async function threeCells() {
    const stores = openStores(`session${n++}`);
    const nb = await createNotebook(stores, { title: "Shared" });
    if (isStoreError(nb)) throw new Error(nb.message);
    let doc = nb.saved.doc;
    doc = apply(doc, tx.insert(doc, 1, { id: "two", kind: "code", source: "2", mode: "auto" }));
    doc = apply(doc, tx.insert(doc, 2, { id: "three", kind: "code", source: "3", mode: "auto" }));
    const { writeNotebook } = await import("./notebooks");
    const saved = await writeNotebook(stores, doc, { tab: "setup", baseRev: nb.saved.rev });
    if (isStoreError(saved)) throw new Error(saved.message);
    return { stores, id: nb.meta.id };
  }
  const edit = (d: NotebookDoc, id: string, text: string) => apply(d, tx.edit(d, id, text));
  const cellText = async (stores: Stores, id: string, cell: string) => {
    const s = await readNotebook(stores, id);
    return isStoreError(s) ? s.message : s.doc.cells.find((c) => c.id === cell)?.source;
  };

  it("Keep mine keeps the other tab's saved edits to other cells, and their whole version in History", async () => {
    const { stores, id } = await threeCells();
    const storage = memoryStorage();
    const a = await openSession(stores, id, {}, { tab: "a", delayMs: 10, storage });
    const b = await openSession(stores, id, {}, { tab: "b", delayMs: 60_000, storage });
    if (isStoreError(a) || isStoreError(b)) throw new Error("open failed");
    open.push(a, b);
    a.change(edit(a.initial, "three", "3 from a"));
    await a.flush();
    const mine = edit(b.initial, "two", "2 from b");
    b.change(mine);
    const shown = await b.keepMine(mine);
    if (isStoreError(shown)) throw new Error(shown.message);
    expect(shown.cells.map((c) => c.source).slice(1)).toEqual(["2 from b", "3 from a"]);
    expect(await cellText(stores, id, "two")).toBe("2 from b");
    expect(await cellText(stores, id, "three")).toBe("3 from a");
    const revisions = await listRevisions(stores, id);
    expect(!isStoreError(revisions) && revisions.some((r) => r.label === "the other tab's version, before Keep mine")).toBe(true);
  });

  it("Reload theirs keeps this tab's unsaved version in History first", async () => {
    const { stores, id } = await threeCells();
    const a = await openSession(stores, id, {}, { tab: "a", delayMs: 10 });
    const b = await openSession(stores, id, {}, { tab: "b", delayMs: 60_000 });
    if (isStoreError(a) || isStoreError(b)) throw new Error("open failed");
    open.push(a, b);
    a.change(edit(a.initial, "three", "from a"));
    await a.flush();
    b.change(edit(b.initial, "two", "typed in b"));
    await b.takeTheirs();
    const revisions = await listRevisions(stores, id);
    expect(!isStoreError(revisions) && revisions.some((r) => r.label === "this tab's version, replaced by Reload theirs")).toBe(true);
  });

  it("an unanswered conflict in B, A saving on, A closed then B closed: A's edits are what opens next, B's in History", async () => {
    const { stores, id } = await threeCells();
    const storage = memoryStorage();
    const conflicts: unknown[] = [];
    const a = await openSession(stores, id, {}, { tab: "a", delayMs: 10, storage });
    const b = await openSession(stores, id, { onConflict: (c) => conflicts.push(c) }, { tab: "b", delayMs: 20, storage });
    if (isStoreError(a) || isStoreError(b)) throw new Error("open failed");
    b.change(edit(b.initial, "two", "b's unsaved"));
    a.change(edit(a.initial, "three", "a 1"));
    await until(() => conflicts.length > 0);
    let docA = edit(a.initial, "three", "a 2");
    a.change(docA);
    await a.flush();
    docA = edit(docA, "three", "a 3");
    a.change(docA);
    await a.close();
    await b.close();
    const next = await openSession(stores, id, {}, { tab: "c", storage });
    if (isStoreError(next)) throw new Error(next.message);
    open.push(next);
    expect(next.initial.cells.find((c) => c.id === "three")!.source).toBe("a 3");
    expect(next.initial.cells.find((c) => c.id === "two")!.source).toBe("2");
    const revisions = await listRevisions(stores, id);
    expect(!isStoreError(revisions) && revisions.some((r) => r.label?.startsWith("safety copy set aside") || r.label === "unsaved copy from a conflict")).toBe(true);
  });

  it("B typing then closing at once while A stays open idle, then A closing: B's edit is there", async () => {
    const { stores, id } = await threeCells();
    const storage = memoryStorage();
    const a = await openSession(stores, id, {}, { tab: "a", delayMs: 300, storage });
    const b = await openSession(stores, id, {}, { tab: "b", delayMs: 300, storage });
    if (isStoreError(a) || isStoreError(b)) throw new Error("open failed");
    b.change(edit(b.initial, "two", "typed in b, closed at once"));
    // B dies without its flush finishing (no close()); A closes normally.
    await a.close();
    const next = await openSession(stores, id, {}, { tab: "c", storage });
    if (isStoreError(next)) throw new Error(next.message);
    open.push(next);
    expect(next.initial.cells.find((c) => c.id === "two")!.source).toBe("typed in b, closed at once");
  });
});
