/**
 * The worker's side of event backpressure: events to the page are coalesced per cell (the
 * latest display, error, status and progress win) and posted in batches at most every
 * FLUSH_MS, so a generator yielding as fast as it can, or a cell reporting progress in a
 * tight loop, costs the page one message a frame. What the page needs at once to blame
 * the right cell if the worker then hangs or dies (a cell starting, a callback starting)
 * and attachment requests leave immediately, with whatever is waiting; in the app they
 * leave for the relay (workers/relay.ts), which merges a burst of them into a few messages
 * to the page. Console lines are
 * merged per cell (`mergeConsole`), so a batch carries at most CONSOLE_LINES lines a cell.
 */
import { transferables } from "../src/display/describe";
import { mergeConsole, type ConsoleEvent } from "./consoleMerge";
import type { WorkerBatch, WorkerEvent } from "./protocol";

/** Milliseconds between two batches of ordinary events. */
export const FLUSH_MS = 16;
/** Milliseconds between two progress reports of one cell. */
export const PROGRESS_MS = 30;
/** A callback of the cell blamed last is reported again only after this many milliseconds. */
export const ACTIVITY_MS = 100;

// Taken when the worker starts, before any cell could replace the globals.
const setTimer = globalThis.setTimeout.bind(globalThis);
const clock = performance.now.bind(performance);

type Post = (message: WorkerBatch, transfer?: Transferable[]) => void;

/** Coalesces, batches and posts worker events (see the module comment). */
export class EventOutbox {
  /** Per cell: latest status, latest output (display or error), latest progress. */
  private readonly status = new Map<string, WorkerEvent>();
  private readonly output = new Map<string, WorkerEvent>();
  private readonly progress = new Map<string, WorkerEvent>();
  private readonly console = new Map<string, ConsoleEvent>();
  private readonly other: WorkerEvent[] = [];
  private readonly progressSent = new Map<string, number>();
  private lastFlush = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The cell the page would blame now (the last running status or activity posted), and when. */
  private blamed: { cell: string; at: number } | null = null;
  /** How many `batch` passes are under way (nested passes post when the outermost ends). */
  private holding = 0;

  constructor(
    private readonly post: Post,
    private readonly now: () => number = clock,
  ) {}

  /**
   * Queues one event; posts at once when it tells who is about to run, else within FLUSH_MS.
   * `canHang: false` says the cell starting runs no code of its own (its saved values come
   * back): its start is no news the page needs before the next batch.
   */
  send(event: WorkerEvent, { canHang = true }: { canHang?: boolean } = {}): void {
    switch (event.type) {
      case "status":
        this.status.set(event.cell, event);
        // Lines still waiting belong to the run before: the page clears the console at this status anyway.
        if (event.status === "queued" || event.status === "running") this.console.delete(event.cell);
        if (event.status === "running" && canHang) return this.blame(event.cell, true);
        break;
      case "display":
      case "error":
        this.output.set(event.cell, event);
        this.progress.delete(event.cell);
        break;
      case "progress": {
        // A loop may report progress millions of times (no timers: a cell that never yields is still reported).
        const last = this.progressSent.get(event.cell) ?? -Infinity;
        if (event.at - last < PROGRESS_MS && event.fraction < 1) return;
        this.progressSent.set(event.cell, event.at);
        this.progress.set(event.cell, event);
        break;
      }
      case "console": {
        const waiting = this.console.get(event.cell);
        if (waiting) {
          mergeConsole(waiting, event);
          waiting.reset ||= event.reset;
          waiting.at = event.at;
        } else this.console.set(event.cell, { ...event, lines: event.lines.map((line) => ({ ...line })) });
        break;
      }
      case "activity":
        return this.blame(event.cell, false);
      case "attachment":
        this.other.push(event);
        return this.flush();
      default: {
        const never: never = event;
        void never;
      }
    }
    this.schedule();
  }

  /**
   * Runs `pass` (a synchronous pass over the notebook) and posts what it leaves as one batch:
   * a status a cell only passes through on the way (queued, then done from a saved value)
   * never reaches the page. A cell that starts code of its own still posts what waits first.
   */
  batch<T>(pass: () => T): T {
    this.holding++;
    try {
      return pass();
    } finally {
      this.holding--;
      if (this.waiting()) this.schedule();
    }
  }

  /** Posts everything waiting now. */
  flush(): void {
    // A timer set earlier stays set and finds little or nothing when it fires: clearing and
    // setting one per cell start cost more than the events (a thousand quick cells).
    const events = [...this.status.values(), ...this.output.values(), ...this.progress.values(), ...this.console.values(), ...this.other];
    this.status.clear();
    this.console.clear();
    this.output.clear();
    this.progress.clear();
    this.other.length = 0;
    this.lastFlush = this.now();
    if (events.length === 0) return;
    const transfer: Transferable[] = [];
    for (const event of events) if (event.type === "display") transfer.push(...transferables(event.display));
    this.post({ caravan: "events", events }, transfer);
  }

  /** Whether any event waits to be posted. */
  private waiting(): boolean {
    return this.status.size + this.output.size + this.progress.size + this.console.size + this.other.length > 0;
  }

  private blame(cell: string, running: boolean): void {
    const at = this.now();
    // The same cell again within ACTIVITY_MS changes nothing the page would conclude.
    if (!running && this.blamed?.cell === cell && at - this.blamed.at < ACTIVITY_MS) return;
    this.blamed = { cell, at };
    if (!running) this.other.push({ type: "activity", cell, at });
    this.flush();
  }

  private schedule(): void {
    const since = this.now() - this.lastFlush;
    if (since >= FLUSH_MS && this.holding === 0) return this.flush();
    this.timer ??= setTimer(() => {
      this.timer = null;
      this.flush();
    }, FLUSH_MS - since);
  }
}
