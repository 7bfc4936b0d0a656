/**
 * Sparse LU factorisation with partial pivoting, P·A·Q = L·U, and the solve of A·x = b.
 * Left-looking (Gilbert–Peierls): column k of L and U is the sparse triangular solve
 * L·x = A(:, q_k), whose non-zero pattern is found by a depth-first search of L's graph before
 * any arithmetic, so the work is proportional to the floating-point operations done. The pivot
 * is the largest entry of x among rows not yet pivotal (partial pivoting, as the dense `cge/lu`).
 * The column order Q comes from `columnOrdering` (approximate minimum degree on AᵀA).
 * Sources: Gilbert & Peierls, "Sparse partial pivoting in time proportional to arithmetic
 * operations", SIAM J. Sci. Stat. Comput. 9 (1988); T. A. Davis, Direct Methods for Sparse
 * Linear Systems (SIAM 2006), cs_lu, cs_spsolve, cs_reach, cs_dfs.
 */
import type { Csc } from "./matrix";
import { columnOrdering } from "./ordering";

/** A factorisation: L (unit lower, diagonal first in each column) and U (diagonal last) by columns, in pivot order. */
export interface SparseLU {
  n: number;
  /** Row pivot: row i of A is row pinv[i] of L·U. */
  pinv: Int32Array;
  /** Column order: column k of L·U is column q[k] of A. */
  q: Int32Array;
  lStart: Int32Array;
  lIndex: Int32Array;
  lValues: Float64Array;
  uStart: Int32Array;
  uIndex: Int32Array;
  uValues: Float64Array;
}

/** Why a factorisation failed: the first column of A (0-based, in A's numbering) without a usable pivot. */
export interface SparseSingular {
  kind: "singular";
  column: number;
}

/** Growable Int32/Float64 pair for L's or U's entries. */
class Entries {
  index: Int32Array;
  values: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.index = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
  }
  push(i: number, v: number) {
    if (this.size === this.index.length) {
      const index = new Int32Array(2 * this.size + 16), values = new Float64Array(2 * this.size + 16);
      index.set(this.index);
      values.set(this.values);
      this.index = index;
      this.values = values;
    }
    this.index[this.size] = i;
    this.values[this.size++] = v;
  }
}

/**
 * Factorises A (left unchanged). `q` is the column order (default: `columnOrdering(a)`; pass a
 * stored one when only the values changed, as between Newton iterations). A pivot at most
 * `tiny` × (largest |entry| of A) counts as zero and returns `{kind: "singular", column}`.
 */
export function sparseFactor(a: Csc, q: Int32Array = columnOrdering(a), tiny = 1e-14): SparseLU | SparseSingular {
  const n = a.n;
  const { colStart: ap, rowIndex: ai, values: ax } = a;
  let largest = 0;
  for (let p = 0; p < ap[n]; p++) largest = Math.max(largest, Math.abs(ax[p]));
  const threshold = tiny * (largest || 1);
  const L = new Entries(4 * ap[n] + n), U = new Entries(4 * ap[n] + n);
  const lStart = new Int32Array(n + 1), uStart = new Int32Array(n + 1);
  const pinv = new Int32Array(n).fill(-1);
  const x = new Float64Array(n);
  const xi = new Int32Array(n); // the reach, in topological order at xi[top..n)
  const stack = new Int32Array(n), pstack = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    lStart[k] = L.size;
    uStart[k] = U.size;
    const col = q[k];
    // Reach: rows that become non-zero in x = L \ A(:, col), by depth-first search through L's columns.
    let top = n;
    for (let p = ap[col]; p < ap[col + 1]; p++) {
      const start = ai[p];
      if (mark[start] === k) continue;
      let head = 0;
      stack[0] = start;
      while (head >= 0) {
        const j = stack[head];
        const J = pinv[j];
        if (mark[j] !== k) {
          mark[j] = k;
          pstack[head] = J < 0 ? 0 : lStart[J] + 1; // skip L's unit diagonal (row j itself)
        }
        let done = true;
        const end = J < 0 ? 0 : lStart[J + 1];
        for (let p2 = pstack[head]; p2 < end; p2++) {
          const i = L.index[p2];
          if (mark[i] === k) continue;
          pstack[head] = p2 + 1;
          stack[++head] = i;
          done = false;
          break;
        }
        if (done) {
          head--;
          xi[--top] = j;
        }
      }
    }
    // Numeric: scatter A(:, col), then eliminate with L's columns in topological order.
    for (let p = top; p < n; p++) x[xi[p]] = 0;
    for (let p = ap[col]; p < ap[col + 1]; p++) x[ai[p]] += ax[p];
    for (let p = top; p < n; p++) {
      const j = xi[p];
      const J = pinv[j];
      if (J < 0) continue;
      const xj = x[j];
      if (xj === 0) continue;
      for (let t = lStart[J] + 1; t < lStart[J + 1]; t++) x[L.index[t]] -= L.values[t] * xj;
    }
    // Pivot: the largest entry among non-pivotal rows; pivotal rows go to U.
    let ipiv = -1, best = -1;
    for (let p = top; p < n; p++) {
      const i = xi[p];
      if (pinv[i] < 0) {
        const v = Math.abs(x[i]);
        if (v > best) {
          best = v;
          ipiv = i;
        }
      } else U.push(pinv[i], x[i]);
    }
    if (ipiv < 0 || !(best > threshold)) return { kind: "singular", column: col };
    const pivot = x[ipiv];
    U.push(k, pivot);
    pinv[ipiv] = k;
    L.push(ipiv, 1);
    for (let p = top; p < n; p++) {
      const i = xi[p];
      if (pinv[i] < 0) L.push(i, x[i] / pivot);
      x[i] = 0;
    }
  }
  lStart[n] = L.size;
  uStart[n] = U.size;
  // L's rows into pivot numbering.
  const lIndex = L.index.slice(0, L.size);
  for (let p = 0; p < lIndex.length; p++) lIndex[p] = pinv[lIndex[p]];
  return {
    n, pinv, q, lStart, lIndex, lValues: L.values.slice(0, L.size), uStart, uIndex: U.index.slice(0, U.size), uValues: U.values.slice(0, U.size),
  };
}

/** Solves A·x = b with a factorisation of A; returns x (b is left unchanged). */
export function sparseSolve(f: SparseLU, b: ArrayLike<number>): Float64Array {
  const { n, pinv, q, lStart, lIndex, lValues, uStart, uIndex, uValues } = f;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[pinv[i]] = b[i];
  for (let j = 0; j < n; j++) {
    const yj = y[j];
    if (yj === 0) continue;
    for (let p = lStart[j] + 1; p < lStart[j + 1]; p++) y[lIndex[p]] -= lValues[p] * yj;
  }
  for (let j = n - 1; j >= 0; j--) {
    const last = uStart[j + 1] - 1;
    const yj = (y[j] /= uValues[last]);
    if (yj === 0) continue;
    for (let p = uStart[j]; p < last; p++) y[uIndex[p]] -= uValues[p] * yj;
  }
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[q[k]] = y[k];
  return x;
}

/** Entries stored in L and U together (a measure of fill: A's own count is the floor). */
export function factorSize(f: SparseLU): number {
  return f.lIndex.length + f.uIndex.length;
}
