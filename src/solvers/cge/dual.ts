/**
 * Forward-mode automatic differentiation with dense dual numbers: a value and its
 * gradient with respect to all n unknowns at once. One evaluation of a residual
 * function over duals yields the exact Jacobian (no finite differences).
 * Plain numbers pass through as constants, so the same model code evaluates
 * residuals alone (numbers) or residuals and Jacobian (duals).
 */

/** A value `v` and its gradient `d` (length n) with respect to the unknowns. */
export class Dual {
  constructor(readonly v: number, readonly d: Float64Array) {}
}

/** A number (constant) or a dual (depends on the unknowns). */
export type Num = number | Dual;

/** The k-th of n unknowns at value v: gradient is the k-th unit vector. */
export function variable(v: number, k: number, n: number): Dual {
  const d = new Float64Array(n);
  d[k] = 1;
  return new Dual(v, d);
}

/** The value of a number or dual. */
export function val(a: Num): number {
  return typeof a === "number" ? a : a.v;
}

/** a + b */
export function add(a: Num, b: Num): Num {
  if (typeof a === "number") {
    if (typeof b === "number") return a + b;
    return new Dual(a + b.v, b.d);
  }
  if (typeof b === "number") return new Dual(a.v + b, a.d);
  const d = new Float64Array(a.d.length);
  for (let k = 0; k < d.length; k++) d[k] = a.d[k] + b.d[k];
  return new Dual(a.v + b.v, d);
}

/** a − b */
export function sub(a: Num, b: Num): Num {
  if (typeof b === "number") return add(a, -b);
  return add(a, scale(b, -1));
}

/** c · a for a constant c */
export function scale(a: Num, c: number): Num {
  if (typeof a === "number") return a * c;
  const d = new Float64Array(a.d.length);
  for (let k = 0; k < d.length; k++) d[k] = a.d[k] * c;
  return new Dual(a.v * c, d);
}

/** a · b */
export function mul(a: Num, b: Num): Num {
  if (typeof a === "number") return typeof b === "number" ? a * b : scale(b, a);
  if (typeof b === "number") return scale(a, b);
  const d = new Float64Array(a.d.length);
  for (let k = 0; k < d.length; k++) d[k] = a.d[k] * b.v + b.d[k] * a.v;
  return new Dual(a.v * b.v, d);
}

/** a / b */
export function div(a: Num, b: Num): Num {
  if (typeof b === "number") return scale(a, 1 / b);
  if (typeof a === "number") {
    const q = a / b.v;
    const d = new Float64Array(b.d.length);
    const f = -q / b.v;
    for (let k = 0; k < d.length; k++) d[k] = b.d[k] * f;
    return new Dual(q, d);
  }
  const q = a.v / b.v;
  const d = new Float64Array(a.d.length);
  for (let k = 0; k < d.length; k++) d[k] = (a.d[k] - q * b.d[k]) / b.v;
  return new Dual(q, d);
}

/** a^p for a constant exponent p (a > 0 unless p is an integer) */
export function pow(a: Num, p: number): Num {
  if (typeof a === "number") return Math.pow(a, p);
  if (p === 1) return a;
  const v = Math.pow(a.v, p);
  const f = p * Math.pow(a.v, p - 1);
  const d = new Float64Array(a.d.length);
  for (let k = 0; k < d.length; k++) d[k] = a.d[k] * f;
  return new Dual(v, d);
}

/** Σ terms (0 for none) */
export function sum(terms: readonly Num[]): Num {
  let constant = 0;
  let acc: Float64Array | null = null;
  let v = 0;
  for (const t of terms) {
    if (typeof t === "number") {
      constant += t;
      continue;
    }
    v += t.v;
    if (acc === null) acc = Float64Array.from(t.d);
    else for (let k = 0; k < acc.length; k++) acc[k] += t.d[k];
  }
  return acc === null ? constant : new Dual(v + constant, acc);
}

/** Π_k base_k^exponent_k (bases positive) */
export function prodPow(bases: readonly Num[], exponents: readonly number[]): Num {
  let logv = 0;
  let grad: Float64Array | null = null;
  for (let i = 0; i < bases.length; i++) {
    const b = bases[i];
    const e = exponents[i];
    if (e === 0) continue;
    if (typeof b === "number") {
      logv += e * Math.log(b);
      continue;
    }
    logv += e * Math.log(b.v);
    if (grad === null) grad = new Float64Array(b.d.length);
    const f = e / b.v;
    for (let k = 0; k < grad.length; k++) grad[k] += b.d[k] * f;
  }
  const v = Math.exp(logv);
  if (grad === null) return v;
  for (let k = 0; k < grad.length; k++) grad[k] *= v;
  return new Dual(v, grad);
}

/** Σ_k c_k · a_k without intermediate duals (the dense sums of input–output models). */
export function lincomb(terms: readonly Num[], coeffs: readonly number[]): Num {
  let v = 0;
  let acc: Float64Array | null = null;
  for (let k = 0; k < terms.length; k++) {
    const c = coeffs[k];
    if (c === 0) continue;
    const t = terms[k];
    if (typeof t === "number") {
      v += c * t;
      continue;
    }
    v += c * t.v;
    if (acc === null) acc = new Float64Array(t.d.length);
    const d = t.d;
    for (let i = 0; i < acc.length; i++) acc[i] += c * d[i];
  }
  return acc === null ? v : new Dual(v, acc);
}
