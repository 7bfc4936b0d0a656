/**
 * Compressed sparse column (CSC) matrices: column j's row indices are `rowIndex[colStart[j] ..
 * colStart[j + 1])`, with its values at the same positions. Duplicates are summed on
 * construction; rows within a column are not required to be sorted.
 */

/** An n × n sparse matrix in compressed-column form. */
export interface Csc {
  n: number;
  colStart: Int32Array;
  rowIndex: Int32Array;
  values: Float64Array;
}

/** Builds a CSC matrix from compressed rows (row i: `cols[rowStart[i] .. rowStart[i+1])`), i.e. transposes CSR → CSC in O(n + nnz). */
export function cscFromRows(n: number, rowStart: ArrayLike<number>, cols: ArrayLike<number>, vals: ArrayLike<number>): Csc {
  const nnz = rowStart[n];
  const colStart = new Int32Array(n + 1);
  for (let p = 0; p < nnz; p++) colStart[cols[p] + 1]++;
  for (let j = 0; j < n; j++) colStart[j + 1] += colStart[j];
  const next = colStart.slice(0, n);
  const rowIndex = new Int32Array(nnz), values = new Float64Array(nnz);
  for (let i = 0; i < n; i++) {
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) {
      const q = next[cols[p]]++;
      rowIndex[q] = i;
      values[q] = vals[p];
    }
  }
  return { n, colStart, rowIndex, values };
}

/** Builds a CSC matrix from (row, column, value) triplets; duplicates are summed. */
export function cscFromTriplets(n: number, rows: ArrayLike<number>, cols: ArrayLike<number>, vals: ArrayLike<number>): Csc {
  const count = new Int32Array(n + 1);
  for (let p = 0; p < rows.length; p++) count[rows[p] + 1]++;
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const at = count.slice(0, n);
  const c = new Int32Array(rows.length), v = new Float64Array(rows.length);
  for (let p = 0; p < rows.length; p++) {
    const q = at[rows[p]]++;
    c[q] = cols[p];
    v[q] = vals[p];
  }
  // Sum duplicates within each row with a last-seen marker, then compress.
  const seen = new Int32Array(n).fill(-1);
  const rowStart = new Int32Array(n + 1);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const start = out;
    for (let p = count[i]; p < count[i + 1]; p++) {
      const j = c[p];
      if (seen[j] >= start) v[seen[j]] += v[p];
      else {
        seen[j] = out;
        c[out] = j;
        v[out++] = v[p];
      }
    }
    rowStart[i + 1] = out;
  }
  return cscFromRows(n, rowStart, c, v);
}

/** y = A·x. */
export function multiply(a: Csc, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(a.n);
  for (let j = 0; j < a.n; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    for (let p = a.colStart[j]; p < a.colStart[j + 1]; p++) y[a.rowIndex[p]] += a.values[p] * xj;
  }
  return y;
}

/** The dense row-major copy of A (for tests and small systems). */
export function toDense(a: Csc): Float64Array {
  const d = new Float64Array(a.n * a.n);
  for (let j = 0; j < a.n; j++) for (let p = a.colStart[j]; p < a.colStart[j + 1]; p++) d[a.rowIndex[p] * a.n + j] += a.values[p];
  return d;
}
