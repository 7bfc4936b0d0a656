/**
 * Wires the store (src/store) into the page: which notebook opens at start, autosave of
 * every transaction, the save-failure warning, the two-tabs conflict dialog, consent, and
 * the File menu (library, history, open/drop, download, share link, HTML export, attach).
 * Panels live in `panels.ts`; this module decides what happens when.
 */
import { diffTransaction } from "../notebook/diff";
import { serialize } from "../notebook/format";
import type { NotebookDoc } from "../notebook/document";
import * as store from "../store";
import { isStoreError, type NotebookSession, type Stores } from "../store";
import type { NotebookApp } from "./app";
import { sanitize } from "./outputs/sanitize";
import { Panels, type PanelActions } from "./panels";
import { clearPendingCopy, readPendingCopy, writePendingCopy } from "./pendingCopy";

/** The worked notebook a fresh profile opens (a copy; the shipped file never changes). */
export const DEFAULT_NOTEBOOK = "kyrgyzstan-customs-union.caravan.ts";
const LAST_KEY = "caravan:last";

/** Connects `app` to IndexedDB and opens the first notebook; resolves once it is shown. */
export async function wirePersistence(app: NotebookApp, root: HTMLElement): Promise<void> {
  const stores = store.openStores();
  void store.requestPersistentStorage();
  let session: NotebookSession | undefined;
  let removePageHandlers = () => {};
  const panels = new Panels(root, actions());

  async function open(id: string): Promise<void> {
    await session?.close();
    removePageHandlers();
    const s = await store.openSession(stores, id, {
      onError: (e) => panels.warn(`Not saved: ${e.message}. Your text is kept in this tab; saving will be retried.`),
      onSaved: (saved) => {
        panels.warn(null);
        if (saved.doc.id === app.doc.id && sameCells(saved.doc, app.doc)) clearPendingCopy(saved.doc.id);
      },
      onUpdated: (theirs) => app.dispatch(diffTransaction(app.doc, theirs.doc, "remote")),
      onConflict: async () => {
        const choice = await panels.askConflict();
        const current = session!;
        if (choice === "keep-mine") await current.keepMine(app.doc);
        else if (choice === "reload") {
          const theirs = await current.takeTheirs();
          if (isStoreError(theirs)) panels.warn(theirs.message);
          else app.dispatch(diffTransaction(app.doc, theirs, "remote"));
        } else {
          const fork = await current.fork(app.doc);
          if (isStoreError(fork)) panels.warn(fork.message);
          else await open(fork.meta.id);
        }
      },
    });
    if (isStoreError(s)) return panels.warn(s.message);
    session = s;
    app.loadDoc(s.initial, { trusted: s.meta.trusted });
    // Edits typed just before a reload that IndexedDB had no time to store.
    const pending = readPendingCopy(s.id);
    if (pending && !sameCells(pending, s.initial)) app.dispatch(diffTransaction(app.doc, pending, "restore"));
    else clearPendingCopy(s.id);
    app.attachments = async (name) => {
      const own = await store.attachmentService(stores, () => s.id)(name);
      return own.ok ? own : shipped(name, own);
    };
    // Not attached to this notebook: a shipped data file of that name, or the shipped resolver's error.
    const shipped = (name: string, _own: Awaited<ReturnType<NotebookApp["attachments"]>>) => defaultAttachments(name);
    const removeStoreHandlers = s.installPageHandlers();
    const keepCopy = () => writePendingCopy(app.doc);
    const onHidden = () => document.visibilityState === "hidden" && writePendingCopy(app.doc);
    addEventListener("pagehide", keepCopy);
    document.addEventListener("visibilitychange", onHidden);
    removePageHandlers = () => {
      removeStoreHandlers();
      removeEventListener("pagehide", keepCopy);
      document.removeEventListener("visibilitychange", onHidden);
    };
    try {
      localStorage.setItem(LAST_KEY, id);
    } catch {
      // Private mode: remembering the last notebook is a convenience only.
    }
    void panels.refresh();
  }

  const defaultAttachments = app.attachments;

  function actions(): PanelActions {
    return {
      stores,
      currentId: () => session?.id,
      open: (id) => open(id),
      async openNew() {
        const created = await store.createNotebook(stores, { title: "Untitled" });
        if (isStoreError(created)) return panels.warn(created.message);
        await open(created.meta.id);
      },
      async openShipped(name, load) {
        const opened = await store.openShipped(stores, name, await load());
        if (isStoreError(opened)) return panels.warn(opened.message);
        await open(opened.meta.id);
      },
      async openFile(file) {
        const outcome = await store.openFile(stores, file.name, new Uint8Array(await file.arrayBuffer()), { openNotebookId: session?.id });
        if (isStoreError(outcome)) return panels.warn(`${file.name}: ${"line" in outcome && outcome.line ? `line ${outcome.line}: ` : ""}${outcome.message}`);
        if (outcome.kind === "notebook") await open(outcome.opened.meta.id);
        else {
          panels.toast(`Attached ${outcome.info.name}: read it with FileAttachment("${outcome.info.name}")`);
          void panels.refresh();
        }
      },
      download() {
        const doc = app.docWithOutputs();
        saveBlob(new Blob([serialize(doc)], { type: "text/plain" }), store.notebookFileName(doc));
      },
      async share() {
        const fragment = await store.encodeShare(app.doc);
        if (isStoreError(fragment)) return panels.warn(`${fragment.message}. Download the file instead (File → Download).`);
        const url = location.origin + location.pathname + fragment;
        try {
          await navigator.clipboard.writeText(url);
          panels.toast("Share link copied to the clipboard");
        } catch {
          panels.showLink(url);
        }
        return url;
      },
      async exportHtml() {
        // Loaded on demand: it brings Arquero's Arrow reader, which the page needs for nothing else.
        const { exportHtml } = await import("../store/exportHtml");
        const html = exportHtml(app.doc, app.outputDisplays(), { sanitize });
        saveBlob(new Blob([html], { type: "text/html" }), store.notebookFileName(app.doc, ".html"));
      },
      async restore(at) {
        if (!session) return;
        const revision = await store.readRevision(stores, session.id, at);
        if (isStoreError(revision)) return panels.warn(revision.message);
        app.dispatch(store.restoreTransaction(app.doc, revision));
        panels.toast("Restored. Undo (z) takes you back.");
      },
      async remove(id) {
        const removed = await store.deleteNotebook(stores, id);
        if (isStoreError(removed)) return panels.warn(removed.message);
        panels.toast(`Deleted "${removed.title}"`, { label: "Undo", run: async () => void (await store.restoreNotebook(stores, id), await panels.refresh()) });
        if (id === session?.id) {
          const list = await store.listNotebooks(stores);
          const next = !isStoreError(list) ? list[0] : undefined;
          if (next) await open(next.id);
          else await this.openNew();
        }
      },
      async duplicate(id) {
        if (id === session?.id) await session.flush();
        const copy = await store.duplicateNotebook(stores, id);
        if (isStoreError(copy)) return panels.warn(copy.message);
        await open(copy.meta.id);
      },
    };
  }

  app.onTransaction((doc, tr) => {
    session?.change(doc, tr);
    if (tr.changes.some((c) => c.type === "title")) void panels.refresh();
  });
  app.onConsent(() => {
    if (session) void store.trustNotebook(stores, session.id);
  });
  installDrop(root, (file) => void actions().openFile(file));

  void store.emptyBin(stores, { olderThanMs: 30 * 24 * 3600 * 1000 });
  await openFirst(stores, panels, open);
}

/** A share link opens as a new notebook (never over an existing one); else the last one; else the study notebook. */
async function openFirst(stores: Stores, panels: Panels, open: (id: string) => Promise<void>): Promise<void> {
  let id: string | undefined;
  if (store.isShareLink(location.hash)) {
    const opened = await store.openShareLink(stores, location.hash);
    history.replaceState(null, "", location.pathname + location.search);
    if (isStoreError(opened)) panels.warn(`This share link cannot be opened: ${opened.message}`);
    else id = opened.meta.id;
  }
  if (!id) {
    let last: string | null = null;
    try {
      last = localStorage.getItem(LAST_KEY);
    } catch {
      last = null;
    }
    const list = await store.listNotebooks(stores);
    if (!isStoreError(list)) id = (list.find((m) => m.id === last) ?? list[0])?.id;
  }
  if (!id) {
    const shipped = store.listShipped().find((n) => n.name === DEFAULT_NOTEBOOK);
    const opened = shipped ? await store.openShipped(stores, shipped.name, await shipped.load()) : await store.createNotebook(stores, {});
    if (isStoreError(opened)) return panels.warn(`Saving is unavailable (${opened.message}); this notebook lives in memory only.`);
    id = opened.meta.id;
  }
  await open(id);
}

function saveBlob(blob: Blob, name: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function installDrop(root: HTMLElement, onFile: (file: File) => void): void {
  root.addEventListener("dragover", (event) => {
    if (event.dataTransfer?.types.includes("Files")) {
      event.preventDefault();
      root.classList.add("dropping");
    }
  });
  root.addEventListener("dragleave", () => root.classList.remove("dropping"));
  root.addEventListener("drop", (event) => {
    root.classList.remove("dropping");
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    onFile(file);
  });
}

/** Whether two documents hold the same title and cells (ids, kinds, modes, sources). */
function sameCells(a: NotebookDoc, b: NotebookDoc): boolean {
  return a.title === b.title && a.cells.length === b.cells.length &&
    a.cells.every((c, i) => { const d = b.cells[i]!; return c.id === d.id && c.kind === d.kind && c.mode === d.mode && c.source === d.source; });
}
