/**
 * The notebook's cells as the type checker sees them. Every cell editor registers here
 * (so no other module has to pass cells around); code cells are sent to the language-service
 * worker in document order, re-checked a moment after an edit, and each editor gets its
 * diagnostics as soon as they are back — unless its text changed meanwhile, when the next
 * check brings fresh ones. The worker is started only once the notebook has opened and the
 * page is idle, so it never competes with the cold start; running cells never waits for it.
 * The toolbar counts the notebook's diagnostics (status.ts) and opens the first one.
 */
import { setDiagnostics, type Diagnostic } from "@codemirror/lint";
import type { EditorView } from "@codemirror/view";
import type { CellKind } from "../../kernel/types";
import type { CellDiagnostic } from "../../../workers/ts/protocol";
import { TypesClient, WORKER_URL, type Answer } from "./client";
import { jumpTo, problemsOf } from "./problems";
import { TypesStatus } from "./status";

/** The mark the app sets when the notebook has opened (src/ui/main.ts). */
export const OPENED_MARK = "caravan:notebook-open";
/** The mark set when the first diagnostics reach the page. */
export const TYPES_READY_MARK = "caravan:types-ready";
/** Quiet time after a keystroke before the notebook is re-checked (longer than the completion's, extensions.ts). */
const CHECK_DELAY_MS = 150;
/** Past this many code cells the checker stays off: checking would cost more than it tells. */
export const MAX_CHECKED_CELLS = 400;
/** How long a first check may take (the worker parses the compiler and the type library first). */
const FIRST_CHECK_MS = 60_000;
const CHECK_MS = 15_000;

/** What an editor tells the checker about its cell. */
export interface TypedCell {
  readonly id: string;
  /** The text changed. */
  changed(): void;
  setKind(kind: CellKind): void;
  /** The editor was built. */
  attach(view: EditorView): void;
  /** The cell is gone. */
  remove(): void;
}

interface Entry {
  id: string;
  element: HTMLElement;
  kind: CellKind;
  text: () => string;
  view: EditorView | null;
  /** The latest diagnostics and the text they are for. */
  found: { text: string; list: CellDiagnostic[] } | null;
  shown: string;
  /** Open the first diagnostic once the editor is built (asked for before it was). */
  jumpOnAttach: boolean;
}

const entries = new Map<string, Entry>();
let counter = 0;
let client: TypesClient | null = null;
let started = false;
let dirty = true;
let timer: ReturnType<typeof setTimeout> | null = null;
let checking = false;
let again = false;
let firstDone = false;
let status: TypesStatus | null = null;
/** The text of each cell as the running check was asked about it. */
let sent = new Map<string, string>();

function codeCells(): number {
  let count = 0;
  for (const entry of entries.values()) if (entry.kind === "code") count++;
  return count;
}

function inDocumentOrder(): Entry[] {
  const list = [...entries.values()].filter((e) => e.kind === "code" && e.element.isConnected);
  return list.sort((a, b) => (a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/** Sends the current text of every code cell if any changed since the last send. */
function flush(): Entry[] | null {
  // Counted before sorting: ordering a thousand cells by document position is itself a long task.
  if (!client || codeCells() > MAX_CHECKED_CELLS) return null;
  const cells = inDocumentOrder();
  if (dirty) {
    client.update(cells.map((e) => ({ id: e.id, text: e.text() })));
    dirty = false;
  }
  return cells;
}

function toCodeMirror(list: CellDiagnostic[], length: number): Diagnostic[] {
  return list.map((d) => ({
    from: Math.min(d.from, length),
    to: Math.min(d.to, length),
    severity: d.severity,
    message: d.message,
    source: `ts(${d.code})`,
  }));
}

function show(entry: Entry): void {
  const view = entry.view;
  if (!view || !entry.found || view.state.doc.toString() !== entry.found.text) return;
  const key = JSON.stringify(entry.found.list);
  if (key === entry.shown) return;
  entry.shown = key;
  view.dispatch(setDiagnostics(view.state, toCodeMirror(entry.found.list, view.state.doc.length)));
}

/** Updates the toolbar's count from every code cell's latest diagnostics. */
function refreshStatus(): void {
  if (!firstDone) return;
  status ??= new TypesStatus(openFirstDiagnostic);
  status.set(inDocumentOrder().flatMap((e) => e.found?.list ?? []));
}

/** Moves the cursor to the notebook's first type diagnostic (document order), building its editor if need be. */
export function openFirstDiagnostic(): void {
  const entry = inDocumentOrder().find((e) => (e.found?.list.length ?? 0) > 0);
  if (!entry) return;
  if (entry.view) return openIn(entry.view, entry);
  // The editor is built when its cell comes near the viewport (src/ui/editor.ts).
  entry.jumpOnAttach = true;
  entry.element.scrollIntoView({ block: "center" });
}

function openIn(view: EditorView, entry: Entry): void {
  const first = problemsOf(view.state)[0];
  const from = first?.from ?? Math.min(...(entry.found?.list ?? []).map((d) => d.from));
  if (Number.isFinite(from)) jumpTo(view, from);
}

/**
 * Shows diagnostics from the worker: the cells the edit may have changed (the others'
 * diagnostics stand), each for the text it was sent with.
 */
function receive(cells: Record<string, CellDiagnostic[]>): void {
  for (const [id, list] of Object.entries(cells)) {
    const entry = entries.get(id);
    const text = sent.get(id);
    if (!entry || text === undefined) continue;
    entry.found = { text, list };
    show(entry);
  }
  refreshStatus();
}

async function check(): Promise<void> {
  if (checking) {
    again = true;
    return;
  }
  const cells = flush();
  if (!cells || !client) return;
  checking = true;
  sent = new Map(cells.map((e) => [e.id, e.text()]));
  const reply = await client.ask<"diagnostics">({ kind: "diagnostics" }, firstDone ? CHECK_MS : FIRST_CHECK_MS);
  checking = false;
  if (reply) {
    if (!firstDone) {
      firstDone = true;
      performance.mark(TYPES_READY_MARK);
    }
    receive(reply.cells);
  } else if (client) {
    // No answer in time (a loaded machine, a long first check): ask again; the worker's
    // running check answers the new question.
    again = true;
  }
  if (again) {
    again = false;
    void check();
  }
}

/** When the armed timer should check (it re-arms itself while this moves on). */
let checkAt = 0;

function scheduleCheck(): void {
  if (!client) return;
  // Each call only moves the deadline: a notebook of a thousand cells registering (or going
  // away) in one task costs one timer, not a thousand cleared and set again.
  checkAt = performance.now() + CHECK_DELAY_MS;
  if (timer) return;
  const fire = () => {
    const wait = checkAt - performance.now();
    if (wait > 1) return void (timer = setTimeout(fire, wait));
    timer = null;
    // A notebook too long to check has nothing to wait for (and asking the page whether cells
    // compute, a query over every cell, every CHECK_DELAY_MS of a long recomputation, cost the
    // page's thread ~7 ms an edit in a 1,000-cell notebook).
    if (codeCells() > MAX_CHECKED_CELLS) return;
    // The checker is background work: it waits while cells compute (on two cores it would
    // otherwise take the core the kernel, or a fresh kernel after Stop, needs).
    if (computing()) return scheduleCheck();
    void check();
  };
  timer = setTimeout(fire, CHECK_DELAY_MS);
}

function idle(run: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 200);
}

/**
 * True while some cell waits for its first status or is queued or running (the status
 * cellView.ts shows on each cell).
 */
function computing(): boolean {
  return document.querySelector('.cell:not([data-status]), .cell[data-status=""], .cell[data-status="running"], .cell[data-status="queued"]') !== null;
}

/** A notebook that never computes (safe preview, safe mode) gets the checker after this long. */
const START_ANYWAY_MS = 15_000;

/**
 * Starts the worker once the notebook has opened and computed and the page is idle: parsing
 * the compiler takes a core for a second or more, which the first run should not share.
 */
function startWhenOpened(): void {
  if (started || typeof Worker === "undefined") return;
  started = true;
  // A run is computed when no cell has been queued or running for a second (runs come in
  // batches, with short gaps between them).
  let quiet = 0;
  const wait = () => {
    // A notebook past MAX_CHECKED_CELLS is never checked: loading the compiler for it would
    // only take a core from the notebook (it starts if cells are removed below the limit).
    // Counted first: asking whether its cells compute is a query over the whole page.
    if (codeCells() > MAX_CHECKED_CELLS) {
      quiet = 0;
      return void setTimeout(wait, 250);
    }
    const opened = performance.getEntriesByName(OPENED_MARK)[0];
    quiet = !opened || computing() ? 0 : quiet + 1;
    const late = opened !== undefined && performance.now() - opened.startTime > START_ANYWAY_MS;
    if (quiet < 4 && !late) return void setTimeout(wait, 250);
    idle(() => {
      const worker = new Worker(WORKER_URL);
      client = new TypesClient(worker);
      // Before the first full check the count stays hidden (refreshStatus); underlines show at once.
      client.onPartial = (reply) => receive(reply.cells);
      // A worker that fails to load or crashes takes the checker away, not the editor.
      worker.addEventListener("error", () => {
        client?.close();
        client = null;
      });
      dirty = true;
      void check();
    });
  };
  wait();
}

/** Registers a cell editor; `element` places the cell in document order. */
export function registerCell(element: HTMLElement, kind: CellKind, text: () => string): TypedCell {
  const id = `cell${++counter}`;
  const entry: Entry = { id, element, kind, text, view: null, found: null, shown: "[]", jumpOnAttach: false };
  entries.set(id, entry);
  dirty = true;
  startWhenOpened();
  scheduleCheck();
  return {
    id,
    changed() {
      dirty = true;
      scheduleCheck();
    },
    setKind(kind) {
      entry.kind = kind;
      dirty = true;
      if (kind !== "code" && entry.view) {
        entry.found = null;
        entry.shown = "[]";
        entry.view.dispatch(setDiagnostics(entry.view.state, []));
      }
      if (kind !== "code") entry.found = null;
      refreshStatus();
      scheduleCheck();
    },
    attach(view) {
      entry.view = view;
      show(entry);
      if (entry.jumpOnAttach) {
        entry.jumpOnAttach = false;
        openIn(view, entry);
      }
    },
    remove() {
      entries.delete(id);
      // Only a cell with diagnostics changes the count (a notebook of a thousand cells closes in one go).
      if (entry.found?.list.length) refreshStatus();
      dirty = true;
      scheduleCheck();
    },
  };
}

/**
 * Asks the checker about a cell (its text sent first); null when the checker is not running,
 * slow, or `signal` aborts (the question is then withdrawn from the worker's queue).
 */
export function askTypes<K extends "completions" | "hover" | "signature">(cell: TypedCell, kind: K, pos: number, timeoutMs: number, signal?: AbortSignal): Promise<Answer<K> | null> {
  const entry = entries.get(cell.id);
  if (!entry || entry.kind !== "code" || !flush() || !client) return Promise.resolve(null);
  return client.ask({ kind, cell: cell.id, pos } as never, timeoutMs, signal) as Promise<Answer<K> | null>;
}

/** The type and documentation of the completion `name` offered at `pos` in a cell (the list carries only the first entries'); null as `askTypes`. */
export function askDetails(cell: TypedCell, pos: number, name: string, timeoutMs: number): Promise<Answer<"details"> | null> {
  const entry = entries.get(cell.id);
  if (!entry || entry.kind !== "code" || !flush() || !client) return Promise.resolve(null);
  return client.ask<"details">({ kind: "details", cell: cell.id, pos, name }, timeoutMs);
}

/** As `askTypes`, for the cell whose editor lives in `element` (the navigator has no `TypedCell`). */
export function askTypesIn<K extends "completions" | "hover" | "signature">(element: Element, kind: K, pos: number, timeoutMs: number): Promise<Answer<K> | null> {
  const entry = [...entries.values()].find((e) => e.element === element);
  if (!entry || entry.kind !== "code" || !flush() || !client) return Promise.resolve(null);
  return client.ask({ kind, cell: entry.id, pos } as never, timeoutMs) as Promise<Answer<K> | null>;
}
