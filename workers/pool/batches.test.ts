/**
 * Sweep batches (issue 13): one scenario until the solver's speed is known, then about
 * BATCH_TARGET_MS of work, never more than half a lane's share of what is left, never empty.
 */
import { describe, expect, it } from "vitest";
import { BATCH_TARGET_MS, MAX_BATCH, nextBatchSize } from "./batches";

describe("the next batch of a sweep", () => {
  it.each([
    // remaining, lanes, ms per scenario, size
    { why: "speed unknown: one scenario", remaining: 256, lanes: 2, ms: null, size: 1 },
    { why: "fast scenarios: the time target", remaining: 256, lanes: 2, ms: 5, size: BATCH_TARGET_MS / 5 },
    { why: "slow scenarios: one at a time", remaining: 256, lanes: 2, ms: 800, size: 1 },
    { why: "very fast scenarios: the cap", remaining: 100_000, lanes: 1, ms: 0.01, size: MAX_BATCH },
    { why: "near the end: a share of what is left, so lanes end together", remaining: 12, lanes: 2, ms: 1, size: 3 },
    { why: "the last scenario", remaining: 1, lanes: 4, ms: 1, size: 1 },
    { why: "nothing left", remaining: 0, lanes: 2, ms: 1, size: 0 },
  ])("$why", ({ remaining, lanes, ms, size }) => {
    expect(nextBatchSize(remaining, lanes, ms)).toBe(size);
  });

  it("hands out every scenario exactly once, whatever the speed", () => {
    for (const ms of [null, 0.01, 3, 40, 1000]) {
      let left = 1000;
      let batches = 0;
      while (left > 0) {
        const size = nextBatchSize(left, 3, ms);
        expect(size).toBeGreaterThan(0);
        expect(size).toBeLessThanOrEqual(left);
        left -= size;
        batches++;
      }
      expect(batches).toBeLessThanOrEqual(1000);
    }
  });
});
