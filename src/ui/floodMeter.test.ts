import { describe, expect, test } from "vitest";
import { FLOOD_PER_SECOND, FLOOD_SECONDS, FloodMeter } from "./floodMeter";

describe("flood meter", () => {
  test("a worker under the limit is always read", () => {
    const meter = new FloodMeter();
    for (let second = 0; second < 5; second++)
      for (let i = 0; i < FLOOD_PER_SECOND; i++) expect(meter.count(second * 1000 + (i * 999) / FLOOD_PER_SECOND)).toBe("read");
  });

  test("past the limit the rest of the second is dropped, and a sustained flood is stopped", () => {
    const meter = new FloodMeter();
    const verdicts: string[] = [];
    for (let second = 0; second < FLOOD_SECONDS; second++)
      for (let i = 0; i < FLOOD_PER_SECOND * 2; i++) verdicts.push(meter.count(second * 1000 + (i * 999) / (FLOOD_PER_SECOND * 2)));
    expect(verdicts.slice(0, FLOOD_PER_SECOND).every((v) => v === "read")).toBe(true);
    expect(verdicts[FLOOD_PER_SECOND]).toBe(FLOOD_SECONDS > 1 ? "drop" : "stop");
    expect(verdicts.at(-1)).toBe("stop");
  });

  test("a burst followed by quiet is not stopped", () => {
    const meter = new FloodMeter();
    for (let i = 0; i < FLOOD_PER_SECOND * 2; i++) meter.count(i / (FLOOD_PER_SECOND * 2));
    expect(meter.count(5000)).toBe("read");
    for (let i = 1; i < FLOOD_PER_SECOND; i++) expect(meter.count(5000 + i / FLOOD_PER_SECOND)).toBe("read");
  });
});
