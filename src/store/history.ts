/**
 * Revision history: snapshots of a notebook as it is saved, at most one a minute, thinned as
 * they age (see `thinning.ts`). Restoring a revision is a transaction (`restoreTransaction`)
 * applied to the open document, so it is recorded by undo and can itself be undone.
 */
import { delMany, get, getMany, keys, set } from "idb-keyval";
import { diffTransaction } from "../notebook/diff";
import type { NotebookDoc, Transaction } from "../notebook/document";
import { attempt, type Stores } from "./db";
import { isStoreError, type StoreError } from "./errors";
import { defaultThinning, thin, type ThinningPolicy } from "./thinning";

/** One saved revision as the history list shows it. */
export interface RevisionInfo {
  readonly at: number;
  readonly title: string;
  readonly cells: number;
  /** Why it was kept beyond the usual schedule, e.g. "unsaved copy from a conflict". */
  readonly label?: string;
}

interface StoredRevision {
  readonly doc: NotebookDoc;
  readonly label?: string;
}

type Key = [string, number];
const isKeyOf = (id: string) => (k: IDBValidKey): k is Key => Array.isArray(k) && k[0] === id && typeof k[1] === "number";

async function times(stores: Stores, id: string): Promise<number[]> {
  return (await keys(stores.history)).filter(isKeyOf(id)).map((k) => k[1]);
}

const sameContent = (a: NotebookDoc, b: NotebookDoc) => a.title === b.title && JSON.stringify(a.cells) === JSON.stringify(b.cells);

/** Options of `recordRevision`. */
export interface RecordOptions {
  readonly now?: number;
  /** Skip when the newest revision is younger than this (60 s by default), unless `label` is given. */
  readonly minIntervalMs?: number;
  readonly label?: string;
  readonly policy?: ThinningPolicy;
}

/**
 * Keeps a revision of `doc` if the newest one is old enough and differs, then thins the
 * notebook's revisions. Returns whether a revision was written.
 */
export function recordRevision(stores: Stores, doc: NotebookDoc, options: RecordOptions = {}): Promise<boolean | StoreError> {
  // One at a time per database: two racing records would pick the same key and one would be lost.
  const run = (queues.get(stores.history) ?? Promise.resolve()).then(() => record(stores, doc, options));
  queues.set(stores.history, run.catch(() => undefined));
  return run;
}

const queues = new WeakMap<object, Promise<unknown>>();

async function record(stores: Stores, doc: NotebookDoc, options: RecordOptions): Promise<boolean | StoreError> {
  const now = options.now ?? Date.now();
  return attempt(async () => {
    const all = await times(stores, doc.id);
    const newest = Math.max(-Infinity, ...all);
    if (options.label === undefined && now - newest < (options.minIntervalMs ?? 60_000)) return false;
    if (all.length > 0) {
      const last = await get<StoredRevision>([doc.id, newest], stores.history);
      if (last && options.label === undefined && sameContent(last.doc, doc)) return false;
    }
    const at = all.includes(now) ? newest + 1 : now;
    await set([doc.id, at], { doc, ...(options.label !== undefined ? { label: options.label } : {}) } satisfies StoredRevision, stores.history);
    const keep = new Set(thin([...all, at], now, options.policy ?? defaultThinning));
    const drop = [...all, at].filter((t) => !keep.has(t)).map((t): Key => [doc.id, t]);
    if (drop.length > 0) await delMany(drop, stores.history);
    return true;
  });
}

/** The revisions of a notebook, newest first. */
export async function listRevisions(stores: Stores, id: string): Promise<RevisionInfo[] | StoreError> {
  return attempt(async () => {
    const ts = (await times(stores, id)).sort((a, b) => b - a);
    const found = await getMany<StoredRevision>(ts.map((t): Key => [id, t]), stores.history);
    return found.flatMap((r, i) =>
      r ? [{ at: ts[i]!, title: r.doc.title, cells: r.doc.cells.length, ...(r.label !== undefined ? { label: r.label } : {}) }] : [],
    );
  });
}

/** The document saved in one revision, for viewing. */
export async function readRevision(stores: Stores, id: string, at: number): Promise<NotebookDoc | StoreError> {
  const found = await attempt(() => get<StoredRevision>([id, at], stores.history));
  if (isStoreError(found)) return found;
  return found?.doc ?? { kind: "not-found", id, message: `no revision of ${id} saved at ${new Date(at).toISOString()}` };
}

/** The undoable transaction that makes the open document look like a revision (origin "restore"). */
export function restoreTransaction(current: NotebookDoc, revision: NotebookDoc): Transaction {
  return diffTransaction(current, revision, "restore");
}
