import { describe, expect, it } from "vitest";
import { doubles, doublesOf, rows, tabulate, tagged, withDoubles } from "./doubles";

describe("double arrays", () => {
  it("keep every number, integers and non-finite ones included, in a new array", () => {
    const a = [0, 1, -2, 0.5, Infinity, NaN];
    const d = doubles(a);
    expect(d).not.toBe(a);
    expect(d).toEqual(a);
    expect(Object.is(doubles([-0])[0], -0)).toBe(true);
    expect(doubles(new Float64Array([3, 4.5]))).toEqual([3, 4.5]);
    expect(rows([[1, 2], [3]])).toEqual([[1, 2], [3]]);
  });

  it("convert number arrays and matrices among an object's fields, leaving the rest (and the original) alone", () => {
    const o = { a: [1, 2], m: [[1], [2, 3]], s: ["x"], n: 4, empty: [] as number[], mixed: [1, "y"] };
    const out = withDoubles(o);
    expect(out).toEqual(o);
    expect(out.a).not.toBe(o.a);
    expect(out.m[0]).not.toBe(o.m[0]);
    expect(out.s).toBe(o.s);
    expect(out.mixed).toBe(o.mixed);
  });

  it("tabulate as map over 0 … n−1 does, numbers and objects alike, and push onto empty arrays", () => {
    const o = { v: 1 };
    expect(tabulate(4, (i) => (i === 2 ? o : i * 0.5))).toEqual([0, 0.5, o, 1.5]);
    expect(tabulate(0, (i) => i)).toEqual([]);
    expect(doublesOf(3, (i) => i / 2)).toEqual([0, 0.5, 1]);
    const t = tagged<number>();
    expect(t).toEqual([]);
    t.push(3);
    expect(t).toEqual([3]);
  });
});
