/**
 * Notebook records and their library entries. Every write checks the stored revision first,
 * inside one IndexedDB transaction, so a tab never overwrites a save it has not seen.
 */
import { get, update } from "idb-keyval";
import type { NotebookDoc } from "../notebook/document";
import { attempt, type Stores } from "./db";
import { isStoreError, type StoreError, type StoredNotebook } from "./errors";

/** Where a notebook came from; notebooks from other people open in safe preview (see `trusted`). */
export type NotebookOrigin =
  | { readonly kind: "new" }
  | { readonly kind: "shipped"; readonly name: string }
  | { readonly kind: "file"; readonly name: string }
  | { readonly kind: "share" }
  | { readonly kind: "duplicate"; readonly from: string };

/** A library entry: what the notebook list shows, without loading the document. */
export interface NotebookMeta {
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Set when the notebook is in the bin (soft delete); cleared by restore. */
  readonly deletedAt?: number;
  readonly origin: NotebookOrigin;
  /** False until the user consents to run it: safe preview shows code and saved outputs only. */
  readonly trusted: boolean;
}

/** Reads a notebook record; `not-found` when there is none. */
export async function readNotebook(stores: Stores, id: string): Promise<StoredNotebook | StoreError> {
  const stored = await attempt(() => get<StoredNotebook>(id, stores.notebooks));
  if (isStoreError(stored)) return stored;
  return stored ?? { kind: "not-found", id, message: `no notebook with id ${id}` };
}

/** Reads a library entry; `not-found` when there is none. */
export async function readMeta(stores: Stores, id: string): Promise<NotebookMeta | StoreError> {
  const meta = await attempt(() => get<NotebookMeta>(id, stores.library));
  if (isStoreError(meta)) return meta;
  return meta ?? { kind: "not-found", id, message: `no notebook with id ${id}` };
}

/** Changes a library entry in one transaction; `not-found` when there is none. */
export async function updateMeta(stores: Stores, id: string, change: (meta: NotebookMeta) => NotebookMeta): Promise<NotebookMeta | StoreError> {
  // Checked first so that a missing entry is not created (idb-keyval's update always writes).
  const existing = await readMeta(stores, id);
  if (isStoreError(existing)) return existing;
  let result: NotebookMeta = existing;
  const done = await attempt(() => update<NotebookMeta>(id, (meta) => (result = change(meta ?? existing)), stores.library));
  return isStoreError(done) ? done : result;
}

/** Options of `writeNotebook`. */
export interface WriteOptions {
  readonly tab: string;
  /** The stored revision this write is based on; a different stored revision is a conflict. Omit to overwrite deliberately. */
  readonly baseRev?: number;
  readonly now?: number;
}

/**
 * Saves a document if the stored revision is still `baseRev` (or no record exists), and
 * brings its library entry's title and time up to date. Returns the new record or a
 * `conflict` carrying both versions; a conflict writes nothing.
 */
export async function writeNotebook(stores: Stores, doc: NotebookDoc, options: WriteOptions): Promise<StoredNotebook | StoreError> {
  const now = options.now ?? Date.now();
  let outcome: StoredNotebook | StoreError | undefined;
  const done = await attempt(() =>
    update<StoredNotebook | undefined>(
      doc.id,
      (stored) => {
        if (stored && options.baseRev !== undefined && stored.rev !== options.baseRev) {
          outcome = { kind: "conflict", message: "this notebook was changed in another tab", theirs: stored, mine: doc };
          return stored;
        }
        const next: StoredNotebook = { doc, rev: (stored?.rev ?? 0) + 1, tab: options.tab, savedAt: now };
        outcome = next;
        return next;
      },
      stores.notebooks,
    ),
  );
  if (isStoreError(done)) return done;
  if (!outcome || isStoreError(outcome)) return outcome!;
  const meta = await attempt(() =>
    update<NotebookMeta>(
      doc.id,
      (m) => (m ? { ...m, title: doc.title, updatedAt: now } : { id: doc.id, title: doc.title, createdAt: now, updatedAt: now, origin: { kind: "new" }, trusted: false }),
      stores.library,
    ),
  );
  return isStoreError(meta) ? meta : outcome;
}
