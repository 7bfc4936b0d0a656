/**
 * Runs a notebook headless in Node, as the browser would: the kernel with the worker's
 * builtins, `FileAttachment` reading from a data folder, every cell (manual ones too) run
 * once, generators taken at their first value. The kernel lives in a worker thread so a
 * cell that never finishes, even a synchronous endless loop, is reported as a timeout
 * instead of hanging the run.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { NotebookDoc } from "../notebook/document";
import type { CellError, CellId, CellKind, CellSpec, CellStatus } from "../kernel/types";
import { errorOutput } from "../display/text";
import type { RunMessage, RunRequest } from "./protocol";
import { mergeConsole, type ConsoleState } from "../../workers/consoleMerge";

/** The repository's `data/` folder: where the worked notebooks' attachments live. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));
/** How long a whole run may take before unfinished cells are reported as timed out. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** How long the worker may take to load the kernel, the builtins and the solvers. */
const LOAD_TIMEOUT_MS = 120_000;

/** Options of `runNotebook`. */
export interface RunOptions {
  /** Folder `FileAttachment(name)` reads from (default: the repository's `data/`). */
  dataDir?: string;
  /** Milliseconds the notebook may run, counted once the runner has loaded (default 60 000). */
  timeoutMs?: number;
  /** Widget values by the name that declares the widget: the run uses them instead of the widgets' own. */
  set?: Record<string, unknown>;
}

/** Why a cell has no value at the end of a headless run: a kernel error, or the runner's own. */
export type RunError =
  | CellError
  | { kind: "timeout"; cell: CellId; message: string; timeoutMs: number }
  | { kind: "runner"; cell: CellId; message: string };

/** One cell after the run. `output` is its saved-text form (`error: …` for errors). */
export interface RunCell {
  id: CellId;
  kind: CellKind;
  status: "done" | "error" | "timeout";
  output?: string;
  error?: RunError;
  /** The names the cell declares. */
  names: string[];
  /** Milliseconds of the cell's last run, from running to done or error (async waits included); null if it never ran. */
  durationMs: number | null;
  /** What the cell's last run logged (capped as in the app), when it logged anything. */
  console?: ConsoleState;
}

/** The outcome of `runNotebook`: every cell in document order. */
export interface RunResult {
  cells: RunCell[];
  /** True when the run was stopped at the timeout. */
  timedOut: boolean;
  /** Set when the worker itself failed (a module failed to load, the thread crashed). */
  failure?: string;
  elapsedMs: number;
  /** Uncaught exceptions and unhandled rejections no cell could be named for (the run went on). */
  unattributed: string[];
  /** `set` names that no widget declared. */
  unusedSets: string[];
  /** Why `set` values do not fit the widgets declared under their names. */
  badSets: string[];
}

interface Seen {
  status?: CellStatus;
  output?: string;
  error?: CellError;
  names: string[];
  startedAt?: number;
  durationMs: number | null;
  console?: ConsoleState;
}

/** Runs every cell of `doc` once and reports each cell's status, text output and error. */
export function runNotebook(doc: NotebookDoc, options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Headless checks re-compute every saved output, so manual cells run like the others.
  const cells: CellSpec[] = doc.cells.map((c) => ({ id: c.id, kind: c.kind, source: c.source, mode: "auto" }));
  const request: RunRequest = { cells, dataDir: options.dataDir ?? DEFAULT_DATA_DIR, ...(options.set ? { set: options.set } : {}) };
  const seen = new Map<CellId, Seen>(cells.map((c) => [c.id, { names: [], durationMs: null }]));
  const unattributed: string[] = [];
  let unusedSets: string[] = Object.keys(options.set ?? {});
  let badSets: string[] = [];
  const started = performance.now();

  return new Promise((resolve) => {
    const worker = new Worker(new URL("./worker-entry.mjs", import.meta.url), { workerData: request, stdout: true, stderr: true });
    // Cell code may log; the report is the runner's only output.
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (timedOut: boolean, failure?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(loading);
      void worker.terminate();
      const result: RunResult = {
        cells: doc.cells.map((c) => cellResult(c.id, c.kind, seen.get(c.id)!, seen, timeoutMs, failure)),
        timedOut,
        elapsedMs: performance.now() - started,
        unattributed,
        unusedSets,
        badSets,
      };
      resolve(failure === undefined ? result : { ...result, failure });
    };
    // The notebook's clock starts once the worker has loaded: a cold module load is not a slow cell.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loading = setTimeout(() => finish(false, `the runner did not load within ${LOAD_TIMEOUT_MS} ms`), LOAD_TIMEOUT_MS);
    worker.on("message", (message: RunMessage) => {
      switch (message.type) {
        case "ready":
          clearTimeout(loading);
          timer = setTimeout(() => finish(true), timeoutMs);
          return;
        case "status": {
          const s = seen.get(message.cell)!;
          s.status = message.status;
          if (message.status === "queued" || message.status === "running") delete s.console;
          if (message.status === "running") s.startedAt = message.at;
          else if (s.startedAt !== undefined && (message.status === "done" || message.status === "error")) {
            s.durationMs = message.at - s.startedAt;
            s.startedAt = undefined;
          }
          return;
        }
        case "names":
          seen.get(message.cell)!.names = message.names;
          return;
        case "unattributed":
          unattributed.push(message.message);
          return;
        case "output": {
          const s = seen.get(message.cell)!;
          s.output = message.output;
          delete s.error;
          return;
        }
        case "error": {
          const s = seen.get(message.cell)!;
          s.error = message.error;
          delete s.output;
          return;
        }
        case "console": {
          const s = seen.get(message.cell)!;
          mergeConsole((s.console ??= { lines: [], omitted: 0 }), message);
          return;
        }
        case "idle":
          unusedSets = message.unusedSets;
          badSets = message.badSets;
          return finish(false);
        case "failed":
          return finish(false, message.message);
        default: {
          const never: never = message;
          void never;
        }
      }
    });
    worker.on("error", (error) => finish(false, error.message));
    worker.on("exit", (code) => finish(false, `the runner's worker exited with code ${code}`));
  });
}

function cellResult(id: CellId, kind: CellKind, s: Seen, all: Map<CellId, Seen>, timeoutMs: number, failure: string | undefined): RunCell {
  const facts = { id, kind, names: s.names, durationMs: s.durationMs, ...(s.console ? { console: s.console } : {}) };
  if (s.status === "done" && s.output !== undefined) return { ...facts, status: "done", output: s.output };
  if ((s.status === "error" || s.status === "interrupted") && s.error) return { ...facts, status: "error", output: errorOutput(s.error), error: s.error };
  if (failure !== undefined) {
    const error: RunError = { kind: "runner", cell: id, message: `the runner failed: ${failure}` };
    return { ...facts, status: "error", output: errorOutput(error), error };
  }
  // Cells are named by what they define, or their place in the notebook, as the kernel names them.
  const cells = [...all.keys()];
  const label = (cell: CellId) => {
    const names = all.get(cell)!.names;
    return names.length ? `the cell defining \`${names[0]}\`` : `cell ${cells.indexOf(cell) + 1}`;
  };
  const running = [...all].filter(([, other]) => other.status === "running").map(([cell]) => label(cell));
  const message =
    s.status === "running"
      ? `did not finish within ${timeoutMs} ms`
      : `did not run: the notebook timed out after ${timeoutMs} ms${running.length ? ` while ${running.join(", ")} ran` : ""}`;
  return { ...facts, status: "timeout", error: { kind: "timeout", cell: id, message, timeoutMs } };
}
