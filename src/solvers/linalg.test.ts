import { describe, expect, it } from "vitest";
import { luFactor, luSolve, newton } from "./linalg";
import { isSolverError } from "./errors";

describe("luFactor / luSolve", () => {
  it("solves a 3×3 system that needs pivoting", () => {
    // 2x + y + z = 5, 4x − 6y = −2, −2x + 7y + 2z = 9 has the solution (1, 1, 2):
    // 2+1+2 = 5, 4−6 = −2, −2+7+4 = 9.
    const x = luSolve(luFactor([2, 1, 1, 4, -6, 0, -2, 7, 2], 3), [5, -2, 9]);
    expect(Array.from(x).map((v) => +v.toFixed(12))).toEqual([1, 1, 2]);
  });

  it("reports a singular matrix as data", () => {
    try {
      luFactor([1, 2, 2, 4], 2);
      throw new Error("expected an error");
    } catch (e) {
      expect(isSolverError(e) && e.info).toMatchObject({ kind: "singular-matrix", pivot: 1 });
    }
  });
});

describe("newton", () => {
  it("finds √2 as the root of x² − 2 and reports progress up to 1", () => {
    const seen: number[] = [];
    const r = newton((x) => Float64Array.of(x[0] * x[0] - 2), (x) => Float64Array.of(2 * x[0]), [1],
      { onProgress: (f) => seen.push(f) });
    expect(r.x[0]).toBeCloseTo(Math.SQRT2, 14);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f) => f >= 0 && f <= 1)).toBe(true);
  });

  it("names the worst equation when it does not converge", () => {
    // x² + 1 = 0 has no real root
    try {
      newton((x) => Float64Array.of(x[0] * x[0] + 1), (x) => Float64Array.of(2 * x[0] || 1), [0.5],
        { maxIterations: 5, equationNames: ["no real root"] });
      throw new Error("expected an error");
    } catch (e) {
      expect(isSolverError(e) && e.info).toMatchObject({ kind: "not-converged", iterations: 5, worstEquation: "no real root" });
    }
  });
});
