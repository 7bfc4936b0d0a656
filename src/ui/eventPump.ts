/**
 * The page's side of event backpressure: checked worker events are coalesced per cell
 * (latest output, latest status, latest progress) and applied to the DOM at most a
 * frame's budget at a time, so neither a flood of events nor a thousand cells finishing
 * at once holds the main thread for long; what does not fit waits for the next frame.
 * Console lines are merged per cell (at most CONSOLE_LINES wait), and a cell queued or
 * running again starts its console afresh. Cells the reader can see go first: when a
 * thousand cells change at once, the ones on screen update in the next frame, not after
 * every cell above them.
 */
import type { WorkerEvent } from "../../workers/protocol";
import { mergeConsole, type ConsoleEvent } from "../../workers/consoleMerge";
import { afterFrame } from "./dom";

/** Milliseconds of DOM work per frame before the rest waits for the next one. */
export const FRAME_BUDGET_MS = 8;

/** The events the pump applies to the DOM (the rest are bookkeeping, done on arrival). */
export type CellEvent = Exclude<WorkerEvent, { type: "attachment" } | { type: "activity" }>;

interface Pending {
  output?: CellEvent;
  status?: CellEvent;
  progress?: CellEvent;
  console?: ConsoleEvent;
}

/** Coalesces worker events per cell and applies them frame by frame. */
export class EventPump {
  private pending = new Map<string, Pending>();
  private scheduled = false;
  /** Cells with console lines on the page since their last run started (only they need clearing). */
  private readonly logged = new Set<string>();

  /**
   * `seen(cell)` says whether a cell is where the reader can see it (near the viewport): its
   * events are applied before the others'. Without it, cells go in the order they changed.
   */
  constructor(
    private readonly apply: (event: CellEvent) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly seen: (cell: string) => boolean = () => false,
  ) {}

  /** Queues events; the latest of each kind per cell wins. */
  push(events: readonly WorkerEvent[]): void {
    for (const event of events) {
      if (event.type === "attachment" || event.type === "activity") continue;
      let slot = this.pending.get(event.cell);
      if (!slot) this.pending.set(event.cell, (slot = {}));
      if (event.type === "display" || event.type === "error") {
        slot.output = event;
        slot.progress = undefined;
      } else if (event.type === "status") {
        slot.status = event;
        if ((event.status === "queued" || event.status === "running") && this.logged.delete(event.cell)) slot.console = { type: "console", cell: event.cell, reset: true, lines: [], omitted: 0, at: event.at };
      } else if (event.type === "console") {
        this.logged.add(event.cell);
        if (slot.console) {
          mergeConsole(slot.console, event);
          slot.console.reset ||= event.reset;
        } else slot.console = { ...event, lines: event.lines.map((line) => ({ ...line })) };
      } else slot.progress = event;
    }
    this.schedule();
  }

  /** Drops everything queued (the notebook or the worker they came from was replaced). */
  clear(): void {
    this.pending.clear();
  }

  /** Applies what is queued within one frame's budget; returns whether anything is left. */
  drain(budget = FRAME_BUDGET_MS): boolean {
    const start = this.now();
    const within = () => this.now() - start <= budget;
    // Cells on screen first (a Set lookup per waiting cell), then the rest in the order they changed.
    for (const [cell, slot] of this.pending) if (this.seen(cell) && !this.applyCell(cell, slot, within)) return this.pending.size > 0;
    for (const [cell, slot] of this.pending) if (!this.applyCell(cell, slot, within)) return this.pending.size > 0;
    return this.pending.size > 0;
  }

  /** Applies one cell's waiting events; returns whether the frame's budget still allows more. */
  private applyCell(cell: string, slot: Pending, within: () => boolean): boolean {
    this.pending.delete(cell);
    // Output before status: a cell that finished shows its value as it turns done.
    if (slot.output) this.apply(slot.output);
    if (slot.status) this.apply(slot.status);
    if (slot.progress) this.apply(slot.progress);
    if (slot.console) this.apply(slot.console);
    return within();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      if (!this.scheduled) return;
      this.scheduled = false;
      if (this.drain()) this.schedule();
    };
    afterFrame(run);
  }
}
