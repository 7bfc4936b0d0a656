/**
 * Autosave: every change reaches IndexedDB within `delayMs` (300 ms by default, so with the
 * write itself well inside 500 ms). The timer starts at the first unsaved change and is not
 * pushed back by later ones, so continuous typing still saves every `delayMs`, and a tab
 * that dies without running any unload handler loses at most the last `delayMs` of typing.
 * `flush()` saves at once, for `pagehide` and `visibilitychange` handlers.
 *
 * A failed write (quota, private mode) is reported through `onError` and retried; the
 * document stays in memory. A conflict (another tab saved since this one's base revision)
 * writes nothing and blocks further saves until the UI resolves it with `overwrite` (keep
 * mine) or `adopt` (take theirs).
 */
import type { NotebookDoc } from "../notebook/document";
import type { Stores } from "./db";
import { isStoreError, type StoreError, type StoredNotebook } from "./errors";
import { writeNotebook } from "./notebooks";

/** Options of `createAutosave`. */
export interface AutosaveOptions {
  readonly stores: Stores;
  /** This tab's id (see `tabs.ts`). */
  readonly tab: string;
  /** The stored revision the open document was loaded at. */
  readonly baseRev: number;
  /** The document stored at `baseRev` (what the safety copy is measured against). */
  readonly baseDoc?: NotebookDoc;
  readonly delayMs?: number;
  /** Wait before retrying a failed (non-conflict) write. */
  readonly retryMs?: number;
  /** A write failed or conflicted; show a warning. The document is still in memory. */
  readonly onError?: (error: StoreError) => void;
  /** A write succeeded; clear any warning. */
  readonly onSaved?: (saved: StoredNotebook) => void;
  readonly now?: () => number;
}

/** A running autosave for one open notebook. */
export interface Autosave {
  /** Call with the new document after every transaction. */
  change(doc: NotebookDoc): void;
  /** Saves the latest change now; resolves to the record, an error, or undefined when nothing was unsaved. */
  flush(): Promise<StoredNotebook | StoreError | undefined>;
  /** True while some change has not reached storage. */
  readonly dirty: boolean;
  /** The unresolved conflict that stops saving, if any. */
  readonly conflict: StoreError | undefined;
  /** The stored revision this tab's document is based on. */
  readonly baseRev: number;
  /** The document stored at `baseRev`, when known. */
  readonly committed: NotebookDoc | undefined;
  /** Resolves a conflict by keeping this tab's document: writes it over the stored one. */
  overwrite(doc?: NotebookDoc): Promise<StoredNotebook | StoreError | undefined>;
  /** Resolves a conflict (or a remote save) by taking the stored record; unsaved local changes are dropped. */
  adopt(saved: StoredNotebook): void;
  /** Stops timers; does not save. */
  dispose(): void;
}

/** Starts autosaving one notebook. */
export function createAutosave(options: AutosaveOptions): Autosave {
  const delay = options.delayMs ?? 300;
  const retry = options.retryMs ?? 5000;
  const now = options.now ?? Date.now;
  let baseRev = options.baseRev;
  let committed = options.baseDoc;
  let latest: NotebookDoc | undefined;
  let conflict: StoreError | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let disposed = false;

  const arm = (ms: number) => {
    if (timer === undefined && !disposed) timer = setTimeout(() => void enqueue(false), ms);
  };
  const disarm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  // Writes run one after another, so a slow write never lands after a newer one.
  const enqueue = (force: boolean): Promise<StoredNotebook | StoreError | undefined> => {
    disarm();
    const run = chain.then(() => save(force));
    chain = run.catch(() => undefined);
    return run;
  };

  async function save(force: boolean): Promise<StoredNotebook | StoreError | undefined> {
    const doc = latest;
    if (!doc) return undefined;
    if (conflict && !force) return conflict;
    const result = await writeNotebook(options.stores, doc, { tab: options.tab, baseRev: force ? undefined : baseRev, now: now() });
    if (isStoreError(result)) {
      if (result.kind === "conflict") conflict = result;
      else arm(retry);
      options.onError?.(result);
      return result;
    }
    baseRev = result.rev;
    committed = doc;
    if (latest === doc) latest = undefined;
    else arm(delay);
    options.onSaved?.(result);
    return result;
  }

  return {
    change(doc) {
      latest = doc;
      if (!conflict) arm(delay);
    },
    flush: () => enqueue(false),
    get dirty() {
      return latest !== undefined;
    },
    get conflict() {
      return conflict;
    },
    get baseRev() {
      return baseRev;
    },
    get committed() {
      return committed;
    },
    overwrite(doc) {
      if (doc) latest = doc;
      else if (!latest && conflict?.kind === "conflict") latest = conflict.mine;
      conflict = undefined;
      return enqueue(true);
    },
    adopt(saved) {
      disarm();
      conflict = undefined;
      latest = undefined;
      baseRev = saved.rev;
      committed = saved.doc;
    },
    dispose() {
      disposed = true;
      disarm();
    },
  };
}

/** Asks the browser to keep this site's storage under pressure; reports what it decided. */
export async function requestPersistentStorage(): Promise<"persisted" | "denied" | "unavailable"> {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  if (!storage?.persist) return "unavailable";
  try {
    if (await storage.persisted?.()) return "persisted";
    return (await storage.persist()) ? "persisted" : "denied";
  } catch {
    return "unavailable";
  }
}
