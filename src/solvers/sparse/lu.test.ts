// Sparse LU against the dense LU (cge/lu.ts, Golub & Van Loan 3.4.1) on seeded random sparse
// matrices. Tolerance: the backward-error residual ‖A·x − b‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) ≤ 1e-14 (a
// few units of double rounding, as partial pivoting guarantees for these well-scaled matrices),
// and the two solutions agree to 1e-10 relative (the matrices are built with condition < 1e4).
import { describe, expect, it } from "vitest";
import { factor, solveLU } from "../cge/lu";
import { mulberry32 } from "../cge/synthetic";
import { factorSize, sparseFactor, sparseSolve, type SparseLU } from "./lu";
import { cscFromTriplets, multiply, toDense, type Csc } from "./matrix";
import { columnOrdering, sparseOrder } from "./ordering";

/** A random n × n matrix with about `perRow` entries a row, a permuted diagonal of size 1..2 (so it is nonsingular), and zeros on the true diagonal half the time. */
function randomSparse(n: number, perRow: number, seed: number): Csc {
  const rnd = mulberry32(seed);
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  for (let i = 0; i < n; i++) {
    rows.push(i); cols.push(perm[i]); vals.push((rnd() < 0.5 ? -1 : 1) * (1 + rnd()) * perRow);
    for (let k = 0; k < perRow; k++) {
      rows.push(i); cols.push(Math.floor(rnd() * n)); vals.push(rnd() - 0.5);
    }
  }
  return cscFromTriplets(n, rows, cols, vals);
}

const norm = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
function rowNorm(a: Csc) {
  const s = new Float64Array(a.n);
  for (let p = 0; p < a.colStart[a.n]; p++) s[a.rowIndex[p]] += Math.abs(a.values[p]);
  return norm(s);
}
const ok = (f: ReturnType<typeof sparseFactor>): SparseLU => {
  if ("kind" in f) throw new Error(`singular at ${f.column}`);
  return f;
};

describe("sparse LU with partial pivoting", () => {
  it("solves the hand-checked 3 × 3 system that needs a row swap: x = (1, 2, 3)", () => {
    // [[0,2,1],[1,1,1],[2,1,0]] · (1,2,3) = (7, 6, 4)
    const a = cscFromTriplets(3, [0, 0, 1, 1, 1, 2, 2], [1, 2, 0, 1, 2, 0, 1], [2, 1, 1, 1, 1, 2, 1]);
    expect(Array.from(sparseSolve(ok(sparseFactor(a)), [7, 6, 4]))).toEqual([1, 2, 3].map((v) => expect.closeTo(v, 14)));
  });

  it.each([[5, 2, 1], [30, 3, 2], [200, 4, 3], [1000, 5, 4], [60, 40, 5]])(
    "n = %i, %i entries a row (seed %i): backward error ≤ 1e-14 and the dense LU's solution to 1e-10",
    (n, perRow, seed) => {
      const a = randomSparse(n, perRow, seed);
      const rnd = mulberry32(seed + 100);
      const b = Array.from({ length: n }, () => rnd() * 2 - 1);
      const x = sparseSolve(ok(sparseFactor(a)), b);
      const r = multiply(a, x).map((v, i) => v - b[i]);
      expect(norm(r) / (rowNorm(a) * norm(x) + norm(b))).toBeLessThan(1e-14);
      const dense = factor(toDense(a), n);
      if ("kind" in dense) throw new Error("dense singular");
      const y = solveLU(dense, b);
      expect(norm(x.map((v, i) => v - y[i])) / norm(y)).toBeLessThan(1e-10);
    },
  );

  it("reuses a column order for new values with the same pattern (as Newton iterations do)", () => {
    const a = randomSparse(100, 3, 9);
    const q = sparseOrder(a);
    const b = Array.from({ length: 100 }, (_, i) => i % 7);
    const scaled = { ...a, values: a.values.map((v) => v * 3) };
    const x = sparseSolve(ok(sparseFactor(scaled, q)), b);
    const x0 = sparseSolve(ok(sparseFactor(a, q)), b);
    expect(norm(x.map((v, i) => 3 * v - x0[i]))).toBeLessThan(1e-12);
  });

  it.each([["a sparse one", 200, 4, 3], ["one whose trailing block turns dense", 300, 4, 21]])(
    "refactorises %s along the last pivots: bit-identical factors for the same values, the fresh factorisation's solution for new ones",
    (_, n, perRow, seed) => {
      const a = randomSparse(n as number, perRow as number, seed as number);
      const order = sparseOrder(a);
      const first = ok(sparseFactor(a, order));
      expect(first.reused).toBe(false);
      const again = ok(sparseFactor({ ...a, values: a.values.slice() }, order));
      expect(again.reused).toBe(true);
      for (const key of ["pinv", "lIndex", "lValues", "uIndex", "uValues", "dense"] as const) expect(Array.from(again[key]), key).toEqual(Array.from(first[key]));
      expect(again.k0).toBe(first.k0);
      // New values, same pattern (as between Newton iterations): ±20 % on every entry.
      const rnd = mulberry32(seed as number);
      const moved = { ...a, values: a.values.map((v) => v * (0.8 + 0.4 * rnd())) };
      const f = ok(sparseFactor(moved, order));
      expect(f.reused).toBe(true);
      const fresh = ok(sparseFactor(moved, sparseOrder(moved)));
      expect(fresh.reused).toBe(false);
      const b = Array.from({ length: n as number }, (_, i) => Math.cos(i));
      const x = sparseSolve(f, b), y = sparseSolve(fresh, b);
      expect(norm(multiply(moved, x).map((v, i) => v - b[i])) / (rowNorm(moved) * norm(x) + norm(b))).toBeLessThan(1e-14);
      expect(norm(x.map((v, i) => v - y[i])) / norm(y)).toBeLessThan(1e-10);
    },
  );

  it("factorises afresh when a reused pivot falls below the threshold (a tenth of its column's largest)", () => {
    const order = { q: Int32Array.of(0, 1) };
    // [[4, 1], [1, 3]]: column 0 pivots on row 0. Then [[0.01, 1], [1, 3]]: row 0's 0.01 < 0.1 · 1.
    const first = ok(sparseFactor(cscFromTriplets(2, [0, 0, 1, 1], [0, 1, 0, 1], [4, 1, 1, 3]), order));
    expect(first.pinv[0]).toBe(0);
    const moved = cscFromTriplets(2, [0, 0, 1, 1], [0, 1, 0, 1], [0.01, 1, 1, 3]);
    const f = ok(sparseFactor(moved, order));
    expect([f.reused, f.pinv[1]]).toEqual([false, 0]);
    const x = sparseSolve(f, [1.01, 4]);
    expect(Array.from(x)).toEqual([expect.closeTo(1, 14), expect.closeTo(1, 14)]);
  });

  it("the column ordering is a permutation and keeps an arrow matrix's factors sparse; natural order fills them", () => {
    // Diagonally dominant arrow: dense first row and column. Eliminating column 0 first fills everything.
    const n = 400, rows: number[] = [], cols: number[] = [], vals: number[] = [];
    for (let i = 0; i < n; i++) {
      rows.push(i, 0, i); cols.push(i, i, 0); vals.push(n, i === 0 ? 0 : 0.5, i === 0 ? 0 : 0.25);
    }
    const a = cscFromTriplets(n, rows, cols, vals);
    const natural = { q: Int32Array.from({ length: n }, (_, i) => i) };
    for (const order of [{ q: columnOrdering(a) }, sparseOrder(a)]) {
      expect(Array.from(order.q).sort((u, v) => u - v)).toEqual(Array.from(natural.q));
      expect(factorSize(ok(sparseFactor(a, order)))).toBeLessThan(4 * n);
    }
    expect(factorSize(ok(sparseFactor(a, natural)))).toBeGreaterThan((n * n) / 4);
  });

  it("finishes a trailing block that has filled in densely (k0 < n) to the same backward error; a tridiagonal matrix stays sparse", () => {
    const a = randomSparse(300, 4, 21);
    const f = ok(sparseFactor(a));
    expect(f.k0).toBeLessThan(300);
    expect(f.k0).toBeGreaterThan(0);
    const b = Array.from({ length: 300 }, (_, i) => Math.sin(i));
    const x = sparseSolve(f, b);
    expect(norm(multiply(a, x).map((v, i) => v - b[i])) / (rowNorm(a) * norm(x) + norm(b))).toBeLessThan(1e-14);
    const rows: number[] = [], cols: number[] = [], vals: number[] = [];
    for (let i = 0; i < 300; i++) for (const j of [i - 1, i, i + 1]) if (j >= 0 && j < 300) {
      rows.push(i); cols.push(j); vals.push(i === j ? 4 : -1);
    }
    const t = ok(sparseFactor(cscFromTriplets(300, rows, cols, vals)));
    expect(t.k0).toBe(300);
    expect(factorSize(t)).toBeLessThanOrEqual(4 * 300); // no fill: L and U are bidiagonal, unit diagonal stored
  });

  it("reports the column of a singular matrix", () => {
    // Column 2 = column 0 + column 1.
    const a = cscFromTriplets(3, [0, 0, 0, 1, 1, 2, 2], [0, 1, 2, 0, 2, 1, 2], [1, 1, 2, 1, 1, 1, 1]);
    const f = sparseFactor(a, { q: Int32Array.of(0, 1, 2) });
    expect(f).toEqual({ kind: "singular", column: 2 });
  });

  it("duplicates in triplets are summed", () => {
    const a = cscFromTriplets(2, [0, 0, 1, 1], [0, 0, 1, 0], [1, 2, 4, 0]);
    expect(Array.from(toDense(a))).toEqual([3, 0, 0, 4]);
  });
});
