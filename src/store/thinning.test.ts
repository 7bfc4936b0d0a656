import { describe, expect, it } from "vitest";
import { thin } from "./thinning";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = 100 * DAY;

describe("thinning revisions as they age", () => {
  const cases: [name: string, ages: number[], kept: number[]][] = [
    ["every revision of the last hour is kept", [1 * MIN, 2 * MIN, 59 * MIN], [1 * MIN, 2 * MIN, 59 * MIN]],
    ["older than an hour, one per clock hour (the newest)", [61 * MIN, 62 * MIN, 90 * MIN, 3 * HOUR + MIN], [61 * MIN, 3 * HOUR + MIN]],
    ["older than a day, one per day (the newest)", [DAY + HOUR, DAY + 2 * HOUR, 3 * DAY - MIN, 3 * DAY], [DAY + HOUR, 3 * DAY - MIN]],
    ["duplicates count once", [MIN, MIN], [MIN]],
    ["nothing to keep from nothing", [], []],
  ];
  it.each(cases)("%s", (_name, ages, kept) => {
    expect(thin(ages.map((a) => NOW - a), NOW).map((t) => NOW - t)).toEqual(kept);
  });

  it("never keeps more than the maximum, dropping the oldest", () => {
    const times = Array.from({ length: 10 }, (_, i) => NOW - i * MIN);
    expect(thin(times, NOW, { allMs: HOUR, hourlyMs: DAY, max: 3 })).toEqual(times.slice(0, 3));
  });
});
