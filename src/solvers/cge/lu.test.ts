import { describe, expect, it } from "vitest";
import { factor, solveLU } from "./lu";
import { mulberry32 } from "./synthetic";

describe("lu", () => {
  it("solves a system that needs a row swap (hand-checked: x = (1, 2, 3))", () => {
    // [[0,2,1],[1,1,1],[2,1,0]] · (1,2,3) = (7, 6, 4); the zero pivot forces pivoting.
    const f = factor(Float64Array.from([0, 2, 1, 1, 1, 1, 2, 1, 0]), 3);
    if ("kind" in f) throw new Error("singular");
    expect(Array.from(solveLU(f, [7, 6, 4]))).toEqual([1, 2, 3].map((v) => expect.closeTo(v, 14)));
  });

  it("solves random diagonally dominant systems to 1e-12 relative residual", () => {
    const rnd = mulberry32(3);
    const n = 40;
    const a = new Float64Array(n * n).map(() => rnd() - 0.5);
    for (let i = 0; i < n; i++) a[i * n + i] += n;
    const b = Array.from({ length: n }, () => rnd());
    const f = factor(a.slice(), n);
    if ("kind" in f) throw new Error("singular");
    const x = solveLU(f, b);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
      expect(Math.abs(s - b[i])).toBeLessThan(1e-12);
    }
  });

  it("reports the column of a singular matrix", () => {
    const f = factor(Float64Array.from([1, 2, 2, 4]), 2);
    expect(f).toEqual({ kind: "singular", column: 1 });
  });
});
