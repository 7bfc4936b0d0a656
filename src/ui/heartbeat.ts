/**
 * The heartbeat: the page pings the kernel worker every HEARTBEAT_MS, whether or not a
 * cell is running, so a worker stuck in work a cell scheduled (an interval spinning
 * forever after its cell finished) is found as surely as a cell in an endless loop.
 * A ping unanswered for SILENT_MS means the worker is not answering; if events still
 * arrive meanwhile (a long solve reporting progress) it is computing, not stuck. The cell
 * to blame is the last one the worker said it was starting (a cell's run, or a callback
 * one scheduled) before it went quiet.
 */
import type { KernelClient } from "./kernelClient";

/** Milliseconds between two pings. */
export const HEARTBEAT_MS = 250;
/** Milliseconds an unanswered ping may wait before the kernel counts as not answering. */
export const SILENT_MS = 3000;

/** What the heartbeat concludes about the worker. */
export type Liveness =
  | { state: "answering" }
  /** No answer, but events still arrive: a cell computes without yielding, and says so. */
  | { state: "computing"; cell: string | null; sinceMs: number }
  /** No answer and no events: the worker is stuck (or dead); `cell` is the one to blame, if known. */
  | { state: "silent"; cell: string | null; sinceMs: number };

/** Pings the kernel and reports its liveness when it changes. */
export class Heartbeat {
  private sentAt: number | null = null;
  private lastSent = -Infinity;
  private lastHeard = -Infinity;
  private lastAnswer = -Infinity;
  private blamed: string | null = null;
  private last: Liveness["state"] = "answering";

  constructor(
    private readonly kernel: KernelClient,
    private readonly report: (liveness: Liveness) => void,
  ) {}

  /** Forgets the pending ping and the blame (the worker they concern was replaced). */
  reset(): void {
    this.sentAt = null;
    this.blamed = null;
    this.lastSent = -Infinity;
    this.set({ state: "answering" });
  }

  /** Something arrived from the worker at `now`. */
  heard(now: number): void {
    this.lastHeard = now;
  }

  /** The worker said it is starting work of `cell` (a run, or a callback the cell scheduled). */
  blame(cell: string): void {
    this.blamed = cell;
  }

  /** The cell the heartbeat would blame now, if the worker stopped answering. */
  suspect(): string | null {
    return this.blamed;
  }

  /** Milliseconds since anything arrived from the worker (a ping's answer or an event). */
  quietFor(now: number): number {
    return now - Math.max(this.lastHeard, this.lastAnswer);
  }

  /** Whether the worker has left a ping unanswered for SILENT_MS. */
  get stuck(): boolean {
    return this.last !== "answering";
  }

  /** Called periodically (every 100 ms or so). */
  check(now: number): void {
    // A worker still loading its code is starting, not stuck.
    if (!this.kernel.started) return;
    if (this.sentAt === null) {
      if (now - this.lastSent < HEARTBEAT_MS) return;
      const sentAt = (this.sentAt = this.lastSent = now);
      const generation = this.kernel.current;
      void this.kernel
        .api()
        .then((api) => api.ping())
        .then(
          () => {
            if (this.sentAt !== sentAt || generation !== this.kernel.current) return;
            this.sentAt = null;
            this.lastAnswer = performance.now();
            this.set({ state: "answering" });
          },
          () => {},
        );
      return;
    }
    const waited = now - this.sentAt;
    if (waited <= SILENT_MS) return;
    if (now - this.lastHeard < SILENT_MS) this.set({ state: "computing", cell: this.blamed, sinceMs: waited });
    else this.set({ state: "silent", cell: this.blamed, sinceMs: waited });
  }

  private set(liveness: Liveness): void {
    if (liveness.state === "answering" && this.last === "answering") return;
    this.last = liveness.state;
    this.report(liveness);
  }
}
