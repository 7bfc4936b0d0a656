/**
 * Every message that crosses a boundary in Caravan, in one file (as Comlink's protocol.ts).
 *
 *   app page ──postMessage──▶ sandbox host (iframe, origin null) ──new Worker(blob)──▶ kernel worker
 *   app page ◀══════════ MessagePort + Comlink (KernelApi / WorkerEvent) ══════════▶ kernel worker
 *
 * The host only starts and stops workers; the app and the worker talk directly over a
 * port the app created, so the host never sees notebook traffic.
 */
import type { CellError, CellId, CellSpec, CellStatus } from "../src/kernel/types";
import type { Display, InspectNode, TableReply, TableRequest, WidgetInput } from "../src/display/types";

/** App → sandbox host: start a fresh kernel worker from `code`, connected to `port`. */
export interface StartMessage {
  type: "start";
  generation: number;
  code: Blob;
  /** The solver workers' code (workers/solver.worker.ts), handed to the kernel for its pool. */
  solverCode: Blob;
  /** Names the code: the host may start a worker it prepared from the same version ahead of time. */
  codeVersion: string;
  port: MessagePort;
  /**
   * True when the same notebook goes on in the new worker (Stop): the host hands it the
   * values finished cells saved, so they need not run again. False for another notebook or
   * Run all: the host forgets them.
   */
  keep: boolean;
}

/** App → sandbox host: stop the current worker (it may be stuck in a loop). */
export interface TerminateMessage {
  type: "terminate";
  generation: number;
}

/**
 * App → sandbox host: load a spare worker from `code` now, so that the next start (Stop, a
 * restart) only hands it a port. Sent by the app when the notebook has gone quiet: a spare
 * parsing a megabyte of JavaScript while the notebook computes would take a core from it.
 */
export interface PrepareMessage {
  type: "prepare";
  generation: number;
  code: Blob;
  codeVersion: string;
}

/** Everything the app may send the sandbox host. */
export type HostRequest = StartMessage | TerminateMessage | PrepareMessage;

/** Sandbox host → app: the host script has loaded and listens. */
export interface HostReadyMessage {
  type: "host-ready";
}

/** Sandbox host → app: the worker of `generation` failed to load or crashed. */
export interface HostWorkerErrorMessage {
  type: "worker-error";
  generation: number;
  message: string;
}

/** Everything the sandbox host may send the app. */
export type HostReply = HostReadyMessage | HostWorkerErrorMessage;

/** Sandbox host → kernel worker: the port to expose the Comlink API on. */
export interface ConnectMessage {
  type: "connect";
  port: MessagePort;
  /** What finished cells of this notebook computed in an earlier worker (see `keep`). */
  saved: SavedCell[];
  /** The solver workers' code, from which the kernel starts its pool. */
  solverCode: Blob;
}

/**
 * Kernel worker → sandbox host: what a finished cell computed, kept outside the worker so a
 * restarted worker can reuse it. Only cells that took a while, with values that survive
 * structured cloning (plain data, typed arrays, Arquero tables as Arrow IPC).
 */
export interface SavedCell {
  type: "saved";
  cell: CellId;
  source: string;
  /** The displayed value and each declared value, encoded (workers/saved.ts), or the error it threw. */
  result: { ok: true; display: unknown; declared: unknown[] } | { ok: false; thrown: unknown; line?: number; column?: number };
}

/** How loud a console line is: the console method that wrote it (`table`, `dir`, `count`, … write `log`). */
export type ConsoleLevel = "log" | "info" | "warn" | "error" | "debug";

/** One line of a cell's console: its text (values already formatted, never live objects) and how many times in a row it was written. */
export interface ConsoleLine {
  level: ConsoleLevel;
  text: string;
  count: number;
}

/**
 * Kernel worker → app: one event per change the UI shows. Plain data only; the page checks
 * every event at its door (`parseWorkerBatch` in workers/door.ts) and drops what does not fit.
 */
export type WorkerEvent =
  | { type: "status"; cell: CellId; status: CellStatus; at: number }
  /** `text` is the canonical output text (`textOutput`) saved in files and compared by `npm run check`. */
  | { type: "display"; cell: CellId; display: Display; text?: string; at: number }
  | { type: "error"; cell: CellId; error: CellError; at: number }
  | { type: "progress"; cell: CellId; fraction: number; label?: string; at: number }
  /** Work a cell scheduled (a timer, an interval, a promise callback) is about to run: whom to blame if the worker goes silent. */
  | { type: "activity"; cell: CellId; at: number }
  /**
   * What a cell wrote to its `console` since the last event: `reset` drops what the page shows
   * first (a new run), `lines` follow (the first one adds to the last shown line when it repeats
   * it), and `omitted` lines past the cap were only counted (workers/console.ts).
   */
  | { type: "console"; cell: CellId; reset: boolean; lines: ConsoleLine[]; omitted: number; at: number }
  /** `FileAttachment(name).…` needs the file's bytes; the page answers with `KernelApi.attachmentReply(request, …)`. */
  | { type: "attachment"; request: number; name: string; at: number };

/**
 * Kernel worker → app, on the kernel port beside Comlink's replies: a batch of events,
 * tagged so that neither side confuses it with an RPC message.
 */
export interface WorkerBatch {
  caravan: "events";
  events: WorkerEvent[];
}

/** Reply to an attachment request: errors are data, not exceptions. */
export type AttachmentReply = { ok: true; bytes: Uint8Array; mimeType: string } | { ok: false; message: string };

/**
 * The kernel worker's API, exposed with Comlink on the connected port. Only the page calls
 * it; the page never hands the worker anything callable (no proxies, no callbacks), so the
 * worker can answer calls but never call into the page.
 */
export interface KernelApi {
  /** The whole notebook, in order; the kernel diffs and re-runs what changed. */
  setCells(cells: CellSpec[]): Promise<void>;
  /** Re-runs one cell (and its dependents) even if its source did not change. */
  runCell(id: CellId): Promise<void>;
  /** Marks a cell interrupted so it does not run again until edited or run by hand. */
  markInterrupted(id: CellId): Promise<void>;
  /**
   * Stop, while the kernel answers: interrupts every cell that computes (running, pulling a
   * generator, holding timers) and returns their ids; nothing else changes.
   */
  stopComputing(): Promise<CellId[]>;
  /** The user moved a widget; only the cells that read it re-run. */
  widgetInput(id: CellId, input: WidgetInput): Promise<void>;
  /**
   * Gives widgets the inputs the user had made before a restart: each is applied when its
   * widget has been created, and the widget is shown again with its restored value.
   */
  restoreWidgets(inputs: [CellId, WidgetInput][]): Promise<void>;
  /** Children of a lazily expandable inspector node shown in `cell`'s output. */
  inspect(cell: CellId, ref: number): Promise<InspectNode | null>;
  /**
   * A question about a table shown in `cell`'s output (rows of a searched, filtered, sorted
   * view; column summaries; CSV or TSV text): the table stays in the worker, only answers cross.
   */
  table(cell: CellId, request: TableRequest): Promise<TableReply>;
  /** The page's answer to an `attachment` event. */
  attachmentReply(request: number, reply: AttachmentReply): Promise<void>;
  /** Resolves when no cell is queued or running. */
  idle(): Promise<void>;
  /** The heartbeat: answers at once unless something is hogging the worker. */
  ping(): Promise<number>;
}

/** Checks an untrusted message against the HostRequest union (the host trusts nothing). */
export function parseHostRequest(data: unknown): HostRequest | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as Record<string, unknown>;
  if (typeof message.generation !== "number") return null;
  const type = message.type as HostRequest["type"];
  switch (type) {
    case "start":
      return message.code instanceof Blob && message.solverCode instanceof Blob && typeof message.codeVersion === "string" && message.port instanceof MessagePort && typeof message.keep === "boolean"
        ? (message as unknown as StartMessage)
        : null;
    case "terminate":
      return message as unknown as TerminateMessage;
    case "prepare":
      return message.code instanceof Blob && typeof message.codeVersion === "string" ? (message as unknown as PrepareMessage) : null;
    default: {
      const never: never = type;
      void never;
      return null;
    }
  }
}

/** Checks an untrusted message against the HostReply union. */
export function parseHostReply(data: unknown): HostReply | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as Record<string, unknown>;
  const type = message.type as HostReply["type"];
  switch (type) {
    case "host-ready":
      return { type };
    case "worker-error":
      return typeof message.generation === "number" && typeof message.message === "string"
        ? { type, generation: message.generation, message: message.message }
        : null;
    default: {
      const never: never = type;
      void never;
      return null;
    }
  }
}

/** The port a kernel worker offers its host for its relay's batches of saved records (workers/relay.ts), or null. */
export function parseSavedPortOffer(data: unknown): MessagePort | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as { caravan?: unknown; port?: unknown };
  return message.caravan === "saved-port" && typeof MessagePort === "function" && message.port instanceof MessagePort ? message.port : null;
}

/** Checks a message a kernel worker sent its host: only `saved` records, shaped as such. */
export function parseSavedCell(data: unknown): SavedCell | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as Record<string, unknown>;
  if (message.type !== "saved" || typeof message.cell !== "string" || typeof message.source !== "string") return null;
  const result = message.result as Record<string, unknown> | null;
  if (typeof result !== "object" || result === null) return null;
  if (result.ok === true && Array.isArray(result.declared)) return { type: "saved", cell: message.cell, source: message.source, result: { ok: true, display: result.display, declared: result.declared } };
  if (result.ok === false) {
    const failed: SavedCell["result"] = { ok: false, thrown: result.thrown };
    if (typeof result.line === "number") failed.line = result.line;
    if (typeof result.column === "number") failed.column = result.column;
    return { type: "saved", cell: message.cell, source: message.source, result: failed };
  }
  return null;
}

// ─── The solver pool (issue 13): kernel worker ↔ solver workers, inside the sandbox ──────────────
//
//   kernel worker ──new Worker(own blob: URL, {name: "caravan-solver"})──▶ solver worker (same bundle)
//
// The page never sees these messages: a pooled solve reaches it only as the calling cell's
// `progress` events. In the headless runner the solver workers are worker_threads.

/** The name a solver worker is started with; the bundle's entry serves the pool under this name. */
export const SOLVER_WORKER_NAME = "caravan-solver";

/** The trade solvers a cell may run in the pool by name (`solvers.pool.gsim(…)`, …). */
export type PooledFunction = "gsim" | "gsimMarkets" | "smart" | "projectImportShares" | "importPriceShocks";

/** Solver settings that cross to a solver worker (no callbacks: steps come back as messages). */
export interface PooledSolveOptions {
  tolerance?: number;
  maxIterations?: number;
  continuation?: boolean;
  /** Warm start: levels of an earlier solution. */
  start?: unknown;
}

/** One unit of work for a solver worker. `model` is the key of a model sent with `shared`. */
export type SolverTask =
  | { kind: "cge-solve"; model: number; policy: import("../src/solvers/cge/scenario").ScenarioData; options: PooledSolveOptions; steps: boolean }
  /**
   * A batch of a sweep's scenarios, numbered from `first` (1-based): one round trip for several
   * solves. Its result is a SweepBatch. With `steps`, Newton steps are reported at most every
   * STEP_EVERY_MS (only a progress label hears them).
   */
  | { kind: "cge-sweep"; model: number; items: import("../src/solvers/sweepCge").SweepItem[]; first: number; options: PooledSolveOptions; steps: boolean }
  /** A trade solver by name; Arquero tables in `args` and in the result are encoded (workers/pool/codec.ts). */
  | { kind: "call"; fn: PooledFunction; args: unknown[] };

/** A sweep batch's result: one row per scenario, in order, and the solver's time on them (for batch sizing). */
export interface SweepBatch {
  rows: import("../src/solvers/sweepCge").SweepRow[];
  ms: number;
}

/** Shortest time between two Newton-step reports of a sweep batch (the progress label's rate). */
export const STEP_EVERY_MS = 250;

/** Kernel worker → solver worker: run `task` as job `job`. `shared` carries a model the worker has not seen (`reset`: forget the others first). */
export interface SolverRequest {
  type: "task";
  job: number;
  task: SolverTask;
  shared?: { key: number; value: unknown; reset: boolean };
}

/** Why a pooled job gave no result: errors as data. */
export type PoolFailure =
  /** The solver refused or failed (`info` is its SolverErrorInfo or CgeErrorInfo; `name` says which). */
  | { kind: "solver"; name: "SolverError" | "CgeError"; info: { kind: string; message: string } }
  /** Anything else the task threw. */
  | { kind: "exception"; message: string }
  /** The calling cell moved on (re-ran, was deleted or stopped), or the pool was closed. */
  | { kind: "cancelled"; message: string }
  /** The solver worker died (out of memory, failed to load). */
  | { kind: "worker-failed"; message: string };

/** Solver worker → kernel worker. */
export type SolverReply =
  /** A Newton step; `index` is the scenario's number in a sweep. */
  | { type: "step"; job: number; iteration: number; residual: number; index?: number }
  | { type: "done"; job: number; result: unknown }
  | { type: "failed"; job: number; failure: PoolFailure };

/** Checks a solver worker's message against the SolverReply union. */
export function parseSolverReply(data: unknown): SolverReply | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as Record<string, unknown>;
  if (typeof message.job !== "number") return null;
  const type = message.type as SolverReply["type"];
  switch (type) {
    case "step":
      return typeof message.iteration === "number" && typeof message.residual === "number" ? (message as unknown as SolverReply) : null;
    case "done":
      return message as unknown as SolverReply;
    case "failed": {
      const failure = message.failure as { kind?: unknown; message?: unknown } | null;
      return typeof failure === "object" && failure !== null && typeof failure.kind === "string" ? (message as unknown as SolverReply) : null;
    }
    default: {
      const never: never = type;
      void never;
      return null;
    }
  }
}
