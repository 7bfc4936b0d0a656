import { describe, expect, test } from "vitest";
import { firstDifference, linesMatch, numbersMatch } from "./compare";

describe("comparing saved and fresh outputs", () => {
  test.each([
    // expected, actual, tolerance, match
    ["0.333333", "0.333333", 1e-6, true],
    ["1", "0.999999", 1e-6, true], // the same value rounded on either side of 1
    ["1.0038", "1.00382", 1e-6, false],
    ["1.0038", "1.00382", 1e-4, true],
    ["2019", "2020", 1e-6, false],
    ["-0.5", "0.5", 1e-6, false],
    ["0", "1e-12", 1e-6, false],
    ["sector\t3.561", "sector\t3.561", 0, true],
    ["sector\t3.561", "sectors\t3.561", 1, false],
    ["[1, 2]", "[1, 2, 3]", 1, false],
    ["chart: x, 2 marks", "chart: x, 3 marks", 1e-6, false],
    ["NaN", "NaN", 1e-6, true],
  ])("%j against %j at tolerance %s matches: %s", (expected, actual, tolerance, match) => {
    expect(linesMatch(expected, actual, tolerance)).toBe(match);
  });

  test("relative tolerance scales with the size of the numbers", () => {
    expect(numbersMatch(1_000_000, 1_000_900, 1e-3)).toBe(true);
    expect(numbersMatch(1, 1.0009, 1e-3)).toBe(true);
    expect(numbersMatch(1, 1.002, 1e-3)).toBe(false);
  });

  test("the first differing line is named, with both lines", () => {
    expect(firstDifference("a\t1\nb\t2\nc\t3", "a\t1\nb\t2.5\nc\t3")).toEqual({ line: 2, expected: "b\t2", actual: "b\t2.5" });
  });

  test("a missing or extra line is a difference at the first line one text lacks", () => {
    expect(firstDifference("a\nb", "a")).toEqual({ line: 2, expected: "b", actual: undefined });
    expect(firstDifference("a", "a\nb")).toEqual({ line: 2, expected: undefined, actual: "b" });
  });

  test("texts equal up to rounding have no difference", () => {
    expect(firstDifference("x\t0.666667", "x\t0.666666")).toBeNull();
  });
});
