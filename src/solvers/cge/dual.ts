/**
 * Forward-mode automatic differentiation with dual numbers: a value and its gradient with
 * respect to all n unknowns. One evaluation of a residual function over duals yields the
 * exact Jacobian (no finite differences). Gradients are stored densely but carry their
 * sparsity pattern (`nz`, sorted indices) while it is small, so sums over input–output
 * matrices cost O(nonzeros), not O(n). Plain numbers pass through as constants, so the same
 * model code evaluates residuals alone (numbers) or residuals and Jacobian (duals).
 */

/** A value `v` and its gradient `d` (length n); `nz` lists the possibly non-zero entries, or null when dense. */
export class Dual {
  constructor(readonly v: number, readonly d: Float64Array, readonly nz: Int32Array | null = null) {}
}

/** A number (constant) or a dual (depends on the unknowns). */
export type Num = number | Dual;

/** Below this many unknowns, patterns cost more than they save and gradients stay dense. */
const SPARSE_FROM = 48;

/** The k-th of n unknowns at value v, with derivative `slope` (1 unless the unknown is scaled). */
export function variable(v: number, k: number, n: number, slope = 1): Dual {
  const d = new Float64Array(n);
  d[k] = slope;
  return new Dual(v, d, n >= SPARSE_FROM ? Int32Array.of(k) : null);
}

/** The value of a number or dual. */
export function val(a: Num): number {
  return typeof a === "number" ? a : a.v;
}

/** Union of sorted index sets; null (dense) when either is dense or the union passes n/4. */
function union(a: Int32Array | null, b: Int32Array | null, n: number): Int32Array | null {
  if (a === null || b === null) return null;
  if (a === b) return a;
  const out = new Int32Array(a.length + b.length);
  let i = 0, j = 0, k = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i] : Infinity;
    const y = j < b.length ? b[j] : Infinity;
    if (x < y) out[k++] = a[i++];
    else if (y < x) out[k++] = b[j++];
    else {
      out[k++] = a[i++];
      j++;
    }
  }
  return k > n / 4 ? null : out.slice(0, k);
}

/** d_out = α·d_a + β·d_b over the union pattern. */
function combine(a: Dual, alpha: number, b: Dual, beta: number, v: number): Dual {
  const n = a.d.length;
  const d = new Float64Array(n);
  const nz = union(a.nz, b.nz, n);
  if (nz === null) for (let k = 0; k < n; k++) d[k] = alpha * a.d[k] + beta * b.d[k];
  else for (let t = 0; t < nz.length; t++) {
    const k = nz[t];
    d[k] = alpha * a.d[k] + beta * b.d[k];
  }
  return new Dual(v, d, nz);
}

/** c · d_a, keeping a's pattern. */
function scaled(a: Dual, c: number, v: number): Dual {
  const n = a.d.length;
  const d = new Float64Array(n);
  const nz = a.nz;
  if (nz === null) for (let k = 0; k < n; k++) d[k] = a.d[k] * c;
  else for (let t = 0; t < nz.length; t++) d[nz[t]] = a.d[nz[t]] * c;
  return new Dual(v, d, nz);
}

/** a + b */
export function add(a: Num, b: Num): Num {
  if (typeof a === "number") {
    if (typeof b === "number") return a + b;
    return new Dual(a + b.v, b.d, b.nz);
  }
  if (typeof b === "number") return new Dual(a.v + b, a.d, a.nz);
  return combine(a, 1, b, 1, a.v + b.v);
}

/** a − b */
export function sub(a: Num, b: Num): Num {
  if (typeof b === "number") return add(a, -b);
  if (typeof a === "number") return scaled(b, -1, a - b.v);
  return combine(a, 1, b, -1, a.v - b.v);
}

/** c · a for a constant c */
export function scale(a: Num, c: number): Num {
  return typeof a === "number" ? a * c : scaled(a, c, a.v * c);
}

/** a · b */
export function mul(a: Num, b: Num): Num {
  if (typeof a === "number") return typeof b === "number" ? a * b : scaled(b, a, a * b.v);
  if (typeof b === "number") return scaled(a, b, a.v * b);
  return combine(a, b.v, b, a.v, a.v * b.v);
}

/** a / b */
export function div(a: Num, b: Num): Num {
  if (typeof b === "number") return scale(a, 1 / b);
  const q = val(a) / b.v;
  if (typeof a === "number") return scaled(b, -q / b.v, q);
  return combine(a, 1 / b.v, b, -q / b.v, q);
}

/** a^p for a constant exponent p (a > 0 unless p is an integer) */
export function pow(a: Num, p: number): Num {
  if (typeof a === "number") return Math.pow(a, p);
  if (p === 1) return a;
  return scaled(a, p * Math.pow(a.v, p - 1), Math.pow(a.v, p));
}

/** Σ_k c_k · a_k (c_k = 1 when `coeffs` is omitted), without intermediate duals. */
export function lincomb(terms: readonly Num[], coeffs?: readonly number[]): Num {
  let v = 0;
  let n = -1;
  let dense = false;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k];
    const c = coeffs ? coeffs[k] : 1;
    if (c === 0) continue;
    if (typeof t === "number") v += c * t;
    else {
      v += c * t.v;
      n = t.d.length;
      if (t.nz === null) dense = true;
    }
  }
  if (n < 0) return v;
  const d = new Float64Array(n);
  // Sparse terms: collect the pattern with a marker array, O(total non-zeros).
  const mark = dense ? null : new Uint8Array(n);
  const pattern: number[] = [];
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k];
    const c = coeffs ? coeffs[k] : 1;
    if (c === 0 || typeof t === "number") continue;
    const td = t.d;
    const tz = t.nz;
    if (tz === null) for (let i = 0; i < n; i++) d[i] += c * td[i];
    else for (let i = 0; i < tz.length; i++) {
      const j = tz[i];
      d[j] += c * td[j];
      if (mark !== null && mark[j] === 0) {
        mark[j] = 1;
        pattern.push(j);
      }
    }
  }
  if (mark === null || pattern.length > n / 4) return new Dual(v, d, null);
  return new Dual(v, d, Int32Array.from(pattern.sort((a, b) => a - b)));
}

/** Σ terms (0 for none) */
export function sum(terms: readonly Num[]): Num {
  return lincomb(terms);
}

/** Π_k base_k^exponent_k (bases positive) */
export function prodPow(bases: readonly Num[], exponents: readonly number[]): Num {
  let logv = 0;
  const logs: Num[] = [];
  const weights: number[] = [];
  for (let i = 0; i < bases.length; i++) {
    const b = bases[i];
    const e = exponents[i];
    if (e === 0) continue;
    logv += e * Math.log(val(b));
    if (typeof b !== "number") {
      logs.push(b);
      weights.push(e / b.v);
    }
  }
  const v = Math.exp(logv);
  if (logs.length === 0) return v;
  // d(Π b^e) = Π b^e · Σ (e/b) db
  const g = lincomb(logs, weights) as Dual;
  return scaled(g, v, v);
}

/**
 * The weighted power mean (Σ_k w_k·b_k^r)^(1/r) of positive bases, weights summing to 1
 * (terms with w_k = 0 are skipped). Written as exp(log1p(Σ w_k·expm1(r·ln b_k))/r), which
 * loses no digits as r → 0 and equals the exact limit Π b_k^w_k (Cobb–Douglas) at r = 0;
 * the literal form divides rounding error by r and is wrong by 10 % at r = 1e-13.
 * Gradient: ∂/∂b_k = mean·s_k/b_k with s_k = w_k·b_k^r / Σ_j w_j·b_j^r (s_k = w_k at r = 0).
 */
export function powerMean(bases: readonly Num[], weights: readonly number[], r: number): Num {
  const { value: v, slopes } = powerMeanParts(bases.map(val), weights, r);
  const duals: Num[] = [];
  const coeffs: number[] = [];
  for (let k = 0; k < bases.length; k++) {
    const b = bases[k];
    if (typeof b === "number" || weights[k] === 0) continue;
    duals.push(b);
    coeffs.push(slopes[k]);
  }
  if (duals.length === 0) return v;
  const g = lincomb(duals, coeffs);
  return typeof g === "number" ? v : new Dual(v, g.d, g.nz);
}

/**
 * The value of the weighted power mean of positive numbers `b` and its partial derivatives
 * ∂mean/∂b_k (0 where w_k = 0): the arithmetic behind `powerMean`, shared with the sparse duals.
 */
export function powerMeanParts(b: readonly number[], weights: readonly number[], r: number): { value: number; slopes: number[] } {
  if (r === 1) {
    // The arithmetic mean (a Leontief cost index, σ = 0): exact without logarithms.
    let v = 0;
    for (let k = 0; k < b.length; k++) if (weights[k] > 0) v += weights[k] * b[k];
    return { value: v, slopes: weights.map((w) => (w > 0 ? w : 0)) };
  }
  const logs = b.map((x, k) => (weights[k] > 0 ? Math.log(x) : 0));
  let v = 0;
  if (r === 0) {
    let s = 0;
    for (let k = 0; k < b.length; k++) if (weights[k] > 0) s += weights[k] * logs[k];
    v = Math.exp(s);
  }
  // Terms scaled by the largest w·b^r, so that no power overflows or underflows to nothing.
  let top = -Infinity;
  for (let k = 0; k < b.length; k++) if (weights[k] > 0) top = Math.max(top, r * logs[k]);
  const shares = b.map((_, k) => (weights[k] > 0 ? weights[k] * Math.exp(r * logs[k] - top) : 0));
  const total = shares.reduce((a, x) => a + x, 0);
  if (r !== 0) {
    let small = true;
    for (let k = 0; k < b.length; k++) if (weights[k] > 0 && Math.abs(r * logs[k]) > 0.5) small = false;
    if (small) {
      // Near r = 0: log1p/expm1 keep the digits that (Σ w b^r − 1)/r would lose.
      let s = 0;
      for (let k = 0; k < b.length; k++) if (weights[k] > 0) s += weights[k] * Math.expm1(r * logs[k]);
      v = Math.exp(Math.log1p(s) / r);
    } else {
      // Far from 0 (large elasticities): log-sum-exp, exact without cancellation.
      v = Math.exp((top + Math.log(total)) / r);
    }
  }
  return { value: v, slopes: b.map((x, k) => (weights[k] > 0 ? (v * shares[k]) / total / x : 0)) };
}
