import { describe, expect, test } from "vitest";
import * as aq from "arquero";
import { Columns } from "./values";
import { HISTOGRAM_BINS, summarize } from "./summary";

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe("column summaries", () => {
  const t = aq.table({
    tariff: [0.25, 0.1, null, 0.1, NaN, 0.5],
    sector: ["steel", "cars", "cars", null, "cars", "textiles"],
    day: [new Date("2020-01-01"), new Date("2021-06-30"), null, null, null, new Date("2020-01-01")],
    mixed: [1, "a", true, null, 1, "a"],
  });
  const columns = new Columns(t as never);

  test("a number column: nulls (NaN included), distinct, range, mean and a histogram of every finite value", () => {
    const s = summarize(columns, "tariff", all(6));
    expect(s).toMatchObject({ type: "number", count: 6, nulls: 2, distinct: 3, min: 0.1, max: 0.5 });
    // Mean of 0.25, 0.1, 0.1 and 0.5, by hand.
    expect(s.mean).toBeCloseTo(0.2375, 12);
    expect(s.histogram).toHaveLength(HISTOGRAM_BINS);
    expect(s.histogram!.reduce((a, b) => a + b, 0)).toBe(4);
    expect(s.histogram![0]).toBe(2);
    expect(s.histogram![HISTOGRAM_BINS - 1]).toBe(1);
    expect(s.top).toBeUndefined();
  });

  test("a text column: top values, most frequent first, and its categories for an equals filter", () => {
    const s = summarize(columns, "sector", all(6));
    expect(s).toMatchObject({ type: "string", nulls: 1, distinct: 3 });
    expect(s.top).toEqual([{ value: "cars", count: 3 }, { value: "steel", count: 1 }, { value: "textiles", count: 1 }]);
    expect(s.categories).toEqual(["cars", "steel", "textiles", null]);
  });

  test("a date column: range as ISO dates", () => {
    const s = summarize(columns, "day", all(6));
    expect(s).toMatchObject({ type: "date", nulls: 3, distinct: 2, min: "2020-01-01", max: "2021-06-30" });
  });

  test("a column of several kinds is mixed and lists no categories", () => {
    const s = summarize(columns, "mixed", all(6));
    expect(s).toMatchObject({ type: "mixed", nulls: 1, distinct: 3 });
    expect(s.categories).toBeUndefined();
  });

  test("a summary covers only the rows of the view", () => {
    const s = summarize(columns, "sector", Uint32Array.of(0, 5));
    expect(s).toMatchObject({ count: 2, nulls: 0, distinct: 2 });
  });

  test("a constant column puts every value in one bin", () => {
    const s = summarize(new Columns(aq.table({ x: [3, 3, 3] }) as never), "x", all(3));
    expect(s).toMatchObject({ min: 3, max: 3, mean: 3, distinct: 1 });
    expect(s.histogram![0]).toBe(3);
  });
});
