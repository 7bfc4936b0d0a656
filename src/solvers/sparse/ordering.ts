/**
 * A fill-reducing column ordering for LU with partial pivoting: approximate minimum degree on
 * the pattern of AᵀA, computed without forming AᵀA. Each row of A starts as an "element" (a
 * clique of the columns it touches); eliminating column p merges the elements around p into one
 * new element L_p and absorbs them, so the graph never grows (a quotient graph). A column's
 * degree is bounded by AMD's approximation
 *
 *     d_i ≈ |L_p \ {i}| + Σ_{e ∋ i, e ≠ p} |L_e \ L_p|
 *
 * and the column of least approximate degree is eliminated next. Whatever rows partial pivoting
 * picks later, the fill of L and U stays within the Cholesky fill of AᵀA under this order
 * (George & Ng 1987). Rows longer than max(16, 10√n) are left out (they would make AᵀA dense),
 * as COLAMD does. No supervariables or mass elimination: simpler, and fast enough for the
 * equilibrium Jacobians here (n of a few thousand, a few dozen entries per row).
 * Sources: Amestoy, Davis & Duff, "An approximate minimum degree ordering algorithm", SIAM J.
 * Matrix Anal. Appl. 17 (1996); Davis, Gilbert, Larimore & Ng, "A column approximate minimum
 * degree ordering algorithm", ACM TOMS 30 (2004); George & Ng, SIAM J. Sci. Stat. Comput. 8 (1987).
 */
import type { Csc } from "./matrix";

/** The column order q (q[k] = the column eliminated k-th) for A's pattern. */
export function columnOrdering(a: Csc): Int32Array {
  const n = a.n;
  // Rows as elements: transpose the pattern, skipping dense rows.
  const rowCount = new Int32Array(n);
  for (let p = 0; p < a.colStart[n]; p++) rowCount[a.rowIndex[p]]++;
  const dense = Math.max(16, Math.floor(10 * Math.sqrt(n)));
  // Elements 0..n−1 are A's rows; element n + k is the one made by the k-th elimination.
  const vars: number[][] = Array.from({ length: 2 * n }, () => []);
  const elems: number[][] = Array.from({ length: n }, () => []);
  for (let j = 0; j < n; j++) {
    for (let p = a.colStart[j]; p < a.colStart[j + 1]; p++) {
      const i = a.rowIndex[p];
      if (rowCount[i] > dense) continue;
      const row = vars[i];
      if (row[row.length - 1] !== j) {
        row.push(j);
        elems[j].push(i);
      }
    }
  }
  const alive = vars.map((v) => v.length > 0);
  const eliminated = new Uint8Array(n);
  const mark = new Int32Array(n);
  let stamp = 0;
  const weightStamp = new Int32Array(2 * n);
  const weight = new Int32Array(2 * n);

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
  for (let j = n - 1; j >= 0; j--) insert(j);

  const order = new Int32Array(n);
  let least = 0;
  for (let k = 0; k < n; k++) {
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
    const newElement = n + k;
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
    const remaining = n - k - 1;
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
