/**
 * One open notebook in one tab: autosave, the safety copy (journal), revision history and the
 * other tabs wired together, so the UI makes one call per event (open, change, page hidden,
 * conflict choice). Every state that something replaces (a conflict's losing side, a safety
 * copy set aside, the other tab's version under "Keep mine") is kept as a labelled revision.
 */
import type { NotebookDoc, Transaction } from "../notebook/document";
import { createAutosave, type Autosave } from "./autosave";
import { defaultStorage, type JournalError, type StorageLike, writeJournal } from "./journal";
import { mergeByCell } from "./merge";
import { recoverJournals } from "./recovery";
import type { Stores } from "./db";
import { isStoreError, type StoreError, type StoredNotebook } from "./errors";
import { recordRevision } from "./history";
import { importNotebook, openNotebook, type OpenedNotebook } from "./library";
import { readNotebook, type NotebookMeta } from "./notebooks";
import { createTabSync, newTabId, type ChannelLike, type TabEvent, type TabSync } from "./tabs";

/** What the UI hears from an open notebook. */
export interface SessionEvents {
  /** Another tab saved over this tab's unsaved edits: offer reload (`takeTheirs`), keep mine (`keepMine`) or fork (`fork`). */
  readonly onConflict?: (conflict: Extract<TabEvent, { kind: "conflict" }>) => void;
  /** Another tab saved and this tab had nothing unsaved: show `theirs.doc` (nothing is lost). */
  readonly onUpdated?: (theirs: StoredNotebook) => void;
  /** Saving failed (quota, private mode): show a warning; the document stays in memory and saving is retried. */
  readonly onError?: (error: StoreError) => void;
  /** A save succeeded: clear the warning. */
  readonly onSaved?: (saved: StoredNotebook) => void;
  /** The other tabs with this notebook open. */
  readonly onPeers?: (tabs: readonly string[]) => void;
  /** The safety copy could not be written (storage full) or can be again (`undefined`): warn at once, and ask before unloading while unsaved. */
  readonly onJournal?: (error: JournalError | undefined) => void;
}

/** An open notebook. */
export interface NotebookSession {
  readonly id: string;
  readonly tab: string;
  readonly meta: NotebookMeta;
  /** The document to show: as stored, with this or a closed tab's safety copy applied when it extends the stored revision. */
  readonly initial: NotebookDoc;
  /** What happened to safety copies found on open: applied (their edits are in `initial`), or set aside in History. */
  readonly recovered: { readonly applied: number; readonly setAside: number };
  /** True while some change has not reached IndexedDB. */
  readonly dirty: boolean;
  /** The last safety-copy failure, while it lasts. */
  readonly journalError: JournalError | undefined;
  /**
   * Call after every transaction with the new document (fits `app.onTransaction`). Remote
   * and load transactions only update what the tab holds: saving them again would make two
   * tabs echo each other's saves forever.
   */
  change(doc: NotebookDoc, tr?: Pick<Transaction, "origin">): void;
  /** Saves now (pagehide, visibilitychange, before navigating away). */
  flush(): Promise<void>;
  /**
   * Resolves a conflict by keeping this tab's document, merged by cell with the other tab's
   * saved edits to cells this tab did not change; the other tab's version is first kept as a
   * revision. Returns the document to show.
   */
  keepMine(doc: NotebookDoc): Promise<NotebookDoc | StoreError>;
  /** Resolves a conflict (or an update) by taking the stored version (this tab's unsaved version is kept as a revision); returns the document to show. */
  takeTheirs(): Promise<NotebookDoc | StoreError>;
  /** Resolves a conflict by saving this tab's document as a new notebook; the UI then opens it. */
  fork(doc: NotebookDoc): Promise<OpenedNotebook | StoreError>;
  /** Writes the safety copy now and saves, on `pagehide` and when the page is hidden; returns a function that removes the handlers. */
  installPageHandlers(target?: EventTarget, doc?: { readonly visibilityState?: string } & EventTarget): () => void;
  /** Saves, stops autosave and leaves the tab channel. */
  close(): Promise<void>;
}

/** Options of `openSession`. */
export interface SessionOptions {
  readonly tab?: string;
  readonly delayMs?: number;
  readonly historyEveryMs?: number;
  readonly channel?: ChannelLike;
  readonly now?: () => number;
  /** Where the safety copy goes (localStorage by default). */
  readonly storage?: StorageLike;
}

/** Opens a notebook for editing in this tab. */
export async function openSession(stores: Stores, id: string, events: SessionEvents = {}, options: SessionOptions = {}): Promise<NotebookSession | StoreError> {
  const opened = await openNotebook(stores, id);
  if (isStoreError(opened)) return opened;
  const loaded = opened.saved;
  const tab = options.tab ?? newTabId();
  const now = options.now ?? Date.now;
  const storage = "storage" in options ? options.storage : defaultStorage();
  const historyEvery = options.historyEveryMs ?? 60_000;
  const recovery = await recoverJournals(stores, storage, opened.saved, now());
  let latest = recovery.doc;
  let lastRevision = -Infinity;
  let tabs: TabSync | undefined;
  let journalError: JournalError | undefined;
  // One conflict is reported once (the broadcast and the refused write both notice it) until it is resolved.
  let conflictOpen = false;
  const conflict = (event: Extract<TabEvent, { kind: "conflict" }>) => {
    if (conflictOpen) return;
    conflictOpen = true;
    // Keep this tab's version durably while the user decides.
    void recordRevision(stores, event.mine, { now: now(), label: "unsaved copy from a conflict" });
    events.onConflict?.(event);
  };

  const autosave: Autosave = createAutosave({
    stores,
    tab,
    baseRev: opened.saved.rev,
    baseDoc: opened.saved.doc,
    delayMs: options.delayMs,
    now,
    onError(error) {
      if (error.kind === "conflict") conflict({ kind: "conflict", message: error.message, theirs: error.theirs, mine: error.mine });
      else events.onError?.(error);
    },
    onSaved(saved) {
      // The journal now only needs what was typed after this save (often nothing: it goes).
      journal();
      tabs?.announceSaved(saved.rev);
      if (now() - lastRevision >= historyEvery) {
        lastRevision = now();
        void recordRevision(stores, saved.doc, { now: lastRevision });
      }
      events.onSaved?.(saved);
    },
  });

  /** Brings this tab's safety copy up to date with what is unsaved; reports a failure (or its end) once. */
  function journal(): void {
    const committed = autosave.committed;
    if (!committed) return;
    const error = writeJournal(storage, id, tab, autosave.baseRev, committed, autosave.dirty ? latest : committed, now());
    if ((error === undefined) !== (journalError === undefined) || error?.cause !== journalError?.cause) {
      journalError = error;
      events.onJournal?.(error);
    }
  }

  // What a safety copy brought back is saved like any edit (and kept in this tab's own journal until it is).
  if (recovery.applied > 0) {
    autosave.change(latest);
    journal();
  }

  tabs = createTabSync({
    stores,
    notebookId: id,
    tab,
    channel: options.channel,
    state: () => ({ baseRev: autosave.baseRev, dirty: autosave.dirty, doc: latest }),
    onError: events.onError,
    onEvent(event) {
      if (event.kind === "conflict") conflict(event);
      else if (event.kind === "updated") {
        autosave.adopt(event.theirs);
        latest = event.theirs.doc;
        journal();
        events.onUpdated?.(event.theirs);
      } else events.onPeers?.(event.tabs);
    },
  });

  async function takeTheirs(): Promise<NotebookDoc | StoreError> {
    const theirs = await readNotebook(stores, id);
    if (isStoreError(theirs)) return theirs;
    if (autosave.dirty) {
      const mine = await recordRevision(stores, latest, { now: now(), label: "this tab's version, replaced by Reload theirs" });
      if (isStoreError(mine)) return mine;
    }
    conflictOpen = false;
    autosave.adopt(theirs);
    latest = theirs.doc;
    journal();
    return theirs.doc;
  }

  async function keepMine(doc: NotebookDoc): Promise<NotebookDoc | StoreError> {
    const theirs = await readNotebook(stores, id);
    if (isStoreError(theirs)) return theirs;
    const base = autosave.committed ?? loaded.doc;
    const kept = await recordRevision(stores, theirs.doc, { now: now(), label: "the other tab's version, before Keep mine" });
    if (isStoreError(kept)) return kept;
    const merged = theirs.rev === autosave.baseRev ? doc : mergeByCell(base, doc, theirs.doc).doc;
    conflictOpen = false;
    autosave.adopt(theirs);
    latest = merged;
    autosave.change(merged);
    journal();
    const saved = await autosave.flush();
    return saved && isStoreError(saved) && saved.kind !== "conflict" ? saved : merged;
  }

  return {
    id,
    tab,
    meta: opened.meta,
    initial: recovery.doc,
    recovered: { applied: recovery.applied, setAside: recovery.setAside },
    get dirty() {
      return autosave.dirty;
    },
    get journalError() {
      return journalError;
    },
    change(doc, tr) {
      latest = doc;
      if (tr?.origin === "remote" || tr?.origin === "load") return;
      autosave.change(doc);
      journal();
    },
    async flush() {
      await autosave.flush();
    },
    keepMine,
    takeTheirs,
    async fork(doc) {
      const copy = await importNotebook(stores, { ...doc, title: `${doc.title} (fork)` }, { kind: "duplicate", from: id }, { trusted: opened.meta.trusted, tab, now: now() });
      if (isStoreError(copy)) return copy;
      // This tab moves to the fork; the original stays as the other tab saved it.
      const theirs = await takeTheirs();
      return isStoreError(theirs) ? theirs : copy;
    },
    installPageHandlers(target = globalThis as unknown as EventTarget, doc = (globalThis as { document?: EventTarget & { visibilityState?: string } }).document) {
      const save = () => {
        journal();
        void autosave.flush();
      };
      const hidden = () => {
        if (doc?.visibilityState === "hidden") save();
      };
      target.addEventListener("pagehide", save);
      doc?.addEventListener("visibilitychange", hidden);
      return () => {
        target.removeEventListener("pagehide", save);
        doc?.removeEventListener("visibilitychange", hidden);
      };
    },
    async close() {
      journal();
      await autosave.flush();
      autosave.dispose();
      tabs?.close();
    },
  };
}
