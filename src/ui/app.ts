/**
 * Where the notebook lives in the UI. The text is a NotebookDoc changed only through
 * transactions (so nothing is lost when the kernel is restarted); the kernel sees the
 * source of each cell as of its last run. Seams for persistence and sharing:
 *  - `onTransaction(hook)`: every applied transaction, with the new document;
 *  - `loadDoc(doc, {trusted})`: untrusted documents open in safe preview and run nothing
 *    until the user clicks "Run this notebook".
 */
import type { CellView } from "./cellView";
import { apply, emptyHistory, invert, makeCell, record, redo, tx, undo, type Cell, type NotebookDoc, type Transaction, type UndoHistory } from "../notebook/document";
import type { CellError, CellSpec, CellStatus } from "../kernel/types";
import type { AttachmentReply, WorkerEvent } from "../../workers/protocol";
import type { ConsoleState } from "../../workers/consoleMerge";
import { displayText, errorOutput } from "../display/text";
import type { Display, WidgetInput } from "../display/types";
import { attachmentNames, fetchShippedAhead, shippedAttachment } from "./attachments";
import type { Command } from "./keys";
import { KernelClient } from "./kernelClient";
import { NotebookView } from "./notebookView";
import { Toolbar } from "./toolbar";
import type { ConsentSource } from "./consent";
import { EventPump, type CellEvent } from "./eventPump";
import { CrashGuard } from "./crashGuard";
import { SafeModeBar } from "./safeMode";
import { Heartbeat, type Liveness } from "./heartbeat";
import { Navigation } from "./navigation";
import { ReaderMode } from "./reader";

/** Display kinds (the rest of what `displays` holds are cell errors). */
const DISPLAY_KINDS: ReadonlySet<string> = new Set<Display["kind"]>(["empty", "inspect", "table", "plot", "html", "markdown", "widget"]);

/** Milliseconds Stop waits for the kernel to answer before replacing the worker. */
const STOP_PING_MS = 150;
/**
 * How long a kernel that answered the ping has to stop what it computes. Cell code runs in the
 * kernel's realm and can break its answer (a patched built-in made `stopComputing` throw or
 * spin): past this, or on any failure, Stop replaces the worker instead.
 */
const STOP_ANSWER_MS = 500;
/** `promise`'s value if it settles within `ms` milliseconds, else `fallback`. */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([promise, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms))]);
}
/** A Stop pressed while an earlier Stop's restart is under way waits for it, unless that restart is older than this. */
const RESTART_STALE_MS = 5000;
/**
 * A running cell with no word from the worker for this long (a worker that answers sends
 * something at least every heartbeat) means the worker is stuck: Stop replaces it at once.
 */
const SILENT_RUNNING_MS = 400;
/** How long the notebook must have been quiet before a spare worker is loaded for the next restart. */
const SPARE_AFTER_QUIET_MS = 1500;
/**
 * …or busy this long without a break, or at once when a running cell has kept the worker
 * silent for SILENT_RUNNING_MS (a runaway is suspected): such a computation may well end in
 * Stop, which then only hands the spare its port instead of waiting for a worker to load. A
 * long run of quick cells keeps the worker talking, and gets no spare to compete with it.
 */
const SPARE_AFTER_BUSY_MS = 5000;
/**
 * A running cell's silence that suggests a runaway before the opened notebook has first gone
 * quiet: its first computation (a cold start) has cells that legitimately solve for a second,
 * and a spare loaded then takes a core from it.
 */
const SILENT_RUNNING_FIRST_MS = 3000;
/** …and the busy stretch that brings a spare during that first computation. */
const SPARE_AFTER_BUSY_FIRST_MS = 15_000;
/** Quiet this long once the worker has the cells, the first computation counts as over (not the instant before the first status). */
const SETTLED_AFTER_QUIET_MS = 500;

/** Called after every applied transaction. */
export type TransactionHook = (doc: NotebookDoc, tr: Transaction) => void;

/** How a document is opened: `trusted: false` for share links, imported files and HTML exports. */
export interface LoadOptions {
  trusted: boolean;
  /** Where an untrusted notebook came from, said beside the consent control. */
  from?: PreviewSource;
  /** Open in the reader view whatever the document asks (a link's `?view=reader`). */
  reader?: boolean;
}

/** Where a notebook opened in safe preview came from. */
export type PreviewSource = ConsentSource;


/** The notebook application: document state, kernel sync and commands. */
export class NotebookApp {
  doc: NotebookDoc;
  trusted = true;
  /** Resolves attachments for `FileAttachment(name)`: the shipped data files, unless the store puts its own resolver here. */
  attachments: (name: string) => Promise<AttachmentReply> = shippedAttachment;
  readonly kernel: KernelClient;
  /** Milliseconds from the last Stop to a fresh kernel with the notebook sent again. */
  lastRestartMs: number | null = null;
  /** When the restart under way began (null: none). */
  private restartingSince: number | null = null;

  private history: UndoHistory = emptyHistory;
  private committed = new Map<string, string>();
  private hooks: TransactionHook[] = [];
  private consentHooks: (() => void)[] = [];
  private statuses = new Map<string, CellStatus>();
  /** Cells queued or running, and cells running (kept as events arrive, not recounted per event). */
  private busyCells = new Set<string>();
  /** When cells were last busy (or the kernel not yet given cells), for loading a spare worker. */
  private quietSince = 0;
  /** When the current busy stretch began (Infinity while quiet). */
  private busySince = Infinity;
  private runningCells = new Set<string>();
  private outputs = new Map<string, string>();
  /** The last display or error of each cell, for the HTML export. */
  private displays = new Map<string, Display | CellError>();
  /** The last input to each widget, with the source of the cell that made the widget. */
  private widgetInputs = new Map<string, { source: string; input: WidgetInput }>();
  private readonly view: NotebookView;
  private readonly toolbar: Toolbar;
  private readonly heartbeat: Heartbeat;
  private readonly pump: EventPump;
  /** Ids of the open document's cells, for the door (rebuilt when the document changes). */
  private known: { doc: NotebookDoc; ids: Set<string> } | null = null;
  /** Whether the current worker has been given any cells (a fresh one need not be replaced). */
  private sentCells = false;
  /** Whether the opened document's notebook has gone quiet once (its first computation ended). */
  private settled = false;
  /** Whether the current worker has taken the cells (its `setCells` answered): until then it is loading, not quiet. */
  private kernelHasCells = false;
  private readonly guard = new CrashGuard();
  /** Cells to mark interrupted before the next `setCells` (stopped on an earlier visit). */
  private pendingInterrupts: string[] = [];
  private readonly safeMode: SafeModeBar;
  /** The command palette, the navigator (dependencies, variables, find and replace) and folds. */
  readonly navigation: Navigation;
  private readonly reader: ReaderMode;

  /** Opens `doc` first (pass the restored or shared document here rather than loading it after). */
  constructor(root: HTMLElement, doc: NotebookDoc, options: LoadOptions = { trusted: true }) {
    this.doc = doc;
    this.toolbar = new Toolbar({
      runAll: () => this.runAll(),
      stop: () => void this.stop(),
      consent: () => this.consent(),
      retitle: (t) => this.dispatch(tx.title(this.doc, t)),
      reader: () => this.setReader(!this.reader.on),
    });
    this.reader = new ReaderMode(root, {
      onChange: (on) => this.setReader(on),
      onSaveView: (on) => this.dispatch(tx.view(this.doc, on ? "reader" : undefined)),
    });
    this.view = new NotebookView(this, (command, id) => this.command(command, id));
    this.safeMode = new SafeModeBar({ runOthers: () => this.leaveSafeMode(true), runAll: () => this.leaveSafeMode(false) });
    root.append(this.toolbar.root, this.safeMode.root, this.reader.nav, this.view.root);
    this.navigation = new Navigation(this, root);
    this.toolbar.addTools(this.navigation.tools);
    // A normal close is not a crash: only a stuck kernel keeps the record of what ran.
    addEventListener("pagehide", () => {
      if (!this.heartbeat.stuck) this.guard.running(this.doc.id, [], null, { immediate: true });
    });
    this.pump = new EventPump((event) => this.onEvent(event), undefined, (id) => this.view.isNear(id));
    this.kernel = new KernelClient({
      onEvents: (events) => this.receive(events),
      knows: (id) => this.knows(id),
      attachment: (name) => this.attachments(name),
      onCrash: (message) => this.toolbar.setKernelState("crashed", message),
      // Every worker that answers says so, not only the first: the first may be replaced (a file
      // picked as the app opens) before it answers. A restart says so itself once cells are sent.
      onReady: () => {
        if (this.restartingSince === null) this.toolbar.setKernelState("ready");
      },
      onFlood: () => void this.afterFlood(),
    });
    this.heartbeat = new Heartbeat(this.kernel, (liveness) => this.showLiveness(liveness));
    setInterval(() => this.tick(), 100);
    this.loadDoc(doc, options);
  }

  /** Called when the user consents to run an untrusted notebook (the store remembers it). */
  onConsent(hook: () => void): void {
    this.consentHooks.push(hook);
  }

  /** Subscribes to applied transactions; returns the unsubscribe function. */
  onTransaction(hook: TransactionHook): () => void {
    this.hooks.push(hook);
    return () => (this.hooks = this.hooks.filter((h) => h !== hook));
  }

  /** Opens a document. Untrusted documents show code and saved outputs and run nothing. */
  loadDoc(doc: NotebookDoc, options: LoadOptions): void {
    this.doc = doc;
    this.history = emptyHistory;
    this.trusted = options.trusted;
    this.committed = new Map(doc.cells.map((c) => [c.id, c.source]));
    this.settled = false;
    this.statuses.clear();
    this.busyCells.clear();
    // (The old notebook's computing cells no longer keep the toolbar busy.)
    this.toolbar.setBusy(false);
    this.runningCells.clear();
    this.outputs.clear();
    this.displays.clear();
    this.widgetInputs.clear();
    if (options.trusted) fetchShippedAhead(attachmentNames(doc.cells.filter((c) => c.kind === "code").map((c) => c.source)));
    // Each document gets a fresh worker: nothing one notebook left in the worker's globals
    // is visible to the next, and every cell of the new one runs. The old worker goes, and the
    // banner of a notebook not consented to shows, before its views are built: whatever its
    // content does to the building, it never runs in the old worker or shows without the banner.
    this.pump.clear();
    this.kernelHasCells = false;
    if (this.sentCells) {
      this.heartbeat.reset();
      this.sentCells = false;
      // A preview runs nothing until the user says so: its fresh worker starts once the page
      // idles after the preview is built (or when the kernel is first asked for). Started at
      // once, its bundle's evaluation took a core while the preview's first screens were built.
      void this.kernel.restart(false, { later: !options.trusted });
      // The old worker is gone: the toolbar says so until the new one answers (onReady). A
      // restart under way for the old notebook (Stop) is over: its worker has been replaced.
      this.restartingSince = null;
      this.toolbar.setKernelState("starting");
    }
    this.toolbar.setTitle(doc.title);
    this.toolbar.setPreview(!options.trusted, options.from);
    this.view.reset(doc);
    this.setReader(options.reader === true || doc.view === "reader");
    this.safeMode.hide();
    const guarded = this.guard.read(doc.id);
    // Cells the user stopped stay stopped until edited or run by hand.
    this.pendingInterrupts = guarded.interrupted.filter((c) => doc.cells.some((d) => d.id === c.id && d.source === c.source)).map((c) => c.id);
    if (options.trusted && guarded.running.some((id) => doc.cells.some((c) => c.id === id))) return this.enterSafeMode(guarded.suspect, guarded.running);
    if (options.trusted) void this.sync();
    else for (const cell of doc.cells) this.view.cell(cell.id)?.showSaved(cell);
  }

  /** The last visit ended while cells ran (a crash, a kill, a stuck kernel): run nothing, name the suspect. */
  private enterSafeMode(suspect: string | null, running: string[]): void {
    const blamed = suspect && this.doc.cells.some((c) => c.id === suspect) ? suspect : running[running.length - 1]!;
    this.safeModeSuspect = blamed;
    for (const cell of this.doc.cells) this.view.cell(cell.id)?.showSaved(cell);
    const error: CellError = { kind: "interrupted", cell: blamed, message: "not run: the last visit ended while this cell was running" };
    this.displays.set(blamed, error);
    this.statuses.set(blamed, "interrupted");
    this.view.cell(blamed)?.setError(error);
    this.view.cell(blamed)?.setStatus("interrupted", performance.now());
    this.safeMode.show(`The last visit ended while ${this.cellName(blamed)} was running (the tab or the kernel may have crashed). Nothing has run.`);
  }

  private safeModeSuspect: string | null = null;

  /** The user chose what to run after a crash: everything but the suspect, or everything. */
  private leaveSafeMode(sparing: boolean): void {
    const suspect = this.safeModeSuspect;
    this.safeModeSuspect = null;
    this.safeMode.hide();
    this.guard.clearCrash(this.doc.id);
    if (sparing && suspect) {
      const source = this.doc.cells.find((c) => c.id === suspect)?.source ?? "";
      this.guard.interrupted(this.doc.id, [{ id: suspect, source }]);
      this.pendingInterrupts.push(suspect);
    }
    void this.sync();
  }

  /** Brings a view built late (a long notebook is built a frame at a time) up to what its cell shows now. */
  replay(view: CellView, cell: Cell): void {
    this.navigation.decorate(view.root, cell.id);
    if (!this.trusted || this.safeModeSuspect !== null) view.showSaved(cell);
    // A manual cell runs only when asked: until then it shows what it computed when saved.
    else if (cell.kind === "code" && cell.mode === "manual" && cell.output !== undefined && !this.displays.has(cell.id)) {
      view.showSaved(cell, "Saved with the notebook; this cell runs when you ask (Shift-Enter, or its ▶).");
    }
    view.setDirty(this.committed.has(cell.id) && this.committed.get(cell.id) !== cell.source);
    const shown = this.displays.get(cell.id);
    if (shown) {
      if (DISPLAY_KINDS.has(shown.kind)) view.setDisplay(shown as Display);
      else view.setError(shown as CellError);
    }
    const status = this.statuses.get(cell.id);
    if (status) view.setStatus(status, performance.now());
  }

  /** The one deliberate click that runs an untrusted notebook. */
  consent(): void {
    if (this.trusted) return;
    this.trusted = true;
    for (const hook of this.consentHooks) hook();
    this.toolbar.setPreview(false);
    void this.sync();
  }

  /** Whether the reader view (narrative, outputs and widgets only) is on. */
  get readerView(): boolean {
    return this.reader.on;
  }

  /** Switches the reader view on or off; the cells keep running (and in preview, keep showing saved outputs only). */
  setReader(on: boolean): void {
    this.reader.set(on, this.doc);
    this.toolbar.setReader(on);
  }

  /** Applies a transaction to the document and shows it. */
  dispatch(tr: Transaction): void {
    const before = this.doc;
    this.doc = apply(this.doc, tr);
    if (tr.origin !== "undo" && tr.origin !== "redo") this.history = record(this.history, tr, performance.now());
    this.afterChange(before, tr);
  }

  private afterChange(before: NotebookDoc, tr: Transaction): void {
    this.view.reconcile(this.doc);
    for (const cell of this.doc.cells) this.view.cell(cell.id)?.setDirty(this.committed.has(cell.id) && this.committed.get(cell.id) !== cell.source);
    if (this.doc.title !== before.title) this.toolbar.setTitle(this.doc.title);
    this.reader.refresh(this.doc);
    for (const hook of this.hooks) hook(this.doc, tr);
    const structural = tr.changes.some((c) => c.type !== "edit" && c.type !== "output" && c.type !== "title" && c.type !== "hide" && c.type !== "view");
    if (structural) {
      for (const cell of this.doc.cells) if (!this.committed.has(cell.id)) this.committed.set(cell.id, cell.source);
      void this.sync();
    }
  }

  /** The cells as the kernel should see them: document order, last-run sources. */
  specs(): CellSpec[] {
    return this.doc.cells.map((c) => ({ id: c.id, kind: c.kind, source: this.committed.get(c.id) ?? c.source, mode: c.mode }));
  }

  private sync(): Promise<void> {
    if (!this.trusted || this.safeModeSuspect !== null) return Promise.resolve();
    const specs = this.specs();
    const interrupts = this.pendingInterrupts;
    this.pendingInterrupts = [];
    this.sentCells ||= specs.length > 0;
    return this.kernel
      .api()
      .then(async (api) => {
        for (const id of interrupts) await api.markInterrupted(id);
        await api.setCells(specs);
        if (specs.length === 0 || this.kernelHasCells) return;
        performance.mark("caravan:cells-taken");
        this.kernelHasCells = true;
      })
      .catch((error: Error) => this.toolbar.setKernelState("crashed", error.message));
  }

  /** Runs one cell with its current text (re-runs it when the text did not change). */
  run(id: string): void {
    const cell = this.doc.cells.find((c) => c.id === id);
    if (!cell) return;
    if (!this.trusted) return this.toolbar.flashPreview();
    const changed = this.committed.get(id) !== cell.source;
    this.committed.set(id, cell.source);
    this.guard.resumed(this.doc.id, id);
    this.view.cell(id)?.setDirty(false);
    // A manual cell's new text alone only makes it stale: it is asked to run as well.
    if (changed && cell.mode !== "manual") void this.sync();
    else if (changed) void this.sync().then(() => this.kernel.api()).then((api) => api.runCell(id));
    else void this.kernel.api().then((api) => api.runCell(id));
  }

  /**
   * Runs what is out of date (marimo's "run stale cells"): manual cells marked stale, and
   * cells edited since they last ran. Returns their ids, in document order.
   */
  runStale(): string[] {
    if (!this.trusted) {
      this.toolbar.flashPreview();
      return [];
    }
    const edited = this.doc.cells.filter((c) => this.committed.get(c.id) !== c.source);
    const manual = this.doc.cells.filter((c) => c.mode === "manual" && (this.statuses.get(c.id) === "stale" || edited.includes(c)));
    for (const cell of edited) {
      this.committed.set(cell.id, cell.source);
      this.guard.resumed(this.doc.id, cell.id);
      this.view.cell(cell.id)?.setDirty(false);
    }
    // Edited auto cells run when the kernel gets their text; manual ones only when asked.
    if (edited.length) this.sync();
    if (manual.length) void this.kernel.api().then(async (api) => {
      for (const cell of manual) await api.runCell(cell.id);
    });
    return this.doc.cells.filter((c) => edited.includes(c) || manual.includes(c)).map((c) => c.id);
  }

  /** The status cell `id` last reported. */
  statusOf(id: string): CellStatus | undefined {
    return this.statuses.get(id);
  }

  /** Selects cell `id` in command mode, scrolled into view and focused. */
  reveal(id: string): void {
    this.view.select(id);
  }

  /** Runs every cell afresh, with its current text, in a new worker (widgets keep their values). */
  runAll(): void {
    // In preview only the armed consent button runs the notebook: Run all points at it.
    if (!this.trusted) return this.toolbar.flashPreview();
    for (const cell of this.doc.cells) {
      this.committed.set(cell.id, cell.source);
      this.view.cell(cell.id)?.setDirty(false);
    }
    void this.restart([], false);
  }

  /**
   * Stops what computes. If the kernel answers at once, what runs is waiting (on a timer, a
   * generator, a solve): those cells are interrupted and nothing else changes. If it does
   * not, the worker is replaced: the cell to blame (the last to start work) is interrupted,
   * other cells that were running start again, and finished cells come back with the values
   * they had (saved outside the worker) instead of running again.
   */
  async stop(): Promise<void> {
    const started = performance.now();
    // A second Stop during the first one's restart would blame the cells that were only waiting
    // in the old worker and restart again: it waits for the restart under way (unless that one is stuck).
    if (this.restartingSince !== null && started - this.restartingSince < RESTART_STALE_MS) return;
    const running = this.doc.cells.filter((c) => this.statuses.get(c.id) === "running").map((c) => c.id);
    // A cell runs and the worker has said nothing for a while: it is stuck now, no need to ask.
    const silent = running.length > 0 && this.heartbeat.quietFor(performance.now()) >= SILENT_RUNNING_MS;
    const answers = this.kernel.started && !this.heartbeat.stuck && !silent && (await this.answersWithin(STOP_PING_MS));
    if (answers) {
      const api = await this.kernel.api();
      const stopped = await within(
        api.stopComputing().then(
          (ids) => (Array.isArray(ids) ? ids : null),
          () => null,
        ),
        STOP_ANSWER_MS,
        null,
      );
      if (stopped !== null) {
        this.interruptShown(stopped.filter((id): id is string => typeof id === "string" && this.knows(id)));
        this.lastRestartMs = performance.now() - started;
        return;
      }
    }
    const suspect = this.heartbeat.suspect();
    const blamed = suspect !== null ? [suspect] : running;
    await this.restart(blamed, true, started);
  }

  /** Whether the kernel answers a ping within `ms` milliseconds. */
  private async answersWithin(ms: number): Promise<boolean> {
    const api = await this.kernel.api();
    return within(api.ping().then(() => true, () => false), ms, false);
  }

  /** Shows `cells` as interrupted at once and remembers it for the next visit. */
  private interruptShown(cells: string[]): void {
    for (const id of cells) {
      this.statuses.set(id, "interrupted");
      this.busyCells.delete(id);
      this.runningCells.delete(id);
      this.onEvent({ type: "status", cell: id, status: "interrupted", at: 0 });
    }
    this.guard.interrupted(this.doc.id, cells.map((id) => ({ id, source: this.committed.get(id) ?? "" })));
  }

  /**
   * Replaces the worker. `interrupt` cells are marked interrupted; with `keep`, finished
   * cells reuse their saved values (Stop), else every cell runs afresh (Run all).
   */
  private async restart(interrupt: string[], keep: boolean, started = performance.now()): Promise<void> {
    this.restartingSince = started;
    try {
      await this.restartNow(interrupt, keep, started);
    } finally {
      if (this.restartingSince === started) this.restartingSince = null;
    }
  }

  private async restartNow(interrupt: string[], keep: boolean, started: number): Promise<void> {
    this.interruptShown(interrupt);
    this.toolbar.setKernelState("restarting");
    this.pump.clear();
    this.heartbeat.reset();
    this.kernelHasCells = false;
    const api = await this.kernel.restart(keep);
    this.sentCells = this.trusted;
    // Every cell shown interrupted stays so in the new worker (not only this Stop's): a cell an
    // earlier Stop interrupted, and not run since, must not start again in the worker that replaces it.
    const interrupted = keep ? this.doc.cells.filter((c) => this.statuses.get(c.id) === "interrupted").map((c) => c.id) : interrupt;
    for (const id of new Set([...interrupt, ...interrupted])) await api.markInterrupted(id);
    if (this.trusted && this.safeModeSuspect === null) {
      // Widgets come back where the user left them (unless their cell was edited since). Told
      // before the cells are sent, so each widget starts at its value and its readers' first run
      // already sees it (after Stop, readers kept outside the worker answer with those values).
      const inputs = [...this.widgetInputs].filter(([id, w]) => this.committed.get(id) === w.source).map(([id, w]) => [id, w.input] as [string, WidgetInput]);
      if (inputs.length) await api.restoreWidgets(inputs);
      await api.setCells(this.specs());
      this.kernelHasCells = true;
    }
    this.lastRestartMs = performance.now() - started;
    // (A notebook opened meanwhile replaced this worker too: its own says when it is ready.)
    if (this.restartingSince === started) this.toolbar.setKernelState("ready");
  }

  /** The user moved the widget shown by cell `id`. */
  widgetInput(id: string, input: WidgetInput): void {
    const source = this.committed.get(id);
    // A click is an action, not a state: it is not replayed after a restart.
    if (source !== undefined && input.type !== "button") this.widgetInputs.set(id, { source, input });
    void this.kernel.api().then((api) => api.widgetInput(id, input));
  }

  /** Every cell's current display or error, for the static HTML export. */
  outputDisplays(): ReadonlyMap<string, Display | CellError> {
    return this.displays;
  }

  /** Each cell's console lines as shown (cells that logged nothing are absent), for the HTML export. */
  outputConsoles(): ReadonlyMap<string, ConsoleState> {
    const found = new Map<string, ConsoleState>();
    for (const cell of this.doc.cells) {
      const state = this.view.cell(cell.id)?.console.snapshot;
      if (state && (state.lines.length > 0 || state.omitted > 0)) found.set(cell.id, state);
    }
    return found;
  }

  /** The document with each code cell's `output` set to its current canonical text (for download). */
  docWithOutputs(): NotebookDoc {
    let doc = this.doc;
    for (const cell of doc.cells) {
      if (cell.kind !== "code") continue;
      const text = this.outputs.get(cell.id);
      if (text !== undefined && text !== cell.output) doc = apply(doc, tx.output(doc, cell.id, text));
    }
    return doc;
  }

  /** A text form of cell `id`'s current output, for saving it as `Cell.output` or exporting. */
  outputText(id: string): string | undefined {
    return this.outputs.get(id);
  }

  /** Resolves once the kernel has nothing queued or running. */
  async idle(): Promise<void> {
    await (await this.kernel.api()).idle();
  }

  /** Whether the open document has cell `id` (the door drops events for any other). */
  private knows(id: string): boolean {
    if (this.known?.doc !== this.doc) this.known = { doc: this.doc, ids: new Set(this.doc.cells.map((c) => c.id)) };
    return this.known.ids.has(id);
  }

  /** Checked events from the worker: bookkeeping now, the DOM at the pump's pace. */
  private receive(events: WorkerEvent[]): void {
    const now = performance.now();
    this.heartbeat.heard(now);
    let runningChanged = false;
    for (const event of events) {
      if (event.type === "activity") this.heartbeat.blame(event.cell);
      else if (event.type === "status") {
        if (event.status === "running") this.heartbeat.blame(event.cell);
        this.statuses.set(event.cell, event.status);
        const busy = event.status === "running" || event.status === "queued";
        if (busy !== this.busyCells.has(event.cell)) busy ? this.busyCells.add(event.cell) : this.busyCells.delete(event.cell);
        if ((event.status === "running") !== this.runningCells.has(event.cell)) {
          event.status === "running" ? this.runningCells.add(event.cell) : this.runningCells.delete(event.cell);
          runningChanged = true;
        }
      }
    }
    this.toolbar.setBusy(this.busyCells.size > 0);
    if (runningChanged && this.trusted) this.guard.running(this.doc.id, [...this.runningCells], this.heartbeat.suspect());
    this.pump.push(events);
  }

  /** The toolbar's account of the heartbeat. */
  private showLiveness(liveness: Liveness): void {
    this.guardStuck(liveness);
    if (liveness.state === "answering") return this.toolbar.setUnresponsive(null);
    const who = liveness.cell ? this.cellName(liveness.cell) : null;
    const seconds = Math.round(liveness.sinceMs / 1000);
    if (liveness.state === "computing") return this.toolbar.setUnresponsive(`${who ? `${capitalise(who)} is` : "A cell is"} computing (${seconds} s); the kernel answers when it is done.`, false);
    this.toolbar.setUnresponsive(`The kernel is not responding${who ? `: ${who} is stuck` : ""}. Stop restarts it.`);
  }

  /**
   * A worker stuck in work a finished cell left behind (a timer, an interval, a promise callback)
   * has no running cell to write down, so the next visit would run it again and stick again: the
   * crash guard records the blamed cell as running while the worker is silent, and the true state
   * once it answers again.
   */
  private guardStuck(liveness: Liveness): void {
    if (!this.trusted) return;
    const running = [...this.runningCells];
    if (liveness.state === "silent" && liveness.cell !== null && this.knows(liveness.cell)) {
      this.guard.running(this.doc.id, running.includes(liveness.cell) ? running : [...running, liveness.cell], liveness.cell, { immediate: true });
    } else if (liveness.state === "answering") this.guard.running(this.doc.id, running, this.heartbeat.suspect(), { immediate: true });
  }

  /** How messages name a cell: by what it defines, else by its position ("cell 7"). */
  cellName(id: string): string {
    const index = this.doc.cells.findIndex((c) => c.id === id);
    if (index < 0) return "a removed cell";
    const names = declaredNames(this.doc.cells[index]!.source);
    return names.length ? `the cell defining ${names.slice(0, 3).join(", ")}` : `cell ${index + 1}`;
  }

  /** The worker flooded the page and the client stopped it: restart without re-running what ran. */
  private async afterFlood(): Promise<void> {
    const culprit = this.heartbeat.suspect();
    this.toolbar.setUnresponsive(`The kernel flooded the page with messages${culprit ? ` (${this.cellName(culprit)})` : ""} and was stopped.`);
    await this.restart(this.heartbeat.suspect() ? [this.heartbeat.suspect()!] : [], true);
  }

  private onEvent(event: CellEvent): void {
    const view = this.view.cell(event.cell);
    const now = performance.now();
    if (event.type !== "progress") this.navigation.outputChanged();
    switch (event.type) {
      case "status":
        view?.setStatus(event.status, now);
        return;
      case "display":
        this.outputs.set(event.cell, event.text ?? displayText(event.display));
        this.displays.set(event.cell, event.display);
        view?.setDisplay(event.display);
        return;
      case "error":
        this.outputs.set(event.cell, errorOutput(event.error));
        this.displays.set(event.cell, event.error);
        view?.setError(event.error);
        return;
      case "progress":
        view?.setProgress({ fraction: event.fraction, label: event.label });
        return;
      case "console":
        view?.addConsole(event);
        return;
      default: {
        const never: never = event;
        void never;
      }
    }
  }

  private tick(): void {
    const now = performance.now();
    this.view.tick(now);
    this.heartbeat.check(now);
    // A spare worker is loaded only once the notebook has been quiet for a while: loading it
    // while the notebook computes (at start, after Stop) would take a core from the notebook.
    // A long computation, or a cell whose worker has gone silent, may well end in Stop, so a
    // spare is loaded then too.
    // (Before the notebook's cells reach a kernel that has loaded, neither clock runs: a
    // worker still evaluating its bundle reports nothing, which is not quiet, and a spare
    // loaded then took the second core from the cold start.)
    // (`kernelHasCells` is set only once cells were sent to a started worker, and reset with both.)
    if (!this.kernelHasCells || !this.kernel.started) {
      this.quietSince = now;
      this.busySince = Infinity;
    } else if (this.busyCells.size > 0) {
      this.quietSince = now;
      this.busySince = Math.min(this.busySince, now);
    } else {
      this.busySince = Infinity;
      if (now - this.quietSince > SETTLED_AFTER_QUIET_MS) this.settled = true;
    }
    const runaway = this.runningCells.size > 0 && this.heartbeat.quietFor(now) >= (this.settled ? SILENT_RUNNING_MS : SILENT_RUNNING_FIRST_MS);
    if (now - this.quietSince > SPARE_AFTER_QUIET_MS || now - this.busySince > (this.settled ? SPARE_AFTER_BUSY_MS : SPARE_AFTER_BUSY_FIRST_MS) || runaway) this.kernel.prepareSpare();
  }

  /** Carries out a keyboard command on cell `id`. */
  command(command: Command, id: string): void {
    const index = this.doc.cells.findIndex((c) => c.id === id);
    if (index < 0) return;
    // The reader view reads: a cell focused from the outline is not edited by a stray key.
    if (this.reader.on && command.type !== "select") return;
    switch (command.type) {
      case "edit":
        return this.view.edit(id);
      case "insert": {
        // As in Jupyter: the new cell is selected in command mode; Enter edits it.
        const cell = makeCell("");
        this.dispatch(tx.insert(this.doc, command.where === "above" ? index : index + 1, cell));
        return this.view.select(cell.id);
      }
      case "delete": {
        if (this.doc.cells.length === 1) return;
        const next = this.doc.cells[index + 1] ?? this.doc.cells[index - 1]!;
        this.dispatch(tx.delete(this.doc, id));
        return this.view.select(next.id);
      }
      case "select": {
        const next = this.doc.cells[index + command.delta];
        if (next) this.view.select(next.id);
        return;
      }
      case "move": {
        const to = index + command.delta;
        if (to < 0 || to >= this.doc.cells.length) return;
        this.dispatch(tx.move(this.doc, id, to));
        return this.view.select(id);
      }
      case "kind":
        if (this.doc.cells[index]!.kind !== command.kind) this.dispatch(tx.kind(this.doc, id, command.kind));
        return;
      case "toggle-mode":
        return this.dispatch(tx.mode(this.doc, id, this.doc.cells[index]!.mode === "auto" ? "manual" : "auto"));
      case "toggle-code":
        return this.dispatch(tx.hide(this.doc, id, this.doc.cells[index]!.hideCode !== true));
      case "run":
        return this.runAndAdvance(id, command.then);
      case "undo":
      case "redo": {
        const last = command.type === "undo" ? this.history.done[this.history.done.length - 1]?.tr : this.history.undone[this.history.undone.length - 1];
        const result = command.type === "undo" ? undo(this.doc, this.history) : redo(this.doc, this.history);
        if (!result || !last) return;
        const tr = command.type === "undo" ? invert(last, "undo") : { changes: last.changes, origin: "redo" as const };
        const before = this.doc;
        this.doc = result.doc;
        this.history = result.history;
        return this.afterChange(before, tr);
      }
      default: {
        const never: never = command;
        void never;
      }
    }
  }

  /** Adds an empty cell at the end and opens its editor. */
  appendCell(kind: "code" | "markdown"): void {
    const cell = makeCell("", kind);
    this.dispatch(tx.insert(this.doc, this.doc.cells.length, cell));
    this.view.edit(cell.id);
  }

  /** Shift-Enter and friends: run, then stay, go to the next cell, or insert one below. */
  runAndAdvance(id: string, then: "stay" | "next" | "insert"): void {
    this.run(id);
    const index = this.doc.cells.findIndex((c) => c.id === id);
    if (then === "stay") return;
    const next = then === "next" ? this.doc.cells[index + 1] : undefined;
    if (next) return this.view.select(next.id);
    const cell = makeCell("");
    this.dispatch(tx.insert(this.doc, index + 1, cell));
    this.view.edit(cell.id);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The top-level names a cell's source declares, found by a light scan (for messages only). */
function declaredNames(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(/^(?:export\s+)?(?:const|let|var|function\*?|class|async\s+function\*?)\s+([A-Za-z_$][\w$]*)/gm)) names.push(match[1]!);
  return names;
}
