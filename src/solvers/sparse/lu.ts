/**
 * Sparse LU factorisation with partial pivoting, P·A·Q = L·U, and the solve of A·x = b.
 * Left-looking (Gilbert–Peierls): column k of L and U is the sparse triangular solve
 * L·x = A(:, q_k), whose non-zero pattern is found by a depth-first search of L's graph before
 * any arithmetic, so the work is proportional to the floating-point operations done. The pivot
 * is chosen among rows not yet pivotal by threshold partial pivoting: the shortest row whose entry
 * is at least a tenth of the largest (Duff, Erisman & Reid, Direct Methods for Sparse Matrices,
 * 1986, §7.8), so that element growth stays bounded and dense rows are pivoted last.
 * The column order Q and the preferred pivot rows come from `sparseOrder` (a row matching and
 * approximate minimum degree). A matrix with the pattern of the last one factorised with the same
 * order (Newton's Jacobians) is refactorised numerically along the last factorisation's reaches
 * and pivots, with no search, as long as every pivot still passes the threshold below; else it is
 * factorised afresh (the "refactor" of KLU: Davis & Palamadai Natarajan, ACM TOMS 37, 2010).
 * Sources: Gilbert & Peierls, "Sparse partial pivoting in time proportional to arithmetic
 * operations", SIAM J. Sci. Stat. Comput. 9 (1988); T. A. Davis, Direct Methods for Sparse
 * Linear Systems (SIAM 2006), cs_lu, cs_spsolve, cs_reach, cs_dfs.
 */
import type { Csc } from "./matrix";
import { factor } from "../cge/lu";
import { sparseOrder, type SparseOrder } from "./ordering";

/** The trailing block turns dense once a column's L part fills this share of the rows left … */
const denseFrom = 0.3;
/** … and at least this many rows are left (below it, sparse costs no more than dense). */
const denseMin = 48;
/** A pivot may be this much smaller than the column's largest entry (growth per step ≤ 1/0.1). */
const pivotTolerance = 0.1;

/**
 * A factorisation. Columns 0 … k0−1: L (unit lower, diagonal first) and U (diagonal last) by
 * columns, in pivot order. Columns k0 … n−1 (the trailing block, once it has turned dense): U's
 * entries above row k0 stay sparse in U's columns, and the b × b block below is a dense LU
 * (`dense`, row-major, L unit lower and U packed as `cge/lu` stores them).
 */
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
  /** First column of the dense trailing block (n when there is none). */
  k0: number;
  dense: Float64Array;
  /** True when refactorised along the previous factorisation's pivots (same pattern and order). */
  reused: boolean;
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
 * Factorises A (left unchanged). `order` is the column order and preferred pivot rows (default:
 * `sparseOrder(a)`; pass a stored one when only the values changed, as between Newton iterations). A pivot at most
 * `tiny` × (largest |entry| of A) counts as zero and returns `{kind: "singular", column}`.
 */
export function sparseFactor(a: Csc, order: SparseOrder = sparseOrder(a), tiny = 1e-14): SparseLU | SparseSingular {
  const { q, rowFor } = order;
  const n = a.n;
  const { colStart: ap, rowIndex: ai, values: ax } = a;
  let largest = 0;
  for (let p = 0; p < ap[n]; p++) largest = Math.max(largest, Math.abs(ax[p]));
  const threshold = tiny * (largest || 1);
  const last = order.symbolic as Symbolic | undefined;
  if (last && samePattern(last, a)) {
    const again = refactor(a, q, last, threshold);
    if (again) return again;
  }
  const reachStart = new Int32Array(n + 1), reach = new Entries(order.lSize ?? 2 * ap[n] + n);
  const rowLength = new Int32Array(n);
  for (let p = 0; p < ap[n]; p++) rowLength[ai[p]]++;
  // Start at the sizes the last factorisation with this order needed (Newton reuses the order).
  const L = new Entries(order.lSize ?? 2 * ap[n] + n), U = new Entries(order.uSize ?? 2 * ap[n] + n);
  const lStart = new Int32Array(n + 1), uStart = new Int32Array(n + 1);
  const pinv = new Int32Array(n).fill(-1);
  const x = new Float64Array(n);
  const xi = new Int32Array(n); // the reach, in topological order at xi[top..n)
  const stack = new Int32Array(n), pstack = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  // Once a column's L part fills `denseFrom` of the rows left, the rest is factorised densely.
  let k0 = n;
  let dense = new Float64Array(0);
  const rowOf = new Int32Array(n).fill(-1); // dense block row of a not-yet-pivotal row
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
    for (let p = top; p < n; p++) reach.push(xi[p], 0);
    reachStart[k + 1] = reach.size;
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
    if (k >= k0) {
      // Trailing block: U above it, the Schur complement A22 − L21·U12 into the dense matrix.
      const b = n - k0;
      for (let p = top; p < n; p++) {
        const i = xi[p];
        if (pinv[i] < 0) dense[rowOf[i] * b + (k - k0)] = x[i];
        else U.push(pinv[i], x[i]);
        x[i] = 0;
      }
      continue;
    }
    // Pivot: threshold partial pivoting. Among non-pivotal rows with |x_i| ≥ pivotTolerance × the
    // largest, the shortest row of A (so dense rows, which the column order ignored, go last);
    // pivotal rows go to U.
    let ipiv = -1, best = -1;
    for (let p = top; p < n; p++) {
      const i = xi[p];
      if (pinv[i] < 0) best = Math.max(best, Math.abs(x[i]));
      else U.push(pinv[i], x[i]);
    }
    if (!(best > threshold)) return { kind: "singular", column: col };
    // The matched row first (the order assumed it), when its entry is large enough.
    const preferred = rowFor ? rowFor[col] : -1;
    if (preferred >= 0 && pinv[preferred] < 0 && Math.abs(x[preferred]) >= pivotTolerance * best) ipiv = preferred;
    let shortest = ipiv >= 0 ? -1 : Infinity, bestKept = 0;
    for (let p = top; p < n; p++) {
      const i = xi[p];
      if (pinv[i] >= 0) continue;
      const v = Math.abs(x[i]);
      if (v < pivotTolerance * best) continue;
      if (rowLength[i] < shortest || (rowLength[i] === shortest && v > bestKept)) {
        shortest = rowLength[i];
        bestKept = v;
        ipiv = i;
      }
    }
    const pivot = x[ipiv];
    U.push(k, pivot);
    pinv[ipiv] = k;
    L.push(ipiv, 1);
    let below = 0;
    for (let p = top; p < n; p++) {
      const i = xi[p];
      if (pinv[i] < 0) {
        L.push(i, x[i] / pivot);
        below++;
      }
      x[i] = 0;
    }
    const left = n - k - 1;
    if (k0 === n && left >= denseMin && below >= denseFrom * left) {
      k0 = k + 1;
      dense = new Float64Array(left * left);
      let r = 0;
      for (let i = 0; i < n; i++) if (pinv[i] < 0) rowOf[i] = r++;
    }
  }
  for (let k = k0; k <= n; k++) lStart[k] = L.size;
  uStart[n] = U.size;
  order.lSize = L.size;
  order.uSize = U.size;
  if (k0 < n) {
    const b = n - k0;
    // The same pivot threshold as the sparse part: tiny × the largest entry of A.
    let blockLargest = threshold;
    for (let t = 0; t < dense.length; t++) blockLargest = Math.max(blockLargest, Math.abs(dense[t]));
    const f = factor(dense, b, threshold / blockLargest);
    if ("kind" in f) return { kind: "singular", column: q[k0 + f.column] };
    // Dense row r of the factors is block row f.perm[r]: give those rows their pivot numbers.
    const rowAt = new Int32Array(b);
    for (let i = 0; i < n; i++) if (pinv[i] < 0) rowAt[rowOf[i]] = i;
    for (let r = 0; r < b; r++) pinv[rowAt[f.perm[r]]] = k0 + r;
  }
  // The step at which each row was pivoted in the sparse part (n: in the dense block), for refactorisation.
  const step = new Int32Array(n);
  for (let i = 0; i < n; i++) step[i] = pinv[i] < k0 ? pinv[i] : n;
  const lRows = L.index.slice(0, L.size), uIndex = U.index.slice(0, U.size);
  order.symbolic = {
    colStart: ap, rowIndex: ai, reachStart, reach: reach.index.slice(0, reach.size), step, k0, rowOf, lStart, lRows, uStart, uIndex,
  } satisfies Symbolic;
  // L's rows into pivot numbering.
  const lIndex = lRows.slice();
  for (let p = 0; p < lIndex.length; p++) lIndex[p] = pinv[lIndex[p]];
  return {
    n, pinv, q, lStart, lIndex, lValues: L.values.slice(0, L.size), uStart, uIndex, uValues: U.values.slice(0, U.size),
    k0, dense, reused: false,
  };
}

/** What a factorisation leaves for the next one of the same pattern and order. */
interface Symbolic {
  /** A's pattern. */
  colStart: Int32Array;
  rowIndex: Int32Array;
  /** Column k's reach (rows of L \ A(:, q_k), topological order) at `reach[reachStart[k] .. reachStart[k+1])`. */
  reachStart: Int32Array;
  reach: Int32Array;
  /** The step at which row i became pivotal (n for the rows of the dense block). */
  step: Int32Array;
  k0: number;
  /** Dense block row of each row of the block. */
  rowOf: Int32Array;
  lStart: Int32Array;
  /** L's entries' rows in A's numbering. */
  lRows: Int32Array;
  uStart: Int32Array;
  uIndex: Int32Array;
}

function samePattern(s: Symbolic, a: Csc): boolean {
  if (s.colStart === a.colStart && s.rowIndex === a.rowIndex) return true;
  if (s.colStart.length !== a.colStart.length || s.rowIndex.length !== a.rowIndex.length) return false;
  for (let k = 0; k < s.colStart.length; k++) if (s.colStart[k] !== a.colStart[k]) return false;
  for (let k = 0; k < s.rowIndex.length; k++) if (s.rowIndex[k] !== a.rowIndex[k]) return false;
  return true;
}

/**
 * The numeric factorisation of A along the last one's reaches and pivots (the same operations in
 * the same order as `sparseFactor` choosing those pivots); null when a pivot falls below
 * `pivotTolerance` × its column's largest candidate or below `threshold`, so that the caller
 * factorises afresh. The dense trailing block pivots anew, as always.
 */
function refactor(a: Csc, q: Int32Array, s: Symbolic, threshold: number): SparseLU | null {
  const n = a.n;
  const { colStart: ap, rowIndex: ai, values: ax } = a;
  const { reachStart, reach, step, k0, rowOf, lStart, lRows, uStart, uIndex } = s;
  const lValues = new Float64Array(lRows.length), uValues = new Float64Array(uIndex.length);
  const x = new Float64Array(n);
  const b = n - k0;
  const dense = new Float64Array(b * b);
  let lp = 0, up = 0;
  for (let k = 0; k < n; k++) {
    const col = q[k];
    const r0 = reachStart[k], r1 = reachStart[k + 1];
    for (let p = ap[col]; p < ap[col + 1]; p++) x[ai[p]] += ax[p];
    // Rows pivotal before this column: those of earlier steps (in the block: of the sparse part).
    const before = k < k0 ? k : k0;
    for (let p = r0; p < r1; p++) {
      const j = reach[p];
      const J = step[j];
      if (J >= before) continue;
      const xj = x[j];
      if (xj === 0) continue;
      for (let t = lStart[J] + 1; t < lStart[J + 1]; t++) x[lRows[t]] -= lValues[t] * xj;
    }
    if (k >= k0) {
      for (let p = r0; p < r1; p++) {
        const i = reach[p];
        if (step[i] >= k0) dense[rowOf[i] * b + (k - k0)] = x[i];
        else uValues[up++] = x[i];
        x[i] = 0;
      }
      continue;
    }
    let best = -1;
    for (let p = r0; p < r1; p++) {
      const i = reach[p];
      if (step[i] >= k) best = Math.max(best, Math.abs(x[i]));
      else uValues[up++] = x[i];
    }
    const ipiv = lRows[lStart[k]];
    const pivot = x[ipiv];
    if (!(best > threshold) || !(Math.abs(pivot) >= pivotTolerance * best)) return null;
    uValues[up++] = pivot;
    lValues[lp++] = 1;
    for (let p = r0; p < r1; p++) {
      const i = reach[p];
      if (step[i] > k) lValues[lp++] = x[i] / pivot;
      x[i] = 0;
    }
  }
  const pinv = new Int32Array(n);
  for (let i = 0; i < n; i++) pinv[i] = step[i];
  if (k0 < n) {
    let blockLargest = threshold;
    for (let t = 0; t < dense.length; t++) blockLargest = Math.max(blockLargest, Math.abs(dense[t]));
    const f = factor(dense, b, threshold / blockLargest);
    if ("kind" in f) return null;
    const rowAt = new Int32Array(b);
    for (let i = 0; i < n; i++) if (step[i] >= k0) rowAt[rowOf[i]] = i;
    for (let r = 0; r < b; r++) pinv[rowAt[f.perm[r]]] = k0 + r;
  }
  const lIndex = lRows.slice();
  for (let p = 0; p < lIndex.length; p++) lIndex[p] = pinv[lIndex[p]];
  return { n, pinv, q, lStart, lIndex, lValues, uStart, uIndex, uValues, k0, dense, reused: true };
}

/** Solves A·x = b with a factorisation of A; returns x (b is left unchanged). */
export function sparseSolve(f: SparseLU, b: ArrayLike<number>): Float64Array {
  const { n, pinv, q, lStart, lIndex, lValues, uStart, uIndex, uValues, k0, dense } = f;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[pinv[i]] = b[i];
  for (let j = 0; j < k0; j++) {
    const yj = y[j];
    if (yj === 0) continue;
    for (let p = lStart[j] + 1; p < lStart[j + 1]; p++) y[lIndex[p]] -= lValues[p] * yj;
  }
  // The dense trailing block: forward with its unit L, back with its U.
  const m = n - k0;
  for (let i = 1; i < m; i++) {
    let s = y[k0 + i];
    for (let j = 0; j < i; j++) s -= dense[i * m + j] * y[k0 + j];
    y[k0 + i] = s;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = y[k0 + i];
    for (let j = i + 1; j < m; j++) s -= dense[i * m + j] * y[k0 + j];
    y[k0 + i] = s / dense[i * m + i];
  }
  for (let j = n - 1; j >= 0; j--) {
    const last = j >= k0 ? uStart[j + 1] : uStart[j + 1] - 1;
    const yj = j >= k0 ? y[j] : (y[j] /= uValues[last]);
    if (yj === 0) continue;
    for (let p = uStart[j]; p < last; p++) y[uIndex[p]] -= uValues[p] * yj;
  }
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[q[k]] = y[k];
  return x;
}

/** Entries stored in L and U together (a measure of fill: A's own count is the floor). */
export function factorSize(f: SparseLU): number {
  return f.lIndex.length + f.uIndex.length + f.dense.length;
}
