/**
 * One open notebook in one tab: autosave, revision history and the other tabs wired
 * together, so the UI makes one call per event (open, change, page hidden, conflict choice).
 */
import type { NotebookDoc, Transaction } from "../notebook/document";
import { createAutosave, type Autosave } from "./autosave";
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
}

/** An open notebook. */
export interface NotebookSession {
  readonly id: string;
  readonly tab: string;
  readonly meta: NotebookMeta;
  /** The document as loaded. */
  readonly initial: NotebookDoc;
  /**
   * Call after every transaction with the new document (fits `app.onTransaction`). Remote
   * and load transactions only update what the tab holds: saving them again would make two
   * tabs echo each other's saves forever.
   */
  change(doc: NotebookDoc, tr?: Pick<Transaction, "origin">): void;
  /** Saves now (pagehide, visibilitychange, before navigating away). */
  flush(): Promise<void>;
  /** Resolves a conflict by writing this tab's document over the other tab's. */
  keepMine(doc: NotebookDoc): Promise<StoredNotebook | StoreError | undefined>;
  /** Resolves a conflict (or an update) by taking the stored version; returns the document to show. */
  takeTheirs(): Promise<NotebookDoc | StoreError>;
  /** Resolves a conflict by saving this tab's document as a new notebook; the UI then opens it. */
  fork(doc: NotebookDoc): Promise<OpenedNotebook | StoreError>;
  /** Saves on `pagehide` and when the page is hidden; returns a function that removes the handlers. */
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
}

/** Opens a notebook for editing in this tab. */
export async function openSession(stores: Stores, id: string, events: SessionEvents = {}, options: SessionOptions = {}): Promise<NotebookSession | StoreError> {
  const opened = await openNotebook(stores, id);
  if (isStoreError(opened)) return opened;
  const tab = options.tab ?? newTabId();
  const now = options.now ?? Date.now;
  const historyEvery = options.historyEveryMs ?? 60_000;
  let latest = opened.saved.doc;
  let lastRevision = -Infinity;
  let tabs: TabSync | undefined;
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
    delayMs: options.delayMs,
    now,
    onError(error) {
      if (error.kind === "conflict") conflict({ kind: "conflict", message: error.message, theirs: error.theirs, mine: error.mine });
      else events.onError?.(error);
    },
    onSaved(saved) {
      tabs?.announceSaved(saved.rev);
      if (now() - lastRevision >= historyEvery) {
        lastRevision = now();
        void recordRevision(stores, saved.doc, { now: lastRevision });
      }
      events.onSaved?.(saved);
    },
  });

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
        events.onUpdated?.(event.theirs);
      } else events.onPeers?.(event.tabs);
    },
  });

  async function takeTheirs(): Promise<NotebookDoc | StoreError> {
    const theirs = await readNotebook(stores, id);
    if (isStoreError(theirs)) return theirs;
    conflictOpen = false;
    autosave.adopt(theirs);
    latest = theirs.doc;
    return theirs.doc;
  }

  return {
    id,
    tab,
    meta: opened.meta,
    initial: opened.saved.doc,
    change(doc, tr) {
      latest = doc;
      if (tr?.origin !== "remote" && tr?.origin !== "load") autosave.change(doc);
    },
    async flush() {
      await autosave.flush();
    },
    keepMine(doc) {
      conflictOpen = false;
      latest = doc;
      return autosave.overwrite(doc);
    },
    takeTheirs,
    async fork(doc) {
      const copy = await importNotebook(stores, { ...doc, title: `${doc.title} (fork)` }, { kind: "duplicate", from: id }, { trusted: opened.meta.trusted, tab, now: now() });
      if (isStoreError(copy)) return copy;
      // This tab moves to the fork; the original stays as the other tab saved it.
      const theirs = await takeTheirs();
      return isStoreError(theirs) ? theirs : copy;
    },
    installPageHandlers(target = globalThis as unknown as EventTarget, doc = (globalThis as { document?: EventTarget & { visibilityState?: string } }).document) {
      const save = () => void autosave.flush();
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
      await autosave.flush();
      autosave.dispose();
      tabs?.close();
    },
  };
}
