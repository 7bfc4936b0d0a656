/**
 * Fill-reducing orders for LU with partial pivoting, both by approximate minimum degree on a
 * quotient graph: elements (cliques of variables) are merged as variables are eliminated, so the
 * graph never grows, and a variable's degree is bounded by AMD's approximation
 *
 *     d_i ≈ |L_p \ {i}| + Σ_{e ∋ i, e ≠ p} |L_e \ L_p|
 *
 * (the variable of least approximate degree is eliminated next; no supervariables or mass
 * elimination: simpler, and fast enough for Jacobians of a few thousand unknowns).
 *
 * - `sparseOrder` (used by the Newton solvers): a row matching on large entries
 *   (`maximumTransversal`), then minimum degree on B + Bᵀ of the matched matrix
 *   (`symmetricOrdering`); the LU then prefers the matched rows as pivots. Falls back to:
 * - `columnOrdering`: minimum degree on AᵀA, A's rows as the initial elements (COLAMD's idea);
 *   whatever rows pivoting picks, the fill stays within AᵀA's Cholesky fill (George & Ng 1987).
 *
 * Rows or nodes longer than max(16, 10√n) are left out and ordered last, and elimination stops
 * once the remaining graph is nearly a clique (the LU factorises that block densely).
 * Sources: Amestoy, Davis & Duff, "An approximate minimum degree ordering algorithm", SIAM J.
 * Matrix Anal. Appl. 17 (1996); Davis, Gilbert, Larimore & Ng, "A column approximate minimum
 * degree ordering algorithm", ACM TOMS 30 (2004); George & Ng, SIAM J. Sci. Stat. Comput. 8
 * (1987); Duff & Koster, "On algorithms for permuting large entries to the diagonal of a sparse
 * matrix", SIAM J. Matrix Anal. Appl. 22 (2001).
 */
import type { Csc } from "./matrix";

/** Minimum degree stops once an element holds this share of the columns left (the LU goes dense there too). */
const denseTail = 0.3;

/**
 * The column order q (q[k] = the column eliminated k-th) for A's pattern: minimum degree on AᵀA,
 * rows as elements; rows longer than max(16, denseFactor·√n) are left out.
 */
export function columnOrdering(a: Csc, denseFactor = 10): Int32Array {
  const n = a.n;
  const rowCount = new Int32Array(n);
  for (let p = 0; p < a.colStart[n]; p++) rowCount[a.rowIndex[p]]++;
  const dense = Math.max(16, Math.floor(denseFactor * Math.sqrt(n)));
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (let j = 0; j < n; j++) {
    for (let p = a.colStart[j]; p < a.colStart[j + 1]; p++) {
      const i = a.rowIndex[p];
      if (rowCount[i] > dense) continue;
      const row = rows[i];
      if (row[row.length - 1] !== j) row.push(j);
    }
  }
  return minimumDegree(n, rows);
}

/**
 * A symmetric order for a matrix whose diagonal has been made zero-free by `rowFor` (row
 * rowFor[j] pivots column j, from `maximumTransversal`): minimum degree on the pattern of B + Bᵀ,
 * B = A with row rowFor[j] moved to position j, each off-diagonal pair an element. Nodes of
 * degree above max(16, 10√n) are left out and ordered last (AMD's dense-row rule). Much less
 * fill than AᵀA when A is structurally near-symmetric, as a complementarity Jacobian is (sector
 * j's zero profit depends on price i exactly when market i depends on activity j).
 */
export function symmetricOrdering(a: Csc, rowFor: Int32Array): Int32Array {
  const n = a.n;
  const colOf = new Int32Array(n);
  for (let j = 0; j < n; j++) colOf[rowFor[j]] = j;
  const neighbours: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (let j = 0; j < n; j++) {
    for (let p = a.colStart[j]; p < a.colStart[j + 1]; p++) {
      const i = colOf[a.rowIndex[p]];
      if (i === j) continue;
      neighbours[i].add(j);
      neighbours[j].add(i);
    }
  }
  const dense = Math.max(16, Math.floor(10 * Math.sqrt(n)));
  const isDense = neighbours.map((s) => s.size > dense);
  const edges: number[][] = [];
  neighbours.forEach((s, i) => {
    if (isDense[i]) return;
    for (const j of s) if (j > i && !isDense[j]) edges.push([i, j]);
  });
  const order = minimumDegree(n, edges, isDense);
  return order;
}

/**
 * Maximum transversal: a row for every column such that all the chosen entries are structurally
 * non-zero (rowFor[j] = −1 for a column left unmatched: A is structurally singular). Depth-first
 * augmenting paths with a cheap first pass (Duff, "On algorithms for obtaining a maximum
 * transversal", ACM TOMS 7, 1981; cs_maxtrans in Davis 2006).
 */
export function maximumTransversal(a: Csc, start?: Int32Array): Int32Array {
  const n = a.n;
  const rowFor = start ? start.slice() : new Int32Array(n).fill(-1), colFor = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) if (rowFor[j] >= 0) colFor[rowFor[j]] = j;
  for (let j = 0; j < n; j++) {
    if (rowFor[j] >= 0) continue;
    for (let p = a.colStart[j]; p < a.colStart[j + 1]; p++) {
      const i = a.rowIndex[p];
      if (colFor[i] < 0) {
        colFor[i] = j;
        rowFor[j] = i;
        break;
      }
    }
  }
  const visited = new Int32Array(n).fill(-1);
  const stackCol = new Int32Array(n), stackPos = new Int32Array(n), viaRow = new Int32Array(n);
  for (let j0 = 0; j0 < n; j0++) {
    if (rowFor[j0] >= 0) continue;
    // Iterative DFS over columns: from column j try each row; a free row ends the path, a matched one continues at its column.
    let head = 0;
    stackCol[0] = j0;
    stackPos[0] = a.colStart[j0];
    visited[j0] = j0;
    let found = -1;
    while (head >= 0 && found < 0) {
      const j = stackCol[head];
      let advanced = false;
      for (let p = stackPos[head]; p < a.colStart[j + 1]; p++) {
        const i = a.rowIndex[p];
        const owner = colFor[i];
        if (owner < 0) {
          viaRow[head] = i;
          found = head;
          break;
        }
        if (visited[owner] === j0) continue;
        visited[owner] = j0;
        stackPos[head] = p + 1;
        viaRow[head] = i;
        stackCol[++head] = owner;
        stackPos[head] = a.colStart[owner];
        advanced = true;
        break;
      }
      if (found < 0 && !advanced) head--;
    }
    // Augment along the path: column at level t takes the row it went through.
    for (let t = found; t >= 0; t--) {
      const j = stackCol[t], i = viaRow[t];
      colFor[i] = j;
      rowFor[j] = i;
    }
  }
  return rowFor;
}

/** A column order and, when A has a zero-free diagonal under some row matching, the matching (the preferred pivot rows). */
export interface SparseOrder {
  q: Int32Array;
  rowFor?: Int32Array;
  /** Entries of L and U in the last factorisation with this order (a capacity hint, set by `sparseFactor`). */
  lSize?: number;
  uSize?: number;
  /**
   * The symbolic part of the last factorisation with this order (set by `sparseFactor`): the
   * next matrix of the same pattern is refactorised along the same pivots when they still pass
   * the pivoting threshold (sparse/lu.ts).
   */
  symbolic?: unknown;
}

/**
 * The order for LU: match each column with a row where its entry is large (at least
 * `relative` × the column's largest, then any entry for the columns left), and order B + Bᵀ
 * symmetrically (`symmetricOrdering`); if A is structurally singular, minimum degree on AᵀA.
 */
export function sparseOrder(a: Csc, relative = 0.1): SparseOrder {
  const n = a.n;
  const keep: number[] = [];
  const colStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    let top = 0;
    for (let p = a.colStart[j]; p < a.colStart[j + 1]; p++) top = Math.max(top, Math.abs(a.values[p]));
    for (let p = a.colStart[j]; p < a.colStart[j + 1]; p++) if (top > 0 && Math.abs(a.values[p]) >= relative * top) keep.push(a.rowIndex[p]);
    colStart[j + 1] = keep.length;
  }
  const large = { n, colStart, rowIndex: Int32Array.from(keep), values: new Float64Array(keep.length) };
  const rowFor = maximumTransversal(a, maximumTransversal(large));
  if (rowFor.some((r) => r < 0)) return { q: columnOrdering(a) };
  return { q: symmetricOrdering(a, rowFor), rowFor };
}

/**
 * Approximate minimum degree over n variables, starting from the given elements (cliques of
 * variables); variables marked `last` are left out and ordered at the end.
 */
function minimumDegree(n: number, initial: number[][], last?: readonly boolean[]): Int32Array {
  const m = initial.length;
  // Elements 0..m−1 are the initial cliques; element m + k is the one made by the k-th elimination.
  const vars: number[][] = initial.concat(Array.from({ length: n }, () => []));
  const elems: number[][] = Array.from({ length: n }, () => []);
  initial.forEach((vs, e) => vs.forEach((v) => elems[v].push(e)));
  const alive = vars.map((v) => v.length > 0);
  const eliminated = new Uint8Array(n);
  const mark = new Int32Array(n);
  let stamp = 0;
  const weightStamp = new Int32Array(m + n);
  const weight = new Int32Array(m + n);

  // Exact initial degrees: the size of the union of a column's rows, itself excluded.
  const degree = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    stamp++;
    mark[j] = stamp;
    let d = 0;
    for (const e of elems[j]) for (const v of vars[e]) if (mark[v] !== stamp) {
      mark[v] = stamp;
      d++;
    }
    degree[j] = d;
  }

  // Degree buckets: doubly linked lists, head[d] the first column of degree d.
  const head = new Int32Array(n + 1).fill(-1), next = new Int32Array(n).fill(-1), prev = new Int32Array(n).fill(-1);
  const insert = (i: number) => {
    const d = degree[i];
    next[i] = head[d];
    prev[i] = -1;
    if (head[d] >= 0) prev[head[d]] = i;
    head[d] = i;
  };
  const remove = (i: number) => {
    if (prev[i] >= 0) next[prev[i]] = next[i];
    else head[degree[i]] = next[i];
    if (next[i] >= 0) prev[next[i]] = prev[i];
  };
  const order = new Int32Array(n);
  let count = n;
  for (let j = n - 1; j >= 0; j--) {
    if (last?.[j]) {
      order[--count] = j;
      eliminated[j] = 1;
    } else insert(j);
  }
  let least = 0;
  for (let k = 0; k < count; k++) {
    while (head[least] < 0) least++;
    const p = head[least];
    remove(p);
    eliminated[p] = 1;
    order[k] = p;
    // The new element: every live column reachable through p's elements; those elements are absorbed.
    stamp++;
    mark[p] = stamp;
    const lp: number[] = [];
    for (const e of elems[p]) {
      if (!alive[e]) continue;
      alive[e] = false;
      for (const v of vars[e]) if (mark[v] !== stamp && !eliminated[v]) {
        mark[v] = stamp;
        lp.push(v);
      }
      vars[e] = [];
    }
    // A live element never holds an eliminated column: every element holding p was just absorbed.
    elems[p] = [];
    const newElement = m + k;
    vars[newElement] = lp;
    alive[newElement] = lp.length > 0;
    if (lp.length === 0) continue;
    // |L_e \ L_p| for every live element touching L_p.
    for (const i of lp) for (const e of elems[i]) {
      if (!alive[e]) continue;
      if (weightStamp[e] !== stamp) {
        weightStamp[e] = stamp;
        weight[e] = vars[e].length;
      }
      weight[e]--;
    }
    const remaining = count - k - 1;
    if (lp.length >= denseTail * remaining && remaining >= 48) {
      // The rest is nearly a clique: the LU will treat it as one dense block (sparse/lu.ts), so
      // its order no longer matters for fill. Finish in order of current degree.
      const rest: number[] = [];
      for (let i = 0; i < n; i++) if (!eliminated[i]) rest.push(i);
      rest.sort((u, v) => degree[u] - degree[v]).forEach((i, t) => (order[k + 1 + t] = i));
      break;
    }
    for (const i of lp) {
      let d = lp.length - 1;
      // Keep the live elements in place, drop the dead and the absorbed (e ⊆ L_p), add L_p.
      const list = elems[i];
      let kept = 0;
      for (let t = 0; t < list.length; t++) {
        const e = list[t];
        if (!alive[e]) continue;
        if (weight[e] === 0) {
          alive[e] = false;
          continue;
        }
        list[kept++] = e;
        d += weight[e];
      }
      list.length = kept;
      list.push(newElement);
      remove(i);
      degree[i] = Math.max(0, Math.min(d, remaining - 1, degree[i] + lp.length - 1));
      insert(i);
      if (degree[i] < least) least = degree[i];
    }
  }
  return order;
}
