/**
 * A synchronous safety copy of the open notebook in localStorage, written when the page is
 * hidden or unloaded. IndexedDB writes are asynchronous and may not finish when a tab is
 * reloaded at once; localStorage writes finish before `pagehide` returns. On the next open
 * the copy is applied if it holds edits the store does not, and removed once the store has
 * saved that revision.
 */
import type { NotebookDoc } from "../notebook/document";

const key = (id: string) => `caravan:pending:${id}`;

/** Writes the copy now (call from `pagehide` / `visibilitychange`). Fails quietly: it is a second line of defence. */
export function writePendingCopy(doc: NotebookDoc): void {
  try {
    localStorage.setItem(key(doc.id), JSON.stringify(doc));
  } catch {
    // Quota or private mode: the IndexedDB flush is still under way.
  }
}

/** The copy for notebook `id`, if any and well-formed. */
export function readPendingCopy(id: string): NotebookDoc | undefined {
  try {
    const text = localStorage.getItem(key(id));
    if (!text) return undefined;
    const doc = JSON.parse(text) as NotebookDoc;
    return doc && doc.id === id && Array.isArray(doc.cells) ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Drops the copy once the store holds everything in it. */
export function clearPendingCopy(id: string): void {
  try {
    localStorage.removeItem(key(id));
  } catch {
    // Nothing to clear without storage.
  }
}
