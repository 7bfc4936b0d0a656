/**
 * How a pooled sweep cuts its scenarios into batches (issue 13). Each lane (one per pool
 * worker) takes the next batch when its last one returns, so a faster worker simply takes
 * more (self-scheduling: no worker idles while scenarios wait). A batch aims at
 * BATCH_TARGET_MS of solver time, so that the round trip is noise beside it and progress
 * still moves, and never takes more than a share of what is left, so the lanes end together.
 */

/** Solver time a batch aims at, in milliseconds. */
export const BATCH_TARGET_MS = 50;
/** The most scenarios in one batch, whatever their speed. */
export const MAX_BATCH = 64;

/**
 * The size of the next batch: `remaining` scenarios not yet handed out, `lanes` workers
 * taking batches, `msPerScenario` the solver's time per scenario so far (null before the
 * first batch returns: then one scenario, whose time sizes the rest).
 */
export function nextBatchSize(remaining: number, lanes: number, msPerScenario: number | null): number {
  if (remaining <= 0) return 0;
  if (msPerScenario === null) return 1;
  const byTime = Math.floor(BATCH_TARGET_MS / Math.max(msPerScenario, 1e-3));
  const byShare = Math.ceil(remaining / (2 * Math.max(1, lanes)));
  return Math.max(1, Math.min(byTime, byShare, MAX_BATCH, remaining));
}
