import { describe, expect, it } from "vitest";
import { powerMean, prodPow, variable, val, type Dual } from "./dual";

const literal = (b: number[], w: number[], r: number) => Math.pow(b.reduce((s, x, k) => s + w[k] * Math.pow(x, r), 0), 1 / r);

describe("powerMean", () => {
  const b = [0.7, 1.9, 1.2];
  const w = [0.2, 0.5, 0.3];

  it.each([0.5, -1, 2, -3])("equals the literal (Σ w b^r)^(1/r) at r = %d (1e-14 relative)", (r) => {
    expect(Math.abs((powerMean(b, w, r) as number) / literal(b, w, r) - 1)).toBeLessThan(1e-14);
  });

  it("is the weighted geometric mean at r = 0 and continuous there (to 1e-13 at r = 1e-13)", () => {
    const geometric = prodPow(b, w) as number;
    expect(powerMean(b, w, 0)).toBeCloseTo(geometric, 15);
    expect(Math.abs((powerMean(b, w, 1e-13) as number) / geometric - 1)).toBeLessThan(1e-13);
    // the literal formula is what went wrong: at r = 1e-13 it is off by far more
    expect(Math.abs(literal(b, w, 1e-13) / geometric - 1)).toBeGreaterThan(1e-6);
  });

  it("stays finite and exact for large |r| (σ = 60 gave NaN), against the literal form scaled by hand", () => {
    const r = -59;
    const scaled = 0.7 * Math.pow(w.reduce((s, x, k) => s + x * Math.pow(b[k] / 0.7, r), 0), 1 / r);
    expect(Math.abs((powerMean(b, w, r) as number) / scaled - 1)).toBeLessThan(1e-13);
  });

  it("skips zero weights (an absent import source) even at a zero base", () => {
    expect(powerMean([0, 2], [0, 1], 0.5)).toBeCloseTo(2, 15);
  });

  it.each([0, 1e-9, 0.5, -4])("has the gradient of central differences at r = %d", (r) => {
    const x = b.map((v, k) => variable(v, k, 3));
    const g = powerMean(x, w, r) as Dual;
    b.forEach((_, k) => {
      const h = 1e-6;
      const up = b.map((v, j) => (j === k ? v + h : v));
      const down = b.map((v, j) => (j === k ? v - h : v));
      const fd = ((powerMean(up, w, r) as number) - (powerMean(down, w, r) as number)) / (2 * h);
      expect(Math.abs(g.d[k] - fd)).toBeLessThan(1e-8);
    });
    expect(val(g)).toBe(powerMean(b, w, r));
  });
});
