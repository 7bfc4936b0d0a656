/**
 * Dense LU factorisation with partial (row) pivoting, P·A = L·U, and the solve of A·x = b.
 * Doolittle elimination in place on a row-major Float64Array; O(n³/3) flops.
 * Source: Golub & Van Loan, Matrix Computations, 4th ed., algorithm 3.4.1.
 */

/** A factorised matrix: L (unit lower, below the diagonal) and U packed in `lu`, row permutation in `perm`. */
export interface LU {
  n: number;
  lu: Float64Array;
  perm: Int32Array;
}

/** Why a factorisation failed: the first column without a usable pivot (0-based). */
export interface Singular {
  kind: "singular";
  column: number;
}

/**
 * Factorises the n × n row-major matrix `a` (overwritten). A pivot smaller than
 * `tiny` × (largest entry of the matrix) counts as zero and returns `{kind: "singular", column}`.
 */
export function factor(a: Float64Array, n: number, tiny = 1e-14): LU | Singular {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let scaleMax = 0;
  for (let i = 0; i < a.length; i++) scaleMax = Math.max(scaleMax, Math.abs(a[i]));
  const threshold = tiny * (scaleMax || 1);
  for (let k = 0; k < n; k++) {
    // Partial pivoting: the largest entry of column k at or below the diagonal.
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best <= threshold) return { kind: "singular", column: k };
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    const pivot = a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k] / pivot;
      if (f === 0) continue;
      a[i * n + k] = f;
      const ri = i * n;
      const rk = k * n;
      for (let j = k + 1; j < n; j++) a[ri + j] -= f * a[rk + j];
    }
  }
  return { n, lu: a, perm };
}

/** Solves A·x = b with a factorisation of A; returns x (b is left unchanged). */
export function solveLU(f: LU, b: ArrayLike<number>): Float64Array {
  const { n, lu, perm } = f;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = b[perm[i]];
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let j = 0; j < i; j++) s -= lu[i * n + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * x[j];
    x[i] = s / lu[i * n + i];
  }
  return x;
}
