import { describe, expect, it } from "vitest";
import { formatValue } from "./formatValue";

describe("formatValue", () => {
  it.each([
    [3067.4, "3067.4"],
    [3067.4000000000005, "3067.4"],
    [Math.fround(3067.4), "3067.3999"],
    [0.1 + 0.2, "0.3"],
    [2015, "2015"],
    [-0.306775, "-0.3068"],
    [1234567.891, "1,234,567.891"],
    [12000, "12,000"],
    [Number.NaN, "NaN"],
    [Infinity, "Infinity"],
    [12n, "12"],
    [123456789n, "123,456,789"],
    [null, ""],
    [undefined, ""],
    ["text", "text"],
    [new Date("2014-01-01T00:00:00Z"), "2014-01-01"],
    [{ a: 1n }, '{"a":"1"}'],
  ])("%s reads %j", (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});
