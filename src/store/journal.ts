/**
 * The synchronous safety copy, as a journal entry. IndexedDB writes are asynchronous and may
 * not finish before a tab is reloaded, closed or killed; localStorage writes finish before the
 * call returns. So each tab keeps, in localStorage, what changed since the last revision
 * IndexedDB committed (the edited and inserted cells, the order when it changed, the title),
 * together with that revision number. The entry is small however large the notebook is.
 *
 * On open, an entry is applied only when it extends exactly the stored revision; an entry
 * based on an older revision is never applied over newer work: it is set aside (the caller
 * keeps it in History) unless the store already holds everything in it.
 */
import type { Cell, NotebookDoc } from "../notebook/document";

/** One tab's unsaved changes to one notebook, relative to stored revision `baseRev`. */
export interface JournalEntry {
  readonly v: 1;
  readonly notebook: string;
  readonly tab: string;
  /** The stored revision these changes extend. */
  readonly baseRev: number;
  readonly writtenAt: number;
  /** Edited or inserted cells, whole. */
  readonly cells: readonly Cell[];
  /** Every cell id in order, when the order or the set of cells changed (deleted cells are absent). */
  readonly order?: readonly string[];
  readonly title?: string;
}

/** The part of `Storage` the journal uses (tests pass a Map-backed fake). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

/** Why the safety copy could not be written. */
export interface JournalError {
  readonly kind: "journal";
  readonly cause: "quota" | "unavailable";
  readonly message: string;
}

const PREFIX = "caravan:journal:";
const LEGACY = "caravan:pending:";
const keyOf = (notebook: string, tab: string) => `${PREFIX}${notebook}:${tab}`;

/** The browser's localStorage, or undefined where there is none (Node, storage disabled). */
export function defaultStorage(): StorageLike | undefined {
  try {
    return (globalThis as { localStorage?: StorageLike }).localStorage;
  } catch {
    return undefined;
  }
}

/** What changed from `committed` to `current`, or undefined when nothing did. */
export function journalDelta(committed: NotebookDoc, current: NotebookDoc): Pick<JournalEntry, "cells" | "order" | "title"> | undefined {
  const before = new Map(committed.cells.map((c) => [c.id, c]));
  const cells = current.cells.filter((c) => {
    const old = before.get(c.id);
    // Cells are immutable: an unchanged cell is usually the very same object.
    return old !== c && (!old || !sameCell(old, c));
  });
  const orderChanged = committed.cells.length !== current.cells.length || current.cells.some((c, i) => committed.cells[i]!.id !== c.id);
  const titleChanged = committed.title !== current.title;
  if (cells.length === 0 && !orderChanged && !titleChanged) return undefined;
  return {
    cells,
    ...(orderChanged ? { order: current.cells.map((c) => c.id) } : {}),
    ...(titleChanged ? { title: current.title } : {}),
  };
}

/** Whether two cells hold the same kind, mode, text and saved output. */
export function sameCell(a: Cell, b: Cell): boolean {
  return a.id === b.id && a.kind === b.kind && a.mode === b.mode && a.source === b.source && a.output === b.output && a.hideCode === b.hideCode;
}

/** The document `entry` describes when laid over `stored` (layout and id are kept from `stored`). */
export function applyJournal(stored: NotebookDoc, entry: JournalEntry): NotebookDoc {
  const changed = new Map(entry.cells.map((c) => [c.id, c]));
  const had = new Map(stored.cells.map((c) => [c.id, c]));
  const order = entry.order ?? stored.cells.map((c) => c.id);
  const cells = order.flatMap((id) => {
    const cell = changed.get(id) ?? had.get(id);
    return cell ? [cell] : [];
  });
  return { ...stored, cells, title: entry.title ?? stored.title };
}

/** Whether `stored` already holds everything `entry` says (then the entry can simply go). */
export function journalContainedIn(stored: NotebookDoc, entry: JournalEntry): boolean {
  const had = new Map(stored.cells.map((c) => [c.id, c]));
  if (entry.title !== undefined && entry.title !== stored.title) return false;
  if (entry.order && (entry.order.length !== stored.cells.length || entry.order.some((id, i) => stored.cells[i]!.id !== id))) return false;
  return entry.cells.every((c) => {
    const s = had.get(c.id);
    return s !== undefined && sameCell(s, c);
  });
}

/**
 * Writes this tab's entry (or removes it when nothing is unsaved). Synchronous: safe in
 * `pagehide`. Returns a `journal` error when storage refuses it (full, disabled).
 */
export function writeJournal(storage: StorageLike | undefined, notebook: string, tab: string, baseRev: number, committed: NotebookDoc, current: NotebookDoc, now: number): JournalError | undefined {
  if (!storage) return { kind: "journal", cause: "unavailable", message: "this browser keeps no safety copy (localStorage is unavailable)" };
  const delta = journalDelta(committed, current);
  try {
    if (!delta) storage.removeItem(keyOf(notebook, tab));
    else storage.setItem(keyOf(notebook, tab), JSON.stringify({ v: 1, notebook, tab, baseRev, writtenAt: now, ...delta } satisfies JournalEntry));
    return undefined;
  } catch (error) {
    const name = (error as { name?: string } | null)?.name ?? "";
    const quota = name === "QuotaExceededError" || /quota/i.test(String((error as { message?: string } | null)?.message ?? ""));
    // A stale entry must not outlive the failed write: it would describe older changes.
    try {
      storage.removeItem(keyOf(notebook, tab));
    } catch {
      // Nothing more can be done without storage.
    }
    return quota
      ? { kind: "journal", cause: "quota", message: "the browser's local storage is full, so no safety copy of your latest typing can be kept" }
      : { kind: "journal", cause: "unavailable", message: "the browser refuses local storage, so no safety copy of your latest typing can be kept" };
  }
}

/** Removes one tab's entry. */
export function removeJournal(storage: StorageLike | undefined, notebook: string, tab: string): void {
  try {
    storage?.removeItem(keyOf(notebook, tab));
  } catch {
    // Nothing to remove without storage.
  }
}

/** Every tab's entry for `notebook`, oldest written first, with the key it is stored under. Malformed entries are dropped. */
export function readJournals(storage: StorageLike | undefined, notebook: string): { key: string; entry: JournalEntry }[] {
  if (!storage) return [];
  const found: { key: string; entry: JournalEntry }[] = [];
  try {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k?.startsWith(`${PREFIX}${notebook}:`)) keys.push(k);
    }
    for (const key of keys) {
      const entry = parseEntry(storage.getItem(key), notebook);
      if (entry) found.push({ key, entry });
      else storage.removeItem(key);
    }
  } catch {
    return found;
  }
  return found.sort((a, b) => a.entry.writtenAt - b.entry.writtenAt);
}

/** A whole-document copy left by earlier versions of Caravan (`caravan:pending:<id>`), removed as it is read. */
export function takeLegacyCopy(storage: StorageLike | undefined, notebook: string): NotebookDoc | undefined {
  try {
    const text = storage?.getItem(LEGACY + notebook);
    if (!text) return undefined;
    storage!.removeItem(LEGACY + notebook);
    const doc = JSON.parse(text) as NotebookDoc;
    return doc && doc.id === notebook && Array.isArray(doc.cells) ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Removes an entry by the key `readJournals` gave. */
export function removeJournalKey(storage: StorageLike | undefined, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing to remove without storage.
  }
}

function parseEntry(text: string | null, notebook: string): JournalEntry | undefined {
  if (!text) return undefined;
  try {
    const e = JSON.parse(text) as JournalEntry;
    const ok = e && e.v === 1 && e.notebook === notebook && typeof e.baseRev === "number" && typeof e.tab === "string" && Array.isArray(e.cells) &&
      e.cells.every((c) => c && typeof c.id === "string" && typeof c.source === "string") && (e.order === undefined || Array.isArray(e.order));
    return ok ? e : undefined;
  } catch {
    return undefined;
  }
}
