/**
 * Forward-mode automatic differentiation with compact sparse gradients: a value `v` and the
 * non-zero partial derivatives `d[t] = ∂v/∂x_{i[t]}` at sorted indices `i`. Unlike `cge/dual`,
 * nothing is stored per unknown, so an expression costs what its own dependencies cost: one
 * evaluation of a model's conditions over these duals yields its exact Jacobian, row by row, in
 * time proportional to the Jacobian's non-zeros (not to n² as with dense gradients). The rules
 * are the ordinary ones (d(ab) = a db + b da, d(a^p) = p a^(p−1) da, …); a structural zero stays
 * out of the pattern (a^0 is the number 1, a constant times anything keeps the other's pattern).
 */
import { powerMeanParts } from "../cge/dual";

/** A value and its sparse gradient (indices ascending, no duplicates). */
export class SDual {
  constructor(readonly v: number, readonly i: Int32Array, readonly d: Float64Array) {}
}

/** A constant or a sparse dual. */
export type SNum = number | SDual;

/** Unknown k at value v, with derivative `slope` (1 unless the unknown is scaled). */
export function variable(v: number, k: number, slope = 1): SDual {
  return new SDual(v, Int32Array.of(k), Float64Array.of(slope));
}

/** The value of a number or dual. */
export function val(a: SNum): number {
  return typeof a === "number" ? a : a.v;
}

/** α·da + β·db, merging the two sorted patterns. */
function combine(a: SDual, alpha: number, b: SDual, beta: number, v: number): SDual {
  const ai = a.i, bi = b.i, ad = a.d, bd = b.d;
  if (ai === bi) {
    // The same pattern (common: a price and an expression of it): no merge.
    const d = new Float64Array(ai.length);
    for (let t = 0; t < d.length; t++) d[t] = alpha * ad[t] + beta * bd[t];
    return new SDual(v, ai, d);
  }
  // Count the union first, so that the arrays are allocated once at their size.
  let p = 0, q = 0, size = 0;
  while (p < ai.length && q < bi.length) {
    size++;
    if (ai[p] < bi[q]) p++;
    else if (bi[q] < ai[p]) q++;
    else { p++; q++; }
  }
  size += ai.length - p + bi.length - q;
  const idx = new Int32Array(size), d = new Float64Array(size);
  p = 0; q = 0;
  let k = 0;
  while (p < ai.length && q < bi.length) {
    if (ai[p] < bi[q]) { idx[k] = ai[p]; d[k++] = alpha * ad[p++]; }
    else if (bi[q] < ai[p]) { idx[k] = bi[q]; d[k++] = beta * bd[q++]; }
    else { idx[k] = ai[p]; d[k++] = alpha * ad[p++] + beta * bd[q++]; }
  }
  while (p < ai.length) { idx[k] = ai[p]; d[k++] = alpha * ad[p++]; }
  while (q < bi.length) { idx[k] = bi[q]; d[k++] = beta * bd[q++]; }
  return new SDual(v, idx, d);
}

/** c·da with value v. */
function scaled(a: SDual, c: number, v: number): SDual {
  const d = new Float64Array(a.d.length);
  for (let t = 0; t < d.length; t++) d[t] = c * a.d[t];
  return new SDual(v, a.i, d);
}

/** a + b */
export function add(a: SNum, b: SNum): SNum {
  if (typeof a === "number") return typeof b === "number" ? a + b : new SDual(a + b.v, b.i, b.d);
  if (typeof b === "number") return new SDual(a.v + b, a.i, a.d);
  return combine(a, 1, b, 1, a.v + b.v);
}

/** a − b */
export function sub(a: SNum, b: SNum): SNum {
  if (typeof b === "number") return add(a, -b);
  if (typeof a === "number") return scaled(b, -1, a - b.v);
  return combine(a, 1, b, -1, a.v - b.v);
}

/** c·a for a constant c */
export function scale(a: SNum, c: number): SNum {
  return typeof a === "number" ? a * c : c === 1 ? a : scaled(a, c, a.v * c);
}

/** a·b */
export function mul(a: SNum, b: SNum): SNum {
  if (typeof a === "number") return typeof b === "number" ? a * b : scale(b, a);
  if (typeof b === "number") return scale(a, b);
  return combine(a, b.v, b, a.v, a.v * b.v);
}

/** a / b */
export function div(a: SNum, b: SNum): SNum {
  if (typeof b === "number") return scale(a, 1 / b);
  const q = val(a) / b.v;
  if (typeof a === "number") return scaled(b, -q / b.v, q);
  return combine(a, 1 / b.v, b, -q / b.v, q);
}

/** a^p for a constant p (a > 0 unless p is an integer); a^0 is the constant 1. */
export function pow(a: SNum, p: number): SNum {
  if (typeof a === "number") return Math.pow(a, p);
  if (p === 0) return 1;
  if (p === 1) return a;
  return scaled(a, p * Math.pow(a.v, p - 1), Math.pow(a.v, p));
}

/** √(a² + b² + ε): the norm in the Fischer–Burmeister function, one dual instead of five. */
export function hypot(a: SNum, b: SNum, epsilon = 0): SNum {
  const av = val(a), bv = val(b);
  const h = Math.sqrt(av * av + bv * bv + epsilon);
  if (typeof a === "number" && typeof b === "number") return h;
  if (typeof a === "number") return scaled(b as SDual, bv / h, h);
  if (typeof b === "number") return scaled(a, av / h, h);
  return combine(a, av / h, b, bv / h, h);
}

/**
 * The smoothed Fischer–Burmeister function φ(a, b) = a + b − √(a² + b² + ε), in one dual:
 * ∂φ = (1 − a/h)·∂a + (1 − b/h)·∂b with h = √(a² + b² + ε).
 */
export function fischerBurmeister(a: SNum, b: SNum, epsilon = 0): SNum {
  const av = val(a), bv = val(b);
  const h = Math.sqrt(av * av + bv * bv + epsilon);
  const v = av + bv - h;
  if (typeof a === "number" && typeof b === "number") return v;
  if (typeof a === "number") return scaled(b as SDual, 1 - bv / h, v);
  if (typeof b === "number") return scaled(a, 1 - av / h, v);
  return combine(a, 1 - av / h, b, 1 - bv / h, v);
}

// Scratch for lincomb: a dense accumulator and a stamp per unknown, grown on demand and reused.
let acc = new Float64Array(0);
let seen = new Int32Array(0);
let stamp = 0;

/** Σ_k c_k·a_k (c_k = 1 when `coeffs` is omitted), in time proportional to the terms' non-zeros. */
export function lincomb(terms: readonly SNum[], coeffs?: readonly number[]): SNum {
  let v = 0, top = -1, duals = 0, single: SDual | null = null, singleC = 0;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k];
    const c = coeffs ? coeffs[k] : 1;
    if (c === 0) continue;
    if (typeof t === "number") v += c * t;
    else {
      v += c * t.v;
      if (t.i.length > 0) top = Math.max(top, t.i[t.i.length - 1]);
      duals++;
      single = t;
      singleC = c;
    }
  }
  if (duals === 0) return v;
  if (duals === 1) return scaled(single!, singleC, v);
  if (top >= acc.length) {
    acc = new Float64Array(2 * (top + 1));
    seen = new Int32Array(2 * (top + 1));
    stamp = 0;
  }
  stamp++;
  const pattern: number[] = [];
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k];
    const c = coeffs ? coeffs[k] : 1;
    if (c === 0 || typeof t === "number") continue;
    for (let p = 0; p < t.i.length; p++) {
      const j = t.i[p];
      if (seen[j] !== stamp) {
        seen[j] = stamp;
        acc[j] = 0;
        pattern.push(j);
      }
      acc[j] += c * t.d[p];
    }
  }
  const idx = Int32Array.from(pattern).sort();
  const d = new Float64Array(idx.length);
  for (let p = 0; p < idx.length; p++) d[p] = acc[idx[p]];
  return new SDual(v, idx, d);
}

/**
 * The weighted power mean (Σ_k w_k·b_k^r)^(1/r) of positive bases, exact at r = 0 (Π b_k^w_k),
 * with the value and slopes of `cge/dual`'s `powerMean` (one implementation of the arithmetic).
 */
export function powerMean(bases: readonly SNum[], weights: readonly number[], r: number): SNum {
  const { value, slopes } = powerMeanParts(bases.map(val), weights, r);
  const g = lincomb(bases.map((b) => (typeof b === "number" ? 0 : b)), slopes);
  return typeof g === "number" ? value : new SDual(value, g.i, g.d);
}

/**
 * The operations a model's conditions are written in, over constants and some kind of dual `N`:
 * the sparse duals here (`sparseOps`), or a tape recorder (`sparse/tape.ts`) that evaluates
 * the same expressions again later without allocating.
 */
export interface Ops<N> {
  add(a: N | number, b: N | number): N | number;
  sub(a: N | number, b: N | number): N | number;
  scale(a: N | number, c: number): N | number;
  mul(a: N | number, b: N | number): N | number;
  div(a: N | number, b: N | number): N | number;
  pow(a: N | number, p: number): N | number;
  lincomb(terms: readonly (N | number)[], coeffs?: readonly number[]): N | number;
  powerMean(bases: readonly (N | number)[], weights: readonly number[], r: number): N | number;
}

/** The sparse duals' operations as an `Ops` (numbers alone give numbers). */
export const sparseOps: Ops<SDual> = { add, sub, scale, mul, div, pow, lincomb, powerMean };
