/**
 * Wires the store (src/store) into the page: which notebook opens at start, autosave of
 * every transaction, the safety copy (and the warning and unload prompt when it cannot be
 * written), the two-tabs conflict dialog, consent, and the File menu (library, history,
 * open/drop, download, share link, HTML export, attach). Panels live in `panels.ts`; this
 * module decides what happens when.
 *
 * A notebook from a share link or a file is shown in safe preview without being stored: it
 * reaches the library when the user runs it (consent) or chooses Keep, and only a notebook
 * the user consented to is the one the app opens on the next start. Without IndexedDB the
 * notebook is shown and edited in memory, with a warning.
 */
import { diffTransaction } from "../notebook/diff";
import { DEFAULT_NOTEBOOK } from "../notebook/defaultName";
import { isFormatError, parse } from "../notebook/format";
import { newCellId, type NotebookDoc } from "../notebook/document";
import type { CarriedAttachment } from "../notebook/fileAttachments";
import * as store from "../store";
import { isStoreError, type NotebookMeta, type NotebookOrigin, type NotebookSession, type Stores } from "../store";
import type { NotebookApp, PreviewSource } from "./app";
import { nextTask } from "./dom";
import { parseNotebookText } from "./parseOffPage";
import { sanitize } from "./outputs/sanitize";
import { Panels, type PanelActions } from "./panels";

/** The worked notebook a fresh profile opens (a copy; the shipped file never changes). */
export { DEFAULT_NOTEBOOK };
const LAST_KEY = "caravan:last";
/** The URL fragment that opens the library panel, whatever the last notebook did. */
export const LIBRARY_HASH = "#library";

/** A notebook shown but not stored: a preview from a link or file, or anything when IndexedDB is unavailable. */
interface Unstored {
  readonly origin: NotebookOrigin;
  /** Set for previews: the user may keep it. Unset when storage is unavailable. */
  readonly from?: PreviewSource;
  /** The data files the link or file carried (or named as left out), stored only with the notebook. */
  readonly attachments: readonly CarriedAttachment[];
  edited: boolean;
}

/** Connects `app` to IndexedDB and opens the first notebook; resolves once it is shown. */
export async function wirePersistence(app: NotebookApp, root: HTMLElement): Promise<void> {
  const stores = store.openStores();
  void store.requestPersistentStorage();
  let session: NotebookSession | undefined;
  let unstored: Unstored | undefined;
  /**
   * Each open takes a ticket; one overtaken by a later open while it waited (a file picked or
   * a notebook chosen while the first one still loads) shows nothing and keeps no session.
   */
  let opening = 0;
  let removePageHandlers = () => {};
  const panels = new Panels(root, actions());
  const defaultAttachments = app.attachments;
  let updateNoticeAt = 0;

  const events = (): store.SessionEvents => ({
    onError: (e) => panels.warn(`Not saved: ${e.message}. Your text is kept in this tab; saving will be retried.`),
    onSaved: () => panels.warn(null),
    onJournal: (e) =>
      panels.warn(e ? `No safety copy: ${e.message}. Edits reach the browser's database within a second; the page asks before closing while some are not saved yet.` : null, "safety"),
    onUpdated: (theirs) => {
      app.dispatch(diffTransaction(app.doc, theirs.doc, "remote"));
      // Said once in a while, not on every keystroke of the other tab.
      if (Date.now() - updateNoticeAt > 10_000) panels.toast("Updated with changes saved in another tab.");
      updateNoticeAt = Date.now();
    },
    onConflict: async () => {
      const choice = await panels.askConflict();
      const current = session!;
      if (choice === "keep-mine") {
        const merged = await current.keepMine(app.doc);
        if (isStoreError(merged)) panels.warn(merged.message);
        else app.dispatch(diffTransaction(app.doc, merged, "remote"));
      } else if (choice === "reload") {
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

  async function leave(): Promise<void> {
    await session?.close();
    session = undefined;
    unstored = undefined;
    removePageHandlers();
    removePageHandlers = () => {};
    panels.offerKeep(null);
    // What a link or download of the previous notebook left out is about that notebook only.
    panels.warn(null, "share");
  }

  /** Opens a stored notebook. */
  async function open(id: string, ticket = ++opening): Promise<void> {
    await leave();
    const s = await store.openSession(stores, id, events());
    if (isStoreError(s)) return ticket === opening ? panels.warn(s.message, "open") : undefined;
    // Reading a long notebook and showing it are two tasks (see nextTask).
    await nextTask();
    if (ticket !== opening) return void s.close();
    panels.warn(null, "open");
    app.loadDoc(s.initial, { trusted: s.meta.trusted });
    attach(s);
    if (s.recovered.applied > 0) panels.toast("Your latest typing was recovered from the safety copy.");
    if (s.recovered.setAside > 0) panels.toast("An older safety copy was kept in History (File → History…); the newer saved notebook is open.");
  }

  /** Makes `s` the open notebook's session (the app already shows its document). */
  function attach(s: NotebookSession): void {
    session = s;
    app.attachments = async (name) => {
      const own = await store.attachmentService(stores, () => s.id)(name);
      // Not attached to this notebook: a shipped data file of that name, or the shipped resolver's error.
      // A file the sender left out is said as such, never looked for among the shipped ones.
      return own.ok || own.omitted ? own : defaultAttachments(name);
    };
    removePageHandlers = s.installPageHandlers();
    if (s.meta.trusted) remember(s.id);
    void panels.refresh();
  }

  /** Shows a document without storing it: a preview (the user may keep it) or, without storage, an in-memory notebook. */
  async function showUnstored(doc: NotebookDoc, origin: NotebookOrigin, from: PreviewSource | undefined, attachments: readonly CarriedAttachment[] = [], ticket = ++opening): Promise<void> {
    await leave();
    // Parsing a long notebook (a file, a link) and showing it are two tasks (see nextTask).
    await nextTask();
    if (ticket !== opening) return;
    unstored = { origin, ...(from ? { from } : {}), attachments, edited: false };
    // A fresh id of its own: keeping it can never overwrite a stored notebook.
    app.loadDoc({ ...doc, id: newCellId(), revision: 0 }, from ? { trusted: false, from } : { trusted: true });
    app.attachments = carriedResolver(attachments, defaultAttachments);
    if (from) panels.offerKeep("Not in your notebooks yet: it is stored only if you run it or keep it.", () => void keep(false));
    void panels.refresh();
  }

  /** Stores the previewed notebook as it is now (with any edits) and continues editing it there. */
  async function keep(trusted: boolean): Promise<void> {
    const draft = unstored;
    if (!draft?.from) return;
    const kept = await store.importNotebook(stores, app.doc, draft.origin, { trusted, keepId: true });
    if (isStoreError(kept)) return panels.warn(`This notebook could not be kept: ${kept.message}`, "open");
    // Stored before the session takes over the resolver, so a cell that runs next reads them from the store.
    const data = await store.storeCarriedAttachments(stores, kept.meta.id, draft.attachments);
    if (isStoreError(data)) panels.warn(`The notebook was kept, but its attached data could not be stored: ${data.message}`, "open");
    const s = await store.openSession(stores, kept.meta.id, events());
    if (isStoreError(s)) return panels.warn(s.message, "open");
    unstored = undefined;
    panels.offerKeep(null);
    attach(s);
    // Typed between the import and now.
    if (!sameCells(s.initial, app.doc)) s.change(app.doc);
    panels.toast(trusted ? "Kept in your notebooks." : "Kept in your notebooks; it still runs nothing until you say so.");
  }

  /** The open notebook's attachments as the file format carries them (stored ones, or the preview's). */
  async function openAttachments(): Promise<readonly CarriedAttachment[] | store.StoreError> {
    if (session) return store.carriedAttachments(stores, session.id);
    return unstored?.attachments ?? [];
  }

  /**
   * First start: shows the shipped notebook at once, so its cells compute while its copy is
   * stored, then continues in the stored copy's session (as Keep does for a preview). Edits
   * made meanwhile are saved by the session; if storing fails the notebook stays in memory.
   */
  async function openShippedAtOnce(doc: NotebookDoc, name: string, ticket = ++opening): Promise<void> {
    await leave();
    if (ticket !== opening) return;
    const shown = { ...doc, id: newCellId(), revision: 0 };
    app.loadDoc(shown, { trusted: true });
    const kept = await store.importNotebook(stores, shown, { kind: "shipped", name }, { trusted: true, keepId: true });
    const s = isStoreError(kept) ? kept : await store.openSession(stores, kept.meta.id, events());
    // Stored in the library all the same, but no longer what the page shows.
    if (ticket !== opening) return isStoreError(s) ? undefined : void s.close();
    if (isStoreError(s)) {
      unstored = { origin: { kind: "shipped", name }, attachments: [], edited: !sameCells(shown, app.doc) };
      return panels.warn(`Saving is unavailable (${s.message}); this notebook lives in memory only and is lost when the tab closes.`, "memory");
    }
    attach(s);
    if (!sameCells(s.initial, app.doc)) s.change(app.doc);
  }

  function remember(id: string): void {
    try {
      localStorage.setItem(LAST_KEY, id);
    } catch {
      // Private mode: remembering the last notebook is a convenience only.
    }
  }

  function actions(): PanelActions {
    return {
      stores,
      currentId: () => session?.id,
      open: (id) => open(id),
      async openNew() {
        const created = await store.createNotebook(stores, { title: "Untitled" });
        if (isStoreError(created)) return panels.warn(created.message, "open");
        await open(created.meta.id);
      },
      async openShipped(name, load) {
        const opened = await store.openShipped(stores, name, await load());
        if (isStoreError(opened)) return panels.warn(opened.message, "open");
        await open(opened.meta.id);
      },
      async openFile(file) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const incoming = await store.readIncomingFile(file.name, bytes, parseNotebookText);
        if (isStoreError(incoming)) return panels.warn(`${file.name}: ${"line" in incoming && incoming.line ? `line ${incoming.line}: ` : ""}${incoming.message}`, "open");
        panels.warn(null, "open");
        if (incoming.kind === "notebook") return showUnstored(incoming.doc, { kind: "file", name: file.name }, incoming.from, incoming.attachments);
        const outcome = await store.openFile(stores, file.name, bytes, { openNotebookId: session?.id });
        if (isStoreError(outcome)) return panels.warn(`${file.name}: ${outcome.message}`, "open");
        if (outcome.kind === "attachment") {
          panels.toast(`Attached ${outcome.info.name}: read it with FileAttachment("${outcome.info.name}")`);
          void panels.refresh();
        }
      },
      async download() {
        const doc = app.docWithOutputs();
        const data = await openAttachments();
        if (isStoreError(data)) return panels.warn(`Not downloaded: the attached data could not be read (${data.message}).`, "open");
        const file = store.notebookFileWithAttachments(doc, data);
        const left = leftOut(data, file.omitted);
        // Its own slot: cleared by the next download or link that leaves nothing out.
        panels.warn(left.length > 0 ? `Downloaded without ${store.omittedMessage(left, "file")}.` : null, "share");
        saveBlob(new Blob([file.text], { type: "text/plain" }), store.notebookFileName(doc));
      },
      async share() {
        const data = await openAttachments();
        if (isStoreError(data)) return panels.warn(`No link made: the attached data could not be read (${data.message}).`, "open");
        const shared = await store.encodeShareWithAttachments(app.doc, data);
        if (isStoreError(shared)) return panels.warn(`${shared.message}. Download the file instead (File → Download).`, "open");
        // Made in the reader view, the link opens in it too.
        const url = store.shareUrl(location.origin + location.pathname, shared.fragment, { reader: app.readerView });
        // Said before anything else, so the sharer knows the link travels without these files.
        const left = leftOut(data, shared.omitted);
        panels.warn(left.length > 0 ? `The link leaves out data: ${store.omittedMessage(left)} (File → Download).` : null, "share");
        try {
          await navigator.clipboard.writeText(url);
          panels.toast(left.length > 0 ? "Share link copied, without the data named above" : "Share link copied to the clipboard");
        } catch {
          panels.showLink(url);
        }
        return url;
      },
      async exportHtml() {
        // Loaded on demand: it brings Arquero's Arrow reader, which the page needs for nothing else.
        const { exportHtml } = await import("../store/exportHtml");
        const html = exportHtml(app.doc, app.outputDisplays(), { sanitize, consoles: app.outputConsoles() });
        saveBlob(new Blob([html], { type: "text/html" }), store.notebookFileName(app.doc, ".html"));
      },
      async restore(at) {
        if (!session) return;
        const revision = await store.readRevision(stores, session.id, at);
        if (isStoreError(revision)) return panels.warn(revision.message);
        // What the restore replaces outlives the page (undo does not): it is a revision too.
        const kept = await store.recordRevision(stores, app.doc, { label: `before restoring the revision of ${new Date(at).toLocaleString()}` });
        if (isStoreError(kept)) return panels.warn(`Not restored: the current version could not be kept first (${kept.message}).`);
        app.dispatch(store.restoreTransaction(app.doc, revision));
        await session.flush();
        panels.toast("Restored. Undo (z) takes you back; the version before is in History.");
        void panels.refresh();
      },
      async remove(id) {
        const removed = await store.deleteNotebook(stores, id);
        if (isStoreError(removed)) return panels.warn(removed.message);
        panels.toast(`Deleted "${removed.title}"`, { label: "Undo", run: async () => void (await store.restoreNotebook(stores, id), await panels.refresh()) });
        if (id === session?.id) {
          const list = await store.listNotebooks(stores);
          const next = !isStoreError(list) ? list.find((m) => m.trusted) : undefined;
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
    if (session) session.change(doc, tr);
    else if (unstored && tr.origin !== "load" && tr.origin !== "remote") unstored.edited = true;
    if (tr.changes.some((c) => c.type === "title")) void panels.refresh();
  });
  app.onConsent(() => {
    if (unstored?.from) void keep(true).then(() => session && remember(session.id));
    else if (session) {
      const id = session.id;
      void store.trustNotebook(stores, id).then((meta) => !isStoreError(meta) && remember(id));
    }
  });
  // Asked only while something would be lost: unsaved edits with no safety copy, or edits to a notebook that is not stored.
  window.addEventListener("beforeunload", (event: BeforeUnloadEvent) => {
    const atRisk = session ? session.dirty && session.journalError !== undefined : unstored?.edited === true;
    if (!atRisk) return;
    event.preventDefault();
    event.returnValue = true;
  });
  window.addEventListener("hashchange", () => {
    // A share link pasted into this tab's address bar opens as at start (in safe preview).
    if (store.isShareLink(location.hash)) return location.reload();
    if (location.hash === LIBRARY_HASH) void panels.showLibrary();
  });
  installDrop(root, (file) => void actions().openFile(file));

  void store.emptyBin(stores, { olderThanMs: 30 * 24 * 3600 * 1000 });
  await openFirst(stores, panels, { open, showUnstored, openShippedAtOnce }, ++opening);
  // `?view=reader` asks for the reader view for whatever opened (a link, the last notebook).
  if (store.readerRequested(location.search)) app.setReader(true);
  if (location.hash === LIBRARY_HASH) await panels.showLibrary();
}

/**
 * A share link opens in safe preview, not stored; else the last notebook the user consented
 * to; else the newest such; else a copy of the study notebook. Without storage the study
 * notebook opens in memory.
 */
async function openFirst(
  stores: Stores,
  panels: Panels,
  to: {
    open(id: string, ticket: number): Promise<void>;
    showUnstored(doc: NotebookDoc, origin: NotebookOrigin, from: PreviewSource | undefined, attachments: readonly CarriedAttachment[], ticket: number): Promise<void>;
    openShippedAtOnce(doc: NotebookDoc, name: string, ticket: number): Promise<void>;
  },
  /** The open's ticket (see `opening`): a notebook the user opens meanwhile is not replaced by this one. */
  ticket: number,
): Promise<void> {
  // The app's start (its script evaluated, its frame built) and the first notebook's opening
  // are tasks of their own: a long notebook's link is not parsed inside the start's task.
  await nextTask();
  if (store.isShareLink(location.hash)) {
    const file = await store.decodeShareFile(location.hash, { parse: parseNotebookText });
    history.replaceState(null, "", location.pathname + location.search);
    if (!isStoreError(file)) return to.showUnstored(file.doc, { kind: "share" }, "link", file.attachments, ticket);
    // Said once the fallback notebook is open (opening one clears the "open" warning).
    await openFirst(stores, panels, to, ticket);
    return panels.warn(`This share link cannot be opened: ${file.message}`, "open");
  }
  let last: string | null = null;
  try {
    last = localStorage.getItem(LAST_KEY);
  } catch {
    last = null;
  }
  const shipped = store.listShipped().find((n) => n.name === DEFAULT_NOTEBOOK);
  // Likely a first visit: the study notebook's text loads while the store is asked.
  const early = last === null ? shipped?.load() : undefined;
  early?.catch(() => undefined);
  const list = await store.listNotebooks(stores);
  if (!isStoreError(list)) {
    const trusted = (m: NotebookMeta) => m.trusted;
    const id = (list.find((m) => m.id === last && trusted(m)) ?? list.find(trusted))?.id;
    if (id) return to.open(id, ticket);
  }
  const text = shipped ? await (early ?? shipped.load()) : undefined;
  const parsed = text !== undefined ? parse(text) : undefined;
  if (!isStoreError(list) && parsed && !isFormatError(parsed)) return to.openShippedAtOnce(parsed, shipped!.name, ticket);
  const opened = isStoreError(list) ? list : text !== undefined ? await store.openShipped(stores, shipped!.name, text) : await store.createNotebook(stores, {});
  if (!isStoreError(opened)) return to.open(opened.meta.id, ticket);
  // No storage: the notebook is shown and edited in memory, and the page says so.
  const doc = text !== undefined ? parse(text) : undefined;
  await to.showUnstored(doc && !isFormatError(doc) ? doc : { id: "memory", title: "Untitled", cells: [{ id: "c1", kind: "code", source: "", mode: "auto" }], revision: 0 }, { kind: "new" }, undefined, [], ticket);
  panels.warn(`Saving is unavailable (${opened.message}); this notebook lives in memory only and is lost when the tab closes.`, "memory");
}

/**
 * Resolves `FileAttachment(name)` for a notebook not stored yet: the files its link or file
 * carried, a message naming a file the sender left out, else `fallback` (shipped data).
 */
function carriedResolver(
  carried: readonly CarriedAttachment[],
  fallback: (name: string) => Promise<store.AttachmentServiceReply>,
): (name: string) => Promise<store.AttachmentServiceReply> {
  return async (name) => {
    const found = carried.find((a) => a.name === name);
    if (!found) return fallback(name);
    if (!found.bytes) return { ok: false, message: store.omittedAttachmentMessage(found.name, found.size), omitted: true };
    const type = store.attachmentType(name);
    // A copy: the reply's buffer may be transferred to the worker, and the preview keeps its own for Keep.
    return { ok: true, bytes: found.bytes.slice(), mimeType: isStoreError(type) ? "application/octet-stream" : store.attachmentMime(type) };
  };
}

/** The attachments that had bytes here but were left out of a link or file (ones that came without bytes are not news). */
function leftOut(data: readonly CarriedAttachment[], omitted: readonly { name: string; size: number }[]): { name: string; size: number }[] {
  return omitted.filter((o) => data.some((a) => a.name === o.name && a.bytes));
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

/** Whether two documents hold the same title, view and cells (ids, kinds, modes, sources, hidden code). */
function sameCells(a: NotebookDoc, b: NotebookDoc): boolean {
  return a.title === b.title && a.cells.length === b.cells.length &&
    a.view === b.view &&
    a.cells.every((c, i) => { const d = b.cells[i]!; return c.id === d.id && c.kind === d.kind && c.mode === d.mode && c.source === d.source && c.hideCode === d.hideCode; });
}
