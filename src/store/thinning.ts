/**
 * Which saved revisions to keep as they age: every one from the last hour, the newest of
 * each hour for a day, the newest of each day after that, and never more than `max`.
 */

/** How densely revisions are kept by age. */
export interface ThinningPolicy {
  /** Keep every revision younger than this. */
  readonly allMs: number;
  /** Keep one revision per hour while younger than this. */
  readonly hourlyMs: number;
  /** Keep at most this many revisions (the oldest go first). */
  readonly max: number;
}

/** The default policy: all of the last hour, hourly for a day, daily after, at most 200. */
export const defaultThinning: ThinningPolicy = { allMs: 3_600_000, hourlyMs: 86_400_000, max: 200 };

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The times (ms since epoch) to keep, newest first, from the times of all revisions. */
export function thin(times: readonly number[], now: number, policy: ThinningPolicy = defaultThinning): number[] {
  const kept: number[] = [];
  const buckets = new Set<string>();
  for (const t of [...new Set(times)].sort((a, b) => b - a)) {
    const age = now - t;
    if (age < policy.allMs) {
      kept.push(t);
      continue;
    }
    // Newest first, so the first revision seen in a bucket is the one kept.
    const bucket = age < policy.hourlyMs ? `h${Math.floor(t / HOUR)}` : `d${Math.floor(t / DAY)}`;
    if (buckets.has(bucket)) continue;
    buckets.add(bucket);
    kept.push(t);
  }
  return kept.slice(0, policy.max);
}
