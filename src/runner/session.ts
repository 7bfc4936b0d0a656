/**
 * One headless run of a notebook's cells, in the current thread: the Kernel with the
 * worker's builtins (`workers/builtins.ts`) and attachments from a folder, each event
 * reported as a `RunMessage` with values already turned into their saved text.
 */
import { Kernel, isView } from "../kernel/index";
import { native } from "../kernel/work";
import type { CellScope, KernelEvent } from "../kernel/types";
import * as solvers from "../solvers/index";
import { textOutput } from "../display/text";
import { isWidget, widgetSpec } from "../display/widgetBrand";
import { setProblem } from "./setCheck";
import { builtins, bundledModules, solverBuiltins } from "../../workers/builtins";
import { nodePool } from "../../workers/pool/node";
import { fileServices } from "./attachments";
import { ConsoleCapture } from "../../workers/console";
import { mergeConsole, type ConsoleState } from "../../workers/consoleMerge";

/** Milliseconds between two console messages to the main thread. */
const CONSOLE_FLUSH_MS = 50;
import type { RunMessage, RunRequest } from "./protocol";

/**
 * Runs `request.cells` until every cell has settled and no timer a cell set is pending,
 * calling `send` for every status, output and error. An exception thrown later by a
 * cell's work, or a rejection nobody handled, is reported on the cell that caused it and
 * never stops the run.
 */
export async function runSession(request: RunRequest, send: (message: RunMessage) => void): Promise<void> {
  const set = request.set ?? {};
  const applied = new Set<string>();
  /** `set` values the widget declared under their name could not take, by name. */
  const badSets = new Map<string, string>();
  const observer = (event: KernelEvent): void => {
    switch (event.type) {
      case "status":
        flushConsole();
        if (event.status === "queued") capture.end(event.cell);
        send({ type: "status", cell: event.cell, status: event.status, at: event.at });
        return;
      case "markdown":
        send({ type: "output", cell: event.cell, output: event.markdown });
        return;
      case "error":
        send({ type: "error", cell: event.cell, error: event.error });
        return;
      case "value": {
        if (isView(event.value)) {
          for (const name of event.names) {
            if (!(name in set)) continue;
            applied.add(name);
            const problem = isWidget(event.value) ? setProblem(name, widgetSpec(event.value), set[name]) : null;
            if (problem) badSets.set(name, problem);
          }
        }
        let output: string;
        try {
          output = textOutput(event.value);
        } catch (error) {
          // As the worker does when `describe` fails: the cell shows an error, not a value.
          send({ type: "error", cell: event.cell, error: { kind: "exception", cell: event.cell, message: `cannot display value: ${(error as Error).message}` } });
          return;
        }
        send({ type: "output", cell: event.cell, output });
        return;
      }
      case "progress":
        return;
      default: {
        const never: never = event;
        void never;
      }
    }
  };
  send({ type: "ready" });
  // Pooled solves run in worker threads, as they run in solver workers in the browser.
  const pool = nodePool();
  const pooled = solverBuiltins(solvers, pool);
  // Lines are merged per cell (capped as on the page) and posted every CONSOLE_FLUSH_MS, even
  // from inside a loop that never yields, and before every status: a logging loop costs a few messages.
  const waiting = new Map<string, ConsoleState & { reset: boolean }>();
  let flushedAt = performance.now();
  const flushConsole = () => {
    flushedAt = performance.now();
    for (const [cell, { reset, lines, omitted }] of waiting) send({ type: "console", cell, reset, lines, omitted });
    waiting.clear();
  };
  const capture = new ConsoleCapture((event) => {
    const slot = waiting.get(event.cell);
    if (slot) {
      mergeConsole(slot, event);
      slot.reset ||= event.reset;
    } else waiting.set(event.cell, { reset: event.reset, lines: event.lines.map((line) => ({ ...line })), omitted: event.omitted });
    if (performance.now() - flushedAt >= CONSOLE_FLUSH_MS) flushConsole();
  });
  const scoped = { ...pooled.scoped, console: (scope: CellScope) => capture.console(scope.cell, scope.invalidation) };
  const kernel = new Kernel({ builtins: builtins(fileServices(request.dataDir), pooled.global), modules: bundledModules(pooled.global), scoped, observer, viewValues: set });
  let late = 0;
  const unhandled = (reason: unknown, promise?: unknown) => {
    late++;
    if (kernel.reportUnhandled(reason, promise) === null) send({ type: "unattributed", message: describeThrown(reason) });
  };
  const onRejection = (reason: unknown, promise: Promise<unknown>) => unhandled(reason, promise);
  const onException = (error: unknown) => unhandled(error);
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  try {
    kernel.setCells(request.cells);
    for (const cell of request.cells) send({ type: "names", cell: cell.id, names: [...kernel.declares(cell.id)] });
    // A late error re-runs the failing cell's readers, which may fail late in turn: settle until quiet.
    for (let seen = -1; seen !== late; ) {
      seen = late;
      await kernel.settled();
      // Unhandled rejections are reported after the microtask queue drains: give them one turn.
      await new native.Promise((resolve) => native.setTimeout(resolve, 0));
    }
    flushConsole();
    send({ type: "idle", unusedSets: Object.keys(set).filter((name) => !applied.has(name)), badSets: [...badSets.values()] });
  } finally {
    kernel.dispose();
    pool.close();
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
  }
}

function describeThrown(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return `Uncaught ${typeof reason === "string" ? JSON.stringify(reason) : String(reason)}`;
  } catch {
    return "Uncaught value";
  }
}
