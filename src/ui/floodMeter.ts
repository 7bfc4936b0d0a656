/**
 * Counts the kernel worker's messages per second. The worker batches its events (at most
 * one message a frame, plus one per cell start), so thousands a second means something in
 * the sandbox is flooding the page: past FLOOD_PER_SECOND the rest of that second is
 * dropped unread, and a worker that floods for FLOOD_SECONDS seconds in a row is stopped.
 */

/** Messages a second a well-behaved worker stays under. */
export const FLOOD_PER_SECOND = 3000;
/** Consecutive flooded seconds after which the worker is stopped. */
export const FLOOD_SECONDS = 2;

/** What to do with one message: read it, drop it unread, or stop the worker. */
export type FloodVerdict = "read" | "drop" | "stop";

/** A per-second message counter with a verdict for each message. */
export class FloodMeter {
  private windowStart = -Infinity;
  private count_ = 0;
  private floodedSeconds = 0;

  /** Counts one message arriving at `now` (milliseconds). */
  count(now: number): FloodVerdict {
    if (now - this.windowStart >= 1000) {
      const flooded = this.count_ > FLOOD_PER_SECOND;
      // A quiet gap longer than a second ends the run of flooded seconds.
      this.floodedSeconds = flooded && now - this.windowStart < 2000 ? this.floodedSeconds + 1 : 0;
      this.windowStart = now;
      this.count_ = 0;
    }
    this.count_++;
    if (this.count_ <= FLOOD_PER_SECOND) return "read";
    return this.floodedSeconds + 1 >= FLOOD_SECONDS ? "stop" : "drop";
  }
}
