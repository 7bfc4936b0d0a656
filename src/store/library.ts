/**
 * The notebook library: list, create, open, rename, duplicate, delete (to a bin, with
 * restore) and import. Anything that comes in from outside (a file, a share link, a shipped
 * worked notebook) becomes a new notebook with a fresh id: nothing existing is overwritten,
 * and the shipped originals are never written to.
 */
import { del, delMany, get, keys, set, values } from "idb-keyval";
import { apply, makeCell, makeDoc, newCellId, tx, type NotebookDoc } from "../notebook/document";
import { isFormatError, parse } from "../notebook/format";
import { copyAttachments, removeAllAttachments } from "./attachments";
import { attempt, type Stores } from "./db";
import { isStoreError, type StoreError, type StoredNotebook } from "./errors";
import { readMeta, readNotebook, updateMeta, writeNotebook, type NotebookMeta, type NotebookOrigin } from "./notebooks";

/** An opened notebook: its stored record and library entry. */
export interface OpenedNotebook {
  readonly saved: StoredNotebook;
  readonly meta: NotebookMeta;
}

/** Lists notebooks, most recently changed first; `bin: true` lists the deleted ones instead. */
export async function listNotebooks(stores: Stores, options: { bin?: boolean } = {}): Promise<NotebookMeta[] | StoreError> {
  const all = await attempt(() => values<NotebookMeta | undefined>(stores.library));
  if (isStoreError(all)) return all;
  return all
    .filter((m): m is NotebookMeta => m !== undefined && (m.deletedAt !== undefined) === (options.bin ?? false))
    .sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
}

async function store(stores: Stores, doc: NotebookDoc, origin: NotebookOrigin, trusted: boolean, tab: string, now: number): Promise<OpenedNotebook | StoreError> {
  const meta: NotebookMeta = { id: doc.id, title: doc.title, createdAt: now, updatedAt: now, origin, trusted };
  const entry = await attempt(() => set(doc.id, meta, stores.library));
  if (isStoreError(entry)) return entry;
  const saved = await writeNotebook(stores, doc, { tab, baseRev: 0, now });
  return isStoreError(saved) ? saved : { saved, meta };
}

/** Creates an empty notebook (one empty code cell). */
export function createNotebook(stores: Stores, options: { title?: string; tab?: string; now?: number } = {}): Promise<OpenedNotebook | StoreError> {
  const doc = makeDoc([makeCell("")], { title: options.title ?? "Untitled" });
  return store(stores, doc, { kind: "new" }, true, options.tab ?? "library", options.now ?? Date.now());
}

/**
 * Stores a document that came from elsewhere as a new notebook: a fresh id, revision 0.
 * Notebooks from files and share links are untrusted (safe preview) unless `trusted` says otherwise.
 */
export async function importNotebook(
  stores: Stores,
  doc: NotebookDoc,
  origin: NotebookOrigin,
  options: { trusted?: boolean; tab?: string; now?: number; keepId?: boolean } = {},
): Promise<OpenedNotebook | StoreError> {
  const trusted = options.trusted ?? (origin.kind === "new" || origin.kind === "shipped");
  // `keepId`: the page already shows this document under a fresh id of its own (a kept preview).
  const id = options.keepId ? doc.id : newCellId();
  if (options.keepId) {
    const existing = await attempt(() => get(id, stores.library));
    if (isStoreError(existing)) return existing;
    if (existing !== undefined) return { kind: "conflict", message: `a notebook with id ${id} already exists`, theirs: { doc, rev: 0, tab: "", savedAt: 0 }, mine: doc };
  }
  return store(stores, { ...doc, id, revision: 0 }, origin, trusted, options.tab ?? "library", options.now ?? Date.now());
}

/** Reads a notebook file's text into a new, untrusted notebook; a bad file stores nothing and returns the format error. */
export async function importFile(stores: Stores, text: string, fileName: string, options: { tab?: string; now?: number } = {}): Promise<OpenedNotebook | StoreError> {
  const doc = parse(text);
  if (isFormatError(doc)) return doc;
  return importNotebook(stores, doc, { kind: "file", name: fileName }, { ...options, trusted: false });
}

/** Opens a shipped worked notebook (its file text) as a new copy; the original file is untouched. */
export async function openShipped(stores: Stores, name: string, text: string, options: { tab?: string; now?: number } = {}): Promise<OpenedNotebook | StoreError> {
  const doc = parse(text);
  if (isFormatError(doc)) return doc;
  return importNotebook(stores, doc, { kind: "shipped", name }, { ...options, trusted: true });
}

/** Opens a notebook by id; deleted notebooks are `not-found` until restored. */
export async function openNotebook(stores: Stores, id: string): Promise<OpenedNotebook | StoreError> {
  const meta = await readMeta(stores, id);
  if (isStoreError(meta)) return meta;
  if (meta.deletedAt !== undefined) return { kind: "not-found", id, message: `notebook ${id} is in the bin` };
  const saved = await readNotebook(stores, id);
  return isStoreError(saved) ? saved : { saved, meta };
}

/**
 * Renames a notebook that is not open in this tab (an open one is renamed by a `tx.title`
 * transaction, which autosave stores). Conflicts like any other write.
 */
export async function renameNotebook(stores: Stores, id: string, title: string, options: { tab?: string; now?: number } = {}): Promise<StoredNotebook | StoreError> {
  const saved = await readNotebook(stores, id);
  if (isStoreError(saved)) return saved;
  const doc = apply(saved.doc, tx.title(saved.doc, title));
  return writeNotebook(stores, doc, { tab: options.tab ?? "library", baseRev: saved.rev, now: options.now });
}

/** Copies a notebook and its attachments under a new id; the copy is exactly as trusted as the original. */
export async function duplicateNotebook(stores: Stores, id: string, options: { tab?: string; now?: number } = {}): Promise<OpenedNotebook | StoreError> {
  const source = await openNotebook(stores, id);
  if (isStoreError(source)) return source;
  const doc = { ...source.saved.doc, title: `${source.saved.doc.title} (copy)` };
  const copy = await importNotebook(stores, doc, { kind: "duplicate", from: id }, { ...options, trusted: source.meta.trusted });
  if (isStoreError(copy)) return copy;
  const files = await copyAttachments(stores, id, copy.meta.id);
  return isStoreError(files) ? files : copy;
}

/** Moves a notebook to the bin; `restoreNotebook` undoes it. Nothing is erased until `emptyBin`. */
export function deleteNotebook(stores: Stores, id: string, now: number = Date.now()): Promise<NotebookMeta | StoreError> {
  return updateMeta(stores, id, (m) => ({ ...m, deletedAt: now }));
}

/** Takes a notebook out of the bin. */
export function restoreNotebook(stores: Stores, id: string): Promise<NotebookMeta | StoreError> {
  return updateMeta(stores, id, ({ deletedAt: _deleted, ...m }) => m);
}

/** Records the user's consent to run a notebook that opened in safe preview. */
export function trustNotebook(stores: Stores, id: string): Promise<NotebookMeta | StoreError> {
  return updateMeta(stores, id, (m) => ({ ...m, trusted: true }));
}

/** Erases notebooks that have been in the bin longer than `olderThanMs`, with their history and attachments. Returns the erased ids. */
export async function emptyBin(stores: Stores, options: { olderThanMs?: number; now?: number } = {}): Promise<string[] | StoreError> {
  const now = options.now ?? Date.now();
  const bin = await listNotebooks(stores, { bin: true });
  if (isStoreError(bin)) return bin;
  const erased: string[] = [];
  for (const meta of bin) {
    if (now - meta.deletedAt! < (options.olderThanMs ?? 0)) continue;
    const done = await attempt(async () => {
      const revisions = (await keys<IDBValidKey>(stores.history)).filter((k) => Array.isArray(k) && k[0] === meta.id);
      await delMany(revisions, stores.history);
      await del(meta.id, stores.notebooks);
      await del(meta.id, stores.library);
    });
    if (isStoreError(done)) return done;
    const files = await removeAllAttachments(stores, meta.id);
    if (isStoreError(files)) return files;
    erased.push(meta.id);
  }
  return erased;
}
