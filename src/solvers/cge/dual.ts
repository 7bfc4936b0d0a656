/**
 * Forward-mode automatic differentiation with dual numbers: a value and its gradient with
 * respect to all n unknowns. One evaluation of a residual function over duals yields the
 * exact Jacobian (no finite differences). Gradients are stored densely but carry their
 * sparsity pattern (`nz`, sorted indices) while it is small, so sums over input–output
 * matrices cost O(nonzeros), not O(n). Plain numbers pass through as constants, so the same
 * model code evaluates residuals alone (numbers) or residuals and Jacobian (duals).
 *
 * Allocation: a gradient is a slice `buf[off … off+n)` of a shared buffer, and a pattern a slice
 * `nz[nzOff … nzOff+nzLen)` of another. While a `GradientArena` is open, every operation takes its
 * slices and its `Dual` object from the arena (buffers and a pool of duals reused for every
 * evaluation, so a warm solve allocates neither typed arrays nor duals); otherwise each is new.
 * No fractional number is passed to (or returned from) a call V8 may not inline, which would allocate
 * it as a heap number: values are written into the duals where computed (`make`), numbers go to the
 * one function that makes every result (`operation`) in a typed array (`operand`), and `scale` and
 * `pow`, which take numbers from model code, are small enough to be inlined wherever they are called.
 * A warm evaluation of the 12-sector model allocates ~1 KB (allocation.test.ts).
 */

/**
 * A value `v` and its gradient (length n) at `buf[off … off+n)`; `nz[nzOff … nzOff+nzLen)` lists the
 * possibly non-zero entries (sorted), or `nz` is null when the gradient is dense.
 */
export class Dual {
  // Written only by `make` and the operation that called it (the value), which reuse a dual once the
  // evaluation that made it is over.
  // Declared, not defined: a class field starts out undefined, which makes V8 keep `v` as a pointer to a
  // number allocated anew at every write; set first by the constructor, `v` is a double field written in place.
  declare v: number;
  declare n: number;
  declare buf: Float64Array;
  declare off: number;
  declare nz: Int32Array | null;
  declare nzOff: number;
  declare nzLen: number;

  constructor(v: number, n: number, buf: Float64Array, off: number, nz: Int32Array | null = null, nzOff = 0, nzLen = 0) {
    this.v = v;
    this.n = n;
    this.buf = buf;
    this.off = off;
    this.nz = nz;
    this.nzOff = nzOff;
    this.nzLen = nzLen;
  }

  /** The gradient as its own array view (a copy-free subarray; for tests and callers off the hot path). */
  get d(): Float64Array {
    return this.buf.subarray(this.off, this.off + this.n);
  }
}

/** A number (constant) or a dual (depends on the unknowns). */
export type Num = number | Dual;

/** Below this many unknowns, patterns cost more than they save and gradients stay dense. */
const SPARSE_FROM = 48;

/**
 * A reusable buffer for the gradients of one evaluation (e.g. one Jacobian), one for their patterns,
 * and a pool of the `Dual` objects that hold them. `open` zeroes what the last evaluation used and
 * makes the arena the source of every new gradient, pattern and dual until `close`; duals made while
 * it was open are valid until it is opened again (then they are overwritten). Grows by doubling as needed.
 */
export class GradientArena {
  private buf = new Float64Array(1024);
  private top = 0;
  private indices = new Int32Array(256);
  private indicesTop = 0;
  private previous: GradientArena | null = null;
  private readonly duals: Dual[] = [];
  private used = 0;

  /** Starts an evaluation: earlier gradients and duals from this arena are discarded (slices zeroed). */
  open(): void {
    this.buf.fill(0, 0, this.top);
    this.top = 0;
    this.indicesTop = 0;
    this.used = 0;
    this.previous = active;
    active = this;
  }

  /** The next pooled dual, set to this gradient (a new one only while the pool is smaller than any earlier evaluation); its value is the caller's to set. */
  dual(n: number, buf: Float64Array, off: number, nz: Int32Array | null, nzOff: number, nzLen: number): Dual {
    if (this.used < this.duals.length) {
      const d = this.duals[this.used++];
      d.n = n;
      d.buf = buf;
      d.off = off;
      d.nz = nz;
      d.nzOff = nzOff;
      d.nzLen = nzLen;
      return d;
    }
    const d = new Dual(NaN, n, buf, off, nz, nzOff, nzLen);
    this.duals.push(d);
    this.used++;
    return d;
  }

  /** Ends the evaluation: new gradients come from wherever they came from before `open`. */
  close(): void {
    active = this.previous;
    this.previous = null;
  }

  /** Reserves n zeroed entries; the slice is `taken` at `takenOff` (module state, so no tuple is allocated). */
  take(n: number): void {
    if (this.top + n > this.buf.length) {
      // Earlier duals keep the old buffer; the new one starts empty (and zero).
      this.buf = new Float64Array(Math.max(2 * this.buf.length, 4 * n));
      this.top = 0;
    }
    taken = this.buf;
    takenOff = this.top;
    this.top += n;
  }

  /** Reserves `count` pattern entries: `takenIndices` at `takenIndicesOff` (as `take`). */
  takeIndices(count: number): void {
    if (this.indicesTop + count > this.indices.length) {
      // Earlier duals keep the old buffer.
      this.indices = new Int32Array(Math.max(2 * this.indices.length, 4 * count));
      this.indicesTop = 0;
    }
    takenIndices = this.indices;
    takenIndicesOff = this.indicesTop;
    this.indicesTop += count;
  }

  /** Gives back the last `count` pattern entries reserved (a pattern that came out shorter, or dense). */
  returnIndices(count: number): void {
    this.indicesTop -= count;
  }
}

/** The open arena, if any. */
let active: GradientArena | null = null;
/** The buffer and offset of the last gradient slice reserved by `reserve`. */
let taken = new Float64Array(0);
let takenOff = 0;

/** The buffer and offset of the last pattern slice reserved by `reserveIndices`. */
let takenIndices = new Int32Array(0);
let takenIndicesOff = 0;

/** The gradient of constants (n = 0), shared: it has no entries to write. */
const NO_GRADIENT = new Float64Array(0);

/**
 * A dual with this gradient from the open arena's pool, or a new one when no arena is open. The caller
 * sets its value (`v`, NaN in a new dual): V8 allocates a heap number for a fractional argument of a
 * call it does not inline, so values are not passed from function to function but written where computed.
 */
function make(n: number, buf: Float64Array, off: number, nz: Int32Array | null, nzOff: number, nzLen: number): Dual {
  return active !== null ? active.dual(n, buf, off, nz, nzOff, nzLen) : new Dual(NaN, n, buf, off, nz, nzOff, nzLen);
}

/** Reserves a zeroed gradient of length n (in `taken` at `takenOff`): from the open arena or a new buffer. */
function reserve(n: number): void {
  if (n === 0) {
    taken = NO_GRADIENT;
    takenOff = 0;
  } else if (active !== null) active.take(n);
  else {
    taken = new Float64Array(n);
    takenOff = 0;
  }
}

/** Reserves `count` pattern entries (in `takenIndices` at `takenIndicesOff`): from the open arena or a new array. */
function reserveIndices(count: number): void {
  if (active !== null) active.takeIndices(count);
  else {
    takenIndices = new Int32Array(count);
    takenIndicesOff = 0;
  }
}

/** Gives back the last `count` pattern entries reserved (to the open arena; a new array is simply dropped). */
function returnIndices(count: number): void {
  if (active !== null) active.returnIndices(count);
}

/** The k-th of n unknowns at value v, with derivative `slope` (1 unless the unknown is scaled). */
export function variable(v: number, k: number, n: number, slope = 1): Dual {
  reserve(n);
  taken[takenOff + k] = slope;
  if (n < SPARSE_FROM) {
    const x = make(n, taken, takenOff, null, 0, 0);
    x.v = v;
    return x;
  }
  const d = taken, o = takenOff;
  reserveIndices(1);
  takenIndices[takenIndicesOff] = k;
  const x = make(n, d, o, takenIndices, takenIndicesOff, 1);
  x.v = v;
  return x;
}

/**
 * A constant as a dual with an empty gradient (n = 0). Model code run on constants takes the
 * same dual-typed paths as when it computes a Jacobian, so its call sites never see both numbers
 * and duals (which V8 would deoptimise); values are the same as with plain numbers.
 */
export function constant(v: number): Dual {
  const c = make(0, NO_GRADIENT, 0, null, 0, 0);
  c.v = v;
  return c;
}

/** Copies the gradient of `a` into `out` at `at` (zeros for a constant). */
export function gradientInto(a: Num, out: Float64Array, at: number): void {
  if (typeof a === "number") return;
  const { buf, off, n } = a;
  for (let k = 0; k < n; k++) out[at + k] = buf[off + k];
}

/** The value of a number or dual. */
export function val(a: Num): number {
  // `+a`, not `a`: V8's optimising compiler does not narrow a's type after `typeof`, so returning a as it is
  // would merge it with a.v as an untyped value, and allocate a heap number for a.v wherever val is inlined.
  return typeof a === "number" ? +a : a.v;
}

/** The pattern `union` made: `pattern[patternOff … patternOff+patternLen)`, or null (module state, so no tuple is allocated). */
let pattern: Int32Array | null = null;
let patternOff = 0;
let patternLen = 0;

/** Union of a's and b's patterns (sorted), into `pattern`; null (dense) when either is dense or the union passes n/4. */
function union(a: Dual, b: Dual, n: number): void {
  const x = a.nz, y = b.nz;
  if (x === null || y === null) {
    pattern = null;
    return;
  }
  const xo = a.nzOff, xl = a.nzLen, yo = b.nzOff, yl = b.nzLen;
  if (x === y && xo === yo && xl === yl) {
    pattern = x;
    patternOff = xo;
    patternLen = xl;
    return;
  }
  reserveIndices(xl + yl);
  const out = takenIndices, o = takenIndicesOff;
  let i = 0, j = 0, k = 0;
  while (i < xl || j < yl) {
    const p = i < xl ? x[xo + i] : Infinity;
    const q = j < yl ? y[yo + j] : Infinity;
    if (p < q) out[o + k++] = x[xo + i++];
    else if (q < p) out[o + k++] = y[yo + j++];
    else {
      out[o + k++] = x[xo + i++];
      j++;
    }
  }
  if (k > n / 4) {
    returnIndices(xl + yl);
    pattern = null;
    return;
  }
  returnIndices(xl + yl - k);
  pattern = out;
  patternOff = o;
  patternLen = k;
}

// Operation codes of `operation`: of two duals a, b,
/** a + b */
const SUM = 0;
/** a − b */
const DIFFERENCE = 1;
/** a · b */
const PRODUCT = 2;
/** a / b */
const QUOTIENT = 3;
// and of a dual (or number) a and the number k = operand[0].
/** a · k */
const TIMES = 4;
/** a^k */
const POWER = 5;
/** a / k (as a · (1/k)) */
const OVER = 6;
/** k − a */
const FROM = 7;
/** k / a */
const INTO = 8;
/** The value k with gradient k·d_a: e^a for a whose exponential k is known (see `prodPowOf`). */
const EXPONENTIAL = 9;

/**
 * The number operand k of the operation being made, handed over in a typed array rather than as an
 * argument: V8 allocates a heap number for every fractional argument of a call it does not inline, and
 * `scale` and `pow`, small enough (27 bytes of bytecode) for V8 to inline wherever they are called,
 * store theirs here unboxed.
 */
const operand = new Float64Array(1);

/**
 * The result of operation `op`: a ∘ b for two duals (b given), or a ∘ k for a dual or number a and
 * k = operand[0]. It computes the value and the gradient's coefficients itself, from the operands,
 * rather than taking them as arguments (see `make`).
 *
 * One function for all operations, so large (over 460 bytes of bytecode) that V8 never inlines it:
 * then the optimised code of `scale` and `pow` inlines nothing. V8 adds what a function's optimised code
 * inlined to its size when it decides whether to inline it; when `scale` was optimised on its own with
 * the operation inside, it no longer counted as small, was called rather than inlined, and every call
 * boxed its number again (1 or 8 KB per evaluation, depending on which code V8 happened to optimise first).
 */
function operation(a: Num, op: number, b?: Dual): Num {
  if (b !== undefined) {
    // a ∘ b for duals: d_out = α·d_a + β·d_b over the union pattern (α, β the partial derivatives).
    const x = a as Dual;
    let alpha = 1, beta = 1, v: number;
    if (op === SUM) v = x.v + b.v;
    else if (op === DIFFERENCE) {
      beta = -1;
      v = x.v - b.v;
    } else if (op === PRODUCT) {
      alpha = b.v;
      beta = x.v;
      v = x.v * b.v;
    } else {
      const q = x.v / b.v;
      alpha = 1 / b.v;
      beta = -q / b.v;
      v = q;
    }
    const n = x.n;
    union(x, b, n);
    const nz = pattern, nzOff = patternOff, nzLen = patternLen;
    reserve(n);
    const d = taken, o = takenOff;
    const ad = x.buf, ao = x.off, bd = b.buf, bo = b.off;
    if (nz === null) for (let k = 0; k < n; k++) d[o + k] = alpha * ad[ao + k] + beta * bd[bo + k];
    else for (let t = 0; t < nzLen; t++) {
      const k = nz[nzOff + t];
      d[o + k] = alpha * ad[ao + k] + beta * bd[bo + k];
    }
    const out = make(n, d, o, nz, nzOff, nzLen);
    out.v = v;
    return out;
  }
  // a ∘ k: c · d_a (c the derivative), keeping a's pattern; a number a only by TIMES or POWER (a number then).
  const k = operand[0];
  if (typeof a === "number") return op === TIMES ? a * k : Math.pow(a, k);
  let c: number, v: number;
  if (op === TIMES) {
    c = k;
    v = a.v * c;
  } else if (op === POWER) {
    if (k === 1) return a;
    c = k * Math.pow(a.v, k - 1);
    v = Math.pow(a.v, k);
  } else if (op === OVER) {
    c = 1 / k;
    v = a.v * c;
  } else if (op === FROM) {
    c = -1;
    v = k - a.v;
  } else if (op === INTO) {
    const q = k / a.v;
    c = -q / a.v;
    v = q;
  } else {
    c = k;
    v = k;
  }
  const n = a.n;
  reserve(n);
  const d = taken, o = takenOff;
  const ad = a.buf, ao = a.off;
  const nz = a.nz, nzOff = a.nzOff, nzLen = a.nzLen;
  if (nz === null) for (let i = 0; i < n; i++) d[o + i] = ad[ao + i] * c;
  else for (let t = 0; t < nzLen; t++) d[o + nz[nzOff + t]] = ad[ao + nz[nzOff + t]] * c;
  const out = make(n, d, o, nz, nzOff, nzLen);
  out.v = v;
  return out;
}

/** A dual sharing a's gradient (never copied), its value for the caller to set. */
function shifted(a: Dual): Dual {
  return make(a.n, a.buf, a.off, a.nz, a.nzOff, a.nzLen);
}

/** a + b */
export function add(a: Num, b: Num): Num {
  if (typeof a === "number") {
    if (typeof b === "number") return a + b;
    const out = shifted(b);
    out.v = a + b.v;
    return out;
  }
  if (typeof b === "number") {
    const out = shifted(a);
    out.v = a.v + b;
    return out;
  }
  return operation(a, SUM, b);
}

/** a − b */
export function sub(a: Num, b: Num): Num {
  if (typeof b === "number") return add(a, -b);
  if (typeof a === "number") {
    operand[0] = a;
    return operation(b, FROM);
  }
  return operation(a, DIFFERENCE, b);
}

/** c · a for a constant c (27 bytes of bytecode, no more: see `operand`) */
export function scale(a: Num, c: number): Num {
  operand[0] = c;
  return operation(a, TIMES);
}

/** a · b */
export function mul(a: Num, b: Num): Num {
  if (typeof a === "number") {
    if (typeof b === "number") return a * b;
    operand[0] = a;
    return operation(b, TIMES);
  }
  if (typeof b === "number") return scale(a, b);
  return operation(a, PRODUCT, b);
}

/** a / b */
export function div(a: Num, b: Num): Num {
  // By a number or a constant dual: times the reciprocal, so that constants give the same bits as numbers.
  if (typeof b === "number" || b.n === 0) {
    const k = val(b);
    if (typeof a === "number") return a * (1 / k);
    operand[0] = k;
    return operation(a, OVER);
  }
  if (typeof a === "number") {
    operand[0] = a;
    return operation(b, INTO);
  }
  return operation(a, QUOTIENT, b);
}

/** a^p for a constant exponent p (a > 0 unless p is an integer; 27 bytes of bytecode, no more: see `operand`) */
export function pow(a: Num, p: number): Num {
  operand[0] = p;
  return operation(a, POWER);
}

/** Σ_k c_k · a_k (c_k = 1 when `coeffs` is omitted), without intermediate duals. */
export function lincomb(terms: readonly Num[], coeffs?: readonly number[]): Num {
  return lincombOf(terms, coeffs, terms.length);
}

/** `lincomb` over the first `count` terms (and coefficients). */
function lincombOf(terms: readonly Num[], coeffs: readonly number[] | undefined, count: number): Num {
  let v = 0;
  let n = -1;
  let dense = false;
  for (let k = 0; k < count; k++) {
    const t = terms[k];
    const c = coeffs ? coeffs[k] : 1;
    if (c === 0) continue;
    if (typeof t === "number") v += c * t;
    else {
      v += c * t.v;
      n = t.n;
      if (t.nz === null) dense = true;
    }
  }
  if (n < 0) return v;
  reserve(n);
  const d = taken, o = takenOff;
  if (dense) {
    accumulateDense(d, o, terms, coeffs, count);
    const out = make(n, d, o, null, 0, 0);
    out.v = v;
    return out;
  }
  // Sparse terms: mark the pattern's entries, O(total non-zeros), then list them in order.
  const mark = marks(n);
  let size = 0;
  for (let k = 0; k < count; k++) {
    const t = terms[k];
    const c = coeffs ? coeffs[k] : 1;
    if (c === 0 || typeof t === "number") continue;
    const tz = t.nz!, tzOff = t.nzOff, tzLen = t.nzLen;
    for (let i = 0; i < tzLen; i++) {
      const j = tz[tzOff + i];
      d[o + j] += c * t.buf[t.off + j];
      if (mark[j] === 0) {
        mark[j] = 1;
        size++;
      }
    }
  }
  if (size > n / 4) {
    mark.fill(0, 0, n);
    const out = make(n, d, o, null, 0, 0);
    out.v = v;
    return out;
  }
  // The marked entries in increasing order (a scan of n, as the slice of n above costs anyway), marks cleared.
  reserveIndices(size);
  const nz = takenIndices, nzOff = takenIndicesOff;
  for (let j = 0, t = nzOff; j < n; j++) {
    if (mark[j] === 0) continue;
    mark[j] = 0;
    nz[t++] = j;
  }
  const out = make(n, d, o, nz, nzOff, size);
  out.v = v;
  return out;
}

/** Zeroed marks of n entries, reused: `lincombOf` clears the ones it sets before it returns. */
let markScratch = new Uint8Array(64);

function marks(n: number): Uint8Array {
  if (markScratch.length < n) markScratch = new Uint8Array(2 * n);
  return markScratch;
}

/**
 * d[o …] += Σ_k c_k · gradient(a_k) in term order, every entry of dense terms and the pattern
 * of sparse ones (a term's entries outside its pattern are zero, so the sums are the same).
 */
function accumulateDense(d: Float64Array, o: number, terms: readonly Num[], coeffs: readonly number[] | undefined, count: number): void {
  for (let k = 0; k < count; k++) {
    const t = terms[k];
    const c = coeffs ? coeffs[k] : 1;
    if (c === 0 || typeof t === "number") continue;
    const td = t.buf, to = t.off, tz = t.nz, tzOff = t.nzOff;
    if (tz === null) for (let i = 0; i < t.n; i++) d[o + i] += c * td[to + i];
    else for (let i = 0; i < t.nzLen; i++) d[o + tz[tzOff + i]] += c * td[to + tz[tzOff + i]];
  }
}

/** Σ terms (0 for none) */
export function sum(terms: readonly Num[]): Num {
  return lincomb(terms);
}

/** Σ of the first `count` terms: `sum` over a reused array longer than the sum (the same arithmetic, term by term). */
export function sumOf(terms: readonly Num[], count: number): Num {
  return lincombOf(terms, undefined, count);
}

/** Π_k base_k^exponent_k (bases positive) */
export function prodPow(bases: readonly Num[], exponents: readonly number[]): Num {
  return prodPowOf(bases, exponents, bases.length);
}

/** `prodPow` over the first `count` bases (and exponents). */
export function prodPowOf(bases: readonly Num[], exponents: readonly number[], count: number): Num {
  let logv = 0;
  // The dual bases and their weights e/b, in the scratch arrays (lincomb, called below, does not use them).
  const s = powerMeanScratch(count);
  let duals = 0;
  for (let i = 0; i < count; i++) {
    const b = bases[i];
    const e = exponents[i];
    if (e === 0) continue;
    logv += e * Math.log(val(b));
    if (typeof b !== "number") {
      s.duals[duals] = b;
      s.coeffs[duals] = e / b.v;
      duals++;
    }
  }
  const v = Math.exp(logv);
  if (duals === 0) return v;
  // d(Π b^e) = Π b^e · Σ (e/b) db
  const g = lincombOf(s.duals, s.coeffs, duals) as Dual;
  operand[0] = v;
  return operation(g, EXPONENTIAL);
}

/**
 * The weighted power mean (Σ_k w_k·b_k^r)^(1/r) of positive bases, weights summing to 1
 * (terms with w_k = 0 are skipped). Written as exp(log1p(Σ w_k·expm1(r·ln b_k))/r), which
 * loses no digits as r → 0 and equals the exact limit Π b_k^w_k (Cobb–Douglas) at r = 0;
 * the literal form divides rounding error by r and is wrong by 10 % at r = 1e-13.
 * Gradient: ∂/∂b_k = mean·s_k/b_k with s_k = w_k·b_k^r / Σ_j w_j·b_j^r (s_k = w_k at r = 0).
 */
export function powerMean(bases: readonly Num[], weights: readonly number[], r: number): Num {
  return powerMeanOf(bases, weights, r, bases.length);
}

/** `powerMean` of the first `len` bases (and weights). */
export function powerMeanOf(bases: readonly Num[], weights: readonly number[], r: number, len: number): Num {
  const s = powerMeanScratch(len);
  for (let k = 0; k < len; k++) s.values[k] = val(bases[k]);
  powerMeanInto(s.values, weights, r, len, s.slopes);
  const v = mean[0];
  let count = 0;
  for (let k = 0; k < len; k++) {
    const b = bases[k];
    if (typeof b === "number" || weights[k] === 0) continue;
    s.duals[count] = b;
    s.coeffs[count] = s.slopes[k];
    count++;
  }
  if (count === 0) return v;
  const g = lincombOf(s.duals, s.coeffs, count);
  if (typeof g === "number") return v;
  const out = shifted(g);
  out.v = v;
  return out;
}

/** The power mean of the first `len` numbers of `b` (weights and r as `powerMean`): its arithmetic for callers without duals. */
export function powerMeanOfNumbers(b: ArrayLike<number>, weights: readonly number[], r: number, len: number): number {
  powerMeanInto(b, weights, r, len, powerMeanScratch(len).slopes);
  return mean[0];
}

/**
 * The value of the weighted power mean of positive numbers `b` and its partial derivatives
 * ∂mean/∂b_k (0 where w_k = 0): the arithmetic behind `powerMean`, shared with the sparse duals.
 */
export function powerMeanParts(b: readonly number[], weights: readonly number[], r: number): { value: number; slopes: number[] } {
  const slopes = new Float64Array(b.length);
  powerMeanInto(b, weights, r, b.length, slopes);
  return { value: mean[0], slopes: Array.from(slopes) };
}

/** Reused work arrays of the power mean (it calls nothing that could use them meanwhile). */
interface PowerMeanScratch {
  values: Float64Array;
  logs: Float64Array;
  shares: Float64Array;
  slopes: Float64Array;
  duals: Dual[];
  coeffs: number[];
}

let scratch: PowerMeanScratch = newScratch(8);

function newScratch(len: number): PowerMeanScratch {
  const f = () => new Float64Array(len);
  return { values: f(), logs: f(), shares: f(), slopes: f(), duals: [], coeffs: [] };
}

/** The scratch arrays, grown to hold `len` terms. */
function powerMeanScratch(len: number): PowerMeanScratch {
  if (scratch.values.length < len) scratch = newScratch(2 * len);
  return scratch;
}

/** The mean `powerMeanInto` computed last: handed over in a typed array, not returned (see `operand`). */
const mean = new Float64Array(1);

/** The power mean of the first `len` of `b` (see `powerMean`) into `mean[0]`; writes ∂mean/∂b_k into `slopes`. */
function powerMeanInto(b: ArrayLike<number>, weights: readonly number[], r: number, len: number, slopes: Float64Array): void {
  if (r === 1) {
    // The arithmetic mean (a Leontief cost index, σ = 0): exact without logarithms.
    let v = 0;
    for (let k = 0; k < len; k++) if (weights[k] > 0) v += weights[k] * b[k];
    for (let k = 0; k < len; k++) slopes[k] = weights[k] > 0 ? weights[k] : 0;
    mean[0] = v;
    return;
  }
  const { logs, shares } = powerMeanScratch(len);
  for (let k = 0; k < len; k++) logs[k] = weights[k] > 0 ? Math.log(b[k]) : 0;
  let v = 0;
  if (r === 0) {
    let s = 0;
    for (let k = 0; k < len; k++) if (weights[k] > 0) s += weights[k] * logs[k];
    v = Math.exp(s);
  }
  // Terms scaled by the largest w·b^r, so that no power overflows or underflows to nothing.
  let top = -Infinity;
  for (let k = 0; k < len; k++) if (weights[k] > 0) top = Math.max(top, r * logs[k]);
  let total = 0;
  for (let k = 0; k < len; k++) {
    shares[k] = weights[k] > 0 ? weights[k] * Math.exp(r * logs[k] - top) : 0;
    total += shares[k];
  }
  if (r !== 0) {
    let small = true;
    for (let k = 0; k < len; k++) if (weights[k] > 0 && Math.abs(r * logs[k]) > 0.5) small = false;
    if (small) {
      // Near r = 0: log1p/expm1 keep the digits that (Σ w b^r − 1)/r would lose.
      let s = 0;
      for (let k = 0; k < len; k++) if (weights[k] > 0) s += weights[k] * Math.expm1(r * logs[k]);
      v = Math.exp(Math.log1p(s) / r);
    } else {
      // Far from 0 (large elasticities): log-sum-exp, exact without cancellation.
      v = Math.exp((top + Math.log(total)) / r);
    }
  }
  for (let k = 0; k < len; k++) slopes[k] = weights[k] > 0 ? (v * shares[k]) / total / b[k] : 0;
  mean[0] = v;
}
