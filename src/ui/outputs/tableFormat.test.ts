import { describe, expect, test } from "vitest";
import { captionText, formatValue, plural } from "./tableFormat";

describe("table header text", () => {
  test.each([
    [1, 6, false, "1 row × 6 columns"],
    [2, 1, false, "2 rows × 1 column"],
    [0, 0, false, "0 rows × 0 columns"],
    [1_000_000, 2, false, "1,000,000 rows × 2 columns"],
  ])("%i rows and %i columns read %j", (rows, columns, narrowed, expected) => {
    expect(captionText(rows, rows, columns, narrowed)).toBe(expected);
  });

  test("a narrowed view says how many of how many rows", () => {
    expect(captionText(1, 1_000_000, 2, true)).toBe("1 of 1,000,000 rows × 2 columns");
    expect(captionText(0, 1, 1, true)).toBe("0 of 1 row × 1 column");
  });

  test("plural is singular for exactly one", () => {
    expect([plural(1, "row"), plural(0, "row"), plural(1.5, "row")]).toEqual(["1 row", "0 rows", "1.5 rows"]);
  });

  test("values are rounded for reading; years keep no separator", () => {
    expect([formatValue(3067.4), formatValue(2015), formatValue(1234567.891234), formatValue(null), formatValue(new Date("2020-01-01"))]).toEqual(["3067.4", "2015", "1,234,567.8912", "", "2020-01-01"]);
  });
});
