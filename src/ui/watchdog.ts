/**
 * The watchdog: while a cell runs, ping the kernel worker. A cell that never yields also
 * blocks the ping, so a ping unanswered for WATCHDOG_MS means the kernel is stuck, and the
 * toolbar offers Stop. Works without cross-origin isolation (no shared memory needed).
 */
import type { KernelClient } from "./kernelClient";

/** Milliseconds a busy kernel may stay silent before the toolbar offers Stop. */
export const WATCHDOG_MS = 3000;

/** Pings a busy kernel and reports when it stops answering. */
export class Watchdog {
  private sentAt: number | null = null;

  constructor(
    private readonly kernel: KernelClient,
    private readonly report: (unresponsive: boolean) => void,
  ) {}

  /** Forgets the pending ping (the worker it went to was replaced). */
  reset(): void {
    this.sentAt = null;
  }

  /** Called periodically with whether a cell is running. */
  check(now: number, busy: boolean): void {
    if (!busy) {
      this.report(false);
      return;
    }
    if (this.sentAt === null) {
      const sentAt = (this.sentAt = now);
      const generation = this.kernel.current;
      void this.kernel
        .api()
        .then((api) => api.ping())
        .then(() => {
          if (this.sentAt !== sentAt || generation !== this.kernel.current) return;
          this.sentAt = null;
          this.report(false);
        });
    } else if (now - this.sentAt > WATCHDOG_MS) this.report(true);
  }
}
