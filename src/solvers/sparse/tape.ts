/**
 * A recorded expression graph ("tape") for sparse forward-mode differentiation without
 * allocation. A model's conditions are evaluated once over recording nodes (`Recorder`, an
 * `Ops` like `sparseOps`); every operation becomes a node with its operands, its constants and
 * its gradient's sparsity pattern, worked out once. `Tape.values` and `Tape.jacobian` then
 * replay the nodes in order over preallocated arrays: a value per node and, for the Jacobian,
 * each node's non-zero partial derivatives in one arena, each operand's entries added at the
 * positions found while recording (no merging, sorting or garbage per evaluation).
 * The rules and the order of the floating-point operations are those of `sparse/dual.ts` (which
 * the tests compare against), except that a power mean's slopes come from the closed form
 * w·(b/mean)^(r−1) (equal up to rounding) rather than arrays per evaluation; the pattern is
 * structural, so a tape holds for any point as long as the constants it was recorded with (e.g.
 * the fixed variables' values) hold.
 */
import { powerMean, powerMeanParts } from "../cge/dual";
import type { Ops } from "./dual";

/** A node of a tape being recorded. */
export class TapeNode {
  constructor(readonly id: number) {}
}

/** A constant or a recorded node. */
export type TNum = number | TapeNode;

// Operations. Unary ones keep their operand's pattern (d = g·da); ADDC shares its operand's gradient.
const VAR = 0, ADDC = 1, SCALE = 2, RSUB = 3, POW = 4, RDIV = 5, FBN = 6, // unary (FBN: φ(node, constant) or φ(constant, node))
  ADD = 7, SUB = 8, MUL = 9, DIV = 10, FB = 11, // binary on two nodes: d = α·da + β·db
  LIN = 12, PM = 13; // lists: Σ c_k·t_k and the weighted power mean

/** Records operations on nodes; `finish` turns the record into a `Tape`. */
export class Recorder implements Ops<TapeNode> {
  private op: number[] = [];
  private a: number[] = [];
  private b: number[] = [];
  private c: number[] = [];
  private c2: number[] = [];
  private pattern: Int32Array[] = [];
  private length: number[] = [];
  private offset: number[] = [];
  private arena = 0;
  private listStart: number[] = [0];
  private listNode: number[] = [];
  private listValue: number[] = [];
  private weights: (readonly number[] | null)[] = [];
  private mark: Int32Array;
  private stamp = 0;
  private posStart: number[] = [0];
  private pos: number[] = [];
  private where: Int32Array;

  /** `unknowns`: the number of independent variables (indices 0 … unknowns − 1). */
  constructor(readonly unknowns: number) {
    this.where = new Int32Array(unknowns);
    this.mark = new Int32Array(unknowns);
  }

  private node(op: number, a: number, b: number, c: number, c2: number, pattern: Int32Array, alias = -1, weights: readonly number[] | null = null): TapeNode {
    const id = this.op.length;
    this.op.push(op); this.a.push(a); this.b.push(b); this.c.push(c); this.c2.push(c2);
    this.pattern.push(pattern);
    this.length.push(pattern.length);
    if (alias >= 0) this.offset.push(this.offset[alias]);
    else {
      this.offset.push(this.arena);
      this.arena += pattern.length;
    }
    // A node's list entries and gradient positions are those pushed since the previous node.
    this.listStart.push(this.listNode.length);
    this.posStart.push(this.pos.length);
    this.weights.push(weights);
    return new TapeNode(id);
  }

  /** Positions in node `out`'s gradient (absolute arena offsets) of each entry of `pattern`. */
  private positions(outPattern: Int32Array, outOffset: number, pattern: Int32Array) {
    for (let t = 0; t < outPattern.length; t++) this.where[outPattern[t]] = outOffset + t;
    for (let t = 0; t < pattern.length; t++) this.pos.push(this.where[pattern[t]]);
  }

  /** Unknown j, at value z_j·slope with derivative `slope`. */
  variable(j: number, slope = 1): TapeNode {
    return this.node(VAR, j, -1, slope, 0, Int32Array.of(j));
  }

  private unary(op: number, a: TapeNode, c: number, c2 = 0): TapeNode {
    return this.node(op, a.id, -1, c, c2, this.pattern[a.id]);
  }

  private binary(op: number, a: TapeNode, b: TapeNode, c = 0): TapeNode {
    const pa = this.pattern[a.id], pb = this.pattern[b.id];
    const p = union(pa, pb);
    this.positions(p, this.arena, pa);
    this.positions(p, this.arena, pb);
    return this.node(op, a.id, b.id, c, 0, p);
  }

  add(a: TNum, b: TNum): TNum {
    if (typeof a === "number") return typeof b === "number" ? a + b : this.node(ADDC, b.id, -1, a, 0, this.pattern[b.id], b.id);
    if (typeof b === "number") return this.node(ADDC, a.id, -1, b, 0, this.pattern[a.id], a.id);
    return this.binary(ADD, a, b);
  }

  sub(a: TNum, b: TNum): TNum {
    if (typeof b === "number") return this.add(a, -b);
    if (typeof a === "number") return this.unary(RSUB, b, a);
    return this.binary(SUB, a, b);
  }

  scale(a: TNum, c: number): TNum {
    return typeof a === "number" ? a * c : c === 1 ? a : this.unary(SCALE, a, c);
  }

  mul(a: TNum, b: TNum): TNum {
    if (typeof a === "number") return typeof b === "number" ? a * b : this.scale(b, a);
    if (typeof b === "number") return this.scale(a, b);
    return this.binary(MUL, a, b);
  }

  div(a: TNum, b: TNum): TNum {
    if (typeof b === "number") return this.scale(a, 1 / b);
    if (typeof a === "number") return this.unary(RDIV, b, a);
    return this.binary(DIV, a, b);
  }

  pow(a: TNum, p: number): TNum {
    if (typeof a === "number") return Math.pow(a, p);
    if (p === 0) return 1;
    if (p === 1) return a;
    return this.unary(POW, a, p);
  }

  /** The smoothed Fischer–Burmeister function a + b − √(a² + b² + ε), as `sparse/dual`'s. */
  fischerBurmeister(a: TNum, b: TNum, epsilon = 0): TNum {
    if (typeof a === "number" && typeof b === "number") {
      const h = Math.sqrt(a * a + b * b + epsilon);
      return a + b - h;
    }
    if (typeof a === "number") return this.unary(FBN, b as TapeNode, a, epsilon);
    if (typeof b === "number") return this.unary(FBN, a, b, epsilon);
    return this.binary(FB, a, b, epsilon);
  }

  /**
   * A list node: entries in order (a node, or a constant with the node −1); the gradient sums
   * the nodes for which `counts(k)` holds. `value(k)`: what `listValue` keeps for entry k.
   */
  private list(op: number, terms: readonly TNum[], skip: (k: number) => boolean, counts: (k: number) => boolean,
    value: (k: number) => number, r: number, weights: readonly number[] | null): TapeNode {
    // Union of the counted entries' patterns, ascending.
    const mark = this.mark, stamp = ++this.stamp, all: number[] = [];
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k];
      if (typeof t === "number" || skip(k) || !counts(k)) continue;
      for (const j of this.pattern[t.id]) if (mark[j] !== stamp) { mark[j] = stamp; all.push(j); }
    }
    const pattern = Int32Array.from(all).sort();
    const where = this.where;
    for (let t = 0; t < pattern.length; t++) where[pattern[t]] = this.arena + t;
    for (let k = 0; k < terms.length; k++) {
      if (skip(k)) continue;
      const t = terms[k];
      this.listNode.push(typeof t === "number" ? -1 : t.id);
      this.listValue.push(value(k));
      if (typeof t !== "number" && counts(k)) for (const j of this.pattern[t.id]) this.pos.push(where[j]);
    }
    return this.node(op, -1, -1, r, 0, pattern, -1, weights);
  }

  lincomb(terms: readonly TNum[], coeffs?: readonly number[]): TNum {
    let v = 0, duals = 0;
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k], c = coeffs ? coeffs[k] : 1;
      if (c === 0) continue;
      if (typeof t === "number") v += c * t;
      else duals++;
    }
    if (duals === 0) return v;
    const coeff = (k: number) => (coeffs ? coeffs[k] : 1);
    // A node keeps its coefficient, a constant c·t (the product the sum adds).
    return this.list(LIN, terms, (k) => coeff(k) === 0, () => true, (k) => {
      const t = terms[k];
      return typeof t === "number" ? coeff(k) * t : coeff(k);
    }, 0, null);
  }

  powerMean(bases: readonly TNum[], weights: readonly number[], r: number): TNum {
    if (bases.every((b) => typeof b === "number")) return powerMeanParts(bases as number[], weights, r).value;
    return this.list(PM, bases, () => false, (k) => weights[k] > 0, (k) => {
      const b = bases[k];
      return typeof b === "number" ? b : 0;
    }, r, weights);
  }

  /**
   * The tape of everything recorded, whose outputs are `rows` (nodes or constants, with their
   * Jacobian) and `extras` (values only, read with `Tape.extras` after an evaluation).
   */
  finish(rows: readonly TNum[], extras: readonly TNum[] = []): Tape {
    // Typed arrays made by their constructors from plain arrays, and loops (`from` with a map is slow).
    const outputs = (list: readonly TNum[]) => {
      const node = new Int32Array(list.length), constant = new Float64Array(list.length);
      for (let i = 0; i < list.length; i++) {
        const r = list[i];
        if (typeof r === "number") (node[i] = -1), (constant[i] = r);
        else node[i] = r.id;
      }
      return { node, constant };
    };
    const out = outputs(rows), more = outputs(extras);
    const rowStart = new Int32Array(rows.length + 1);
    for (let i = 0; i < rows.length; i++) rowStart[i + 1] = rowStart[i] + (out.node[i] < 0 ? 0 : this.pattern[out.node[i]].length);
    const cols = new Int32Array(rowStart[rows.length]);
    for (let i = 0; i < rows.length; i++) if (out.node[i] >= 0) cols.set(this.pattern[out.node[i]], rowStart[i]);
    return new Tape({
      op: new Uint8Array(this.op), a: new Int32Array(this.a), b: new Int32Array(this.b),
      c: new Float64Array(this.c), c2: new Float64Array(this.c2),
      offset: new Int32Array(this.offset), length: new Int32Array(this.length), arena: this.arena,
      listStart: new Int32Array(this.listStart), listNode: new Int32Array(this.listNode),
      listValue: new Float64Array(this.listValue), lists: this.weights,
      posStart: new Int32Array(this.posStart), pos: new Int32Array(this.pos),
      rowNode: out.node, rowConstant: out.constant, rowStart, cols, extraNode: more.node, extraConstant: more.constant,
    });
  }

}

/** The sorted union of two sorted patterns (one of them itself when it holds the other). */
function union(a: Int32Array, b: Int32Array): Int32Array {
  if (a === b) return a;
  const out = new Int32Array(a.length + b.length);
  let p = 0, q = 0, k = 0;
  while (p < a.length && q < b.length) {
    if (a[p] < b[q]) out[k++] = a[p++];
    else if (b[q] < a[p]) out[k++] = b[q++];
    else { out[k++] = a[p++]; q++; }
  }
  while (p < a.length) out[k++] = a[p++];
  while (q < b.length) out[k++] = b[q++];
  return k === a.length ? a : k === b.length ? b : out.slice(0, k);
}

interface TapeData {
  op: Uint8Array; a: Int32Array; b: Int32Array; c: Float64Array; c2: Float64Array;
  offset: Int32Array; length: Int32Array; arena: number;
  listStart: Int32Array; listNode: Int32Array; listValue: Float64Array; lists: (readonly number[] | null)[];
  posStart: Int32Array; pos: Int32Array;
  rowNode: Int32Array; rowConstant: Float64Array; rowStart: Int32Array; cols: Int32Array;
  extraNode: Int32Array; extraConstant: Float64Array;
}

/**
 * A recorded evaluation, replayed at any point z: the outputs' values, or their values and
 * sparse Jacobian (rows in compressed form with the fixed pattern `rowStart`/`cols`).
 */
export class Tape {
  /** Row i's non-zero columns are `cols[rowStart[i] .. rowStart[i+1])`. */
  readonly rowStart: Int32Array;
  readonly cols: Int32Array;
  private readonly t: TapeData;
  private readonly v: Float64Array;
  private readonly d: Float64Array;
  /** Per power-mean node, an array for its bases' values (reused: its length is the mean's). */
  private readonly bases: (number[] | null)[];

  constructor(t: TapeData) {
    this.t = t;
    this.rowStart = t.rowStart;
    this.cols = t.cols;
    this.v = new Float64Array(t.op.length);
    this.d = new Float64Array(t.arena);
    this.bases = new Array<number[] | null>(t.op.length).fill(null);
    for (let k = 0; k < t.op.length; k++) if (t.op[k] === PM) this.bases[k] = new Array<number>(t.listStart[k + 1] - t.listStart[k]).fill(0);
  }

  /** Nodes recorded (a measure of the tape's size). */
  get size(): number {
    return this.t.op.length;
  }

  /** The outputs at z, into `f`. */
  values(z: ArrayLike<number>, f: Float64Array): void {
    this.replay(z, false);
    this.outputs(f);
  }

  /** The outputs at z into `f` and the Jacobian's entries into `jac`, row by row in the order of `cols`. */
  jacobian(z: ArrayLike<number>, f: Float64Array, jac: Float64Array): void {
    this.replay(z, true);
    this.outputs(f);
    const { rowNode, rowStart, offset } = this.t, d = this.d;
    for (let i = 0; i < rowNode.length; i++) {
      const o = offset[rowNode[i]] - rowStart[i];
      for (let p = rowStart[i]; p < rowStart[i + 1]; p++) jac[p] = d[o + p];
    }
  }

  /** The values of the extra outputs at the point of the last `values` or `jacobian`. */
  extras(): Float64Array {
    const { extraNode, extraConstant } = this.t, v = this.v;
    const out = new Float64Array(extraNode.length);
    for (let i = 0; i < out.length; i++) out[i] = extraNode[i] < 0 ? extraConstant[i] : v[extraNode[i]];
    return out;
  }

  private outputs(f: Float64Array) {
    const { rowNode, rowConstant } = this.t, v = this.v;
    for (let i = 0; i < rowNode.length; i++) f[i] = rowNode[i] < 0 ? rowConstant[i] : v[rowNode[i]];
  }

  private replay(z: ArrayLike<number>, withGradient: boolean) {
    const { op, a, b, c, c2, offset, length, listStart, listNode, listValue, lists, posStart, pos } = this.t;
    const v = this.v, d = this.d;
    const count = op.length;
    for (let k = 0; k < count; k++) {
      const o = op[k];
      if (o === VAR) {
        v[k] = z[a[k]] * c[k];
        if (withGradient) d[offset[k]] = c[k];
        continue;
      }
      if (o === ADDC) {
        v[k] = v[a[k]] + c[k];
        continue;
      }
      if (o <= FBN) {
        // Unary: value and the factor g of d = g·da.
        const x = v[a[k]], ck = c[k];
        let g: number;
        if (o === SCALE) { v[k] = x * ck; g = ck; }
        else if (o === RSUB) { v[k] = ck - x; g = -1; }
        else if (o === POW) { v[k] = Math.pow(x, ck); g = ck * Math.pow(x, ck - 1); }
        else if (o === RDIV) { const q = ck / x; v[k] = q; g = -q / x; }
        else { const h = Math.sqrt(x * x + ck * ck + c2[k]); v[k] = x + ck - h; g = 1 - x / h; }
        if (withGradient) {
          const to = offset[k], from = offset[a[k]], len = length[k];
          for (let t = 0; t < len; t++) d[to + t] = g * d[from + t];
        }
        continue;
      }
      if (o <= FB) {
        const x = v[a[k]], y = v[b[k]];
        let alpha: number, beta: number;
        if (o === ADD) { v[k] = x + y; alpha = 1; beta = 1; }
        else if (o === SUB) { v[k] = x - y; alpha = 1; beta = -1; }
        else if (o === MUL) { v[k] = x * y; alpha = y; beta = x; }
        else if (o === DIV) { const q = x / y; v[k] = q; alpha = 1 / y; beta = -q / y; }
        else { const h = Math.sqrt(x * x + y * y + c[k]); v[k] = x + y - h; alpha = 1 - x / h; beta = 1 - y / h; }
        if (withGradient) {
          const to = offset[k], len = length[k];
          for (let t = 0; t < len; t++) d[to + t] = 0;
          let p = posStart[k];
          const fa = offset[a[k]], la = length[a[k]];
          for (let t = 0; t < la; t++) d[pos[p++]] += alpha * d[fa + t];
          const fb = offset[b[k]], lb = length[b[k]];
          for (let t = 0; t < lb; t++) d[pos[p++]] += beta * d[fb + t];
        }
        continue;
      }
      const e0 = listStart[k], e1 = listStart[k + 1];
      if (o === LIN) {
        // listValue: the coefficient of a node, or coefficient × constant.
        let s = 0;
        for (let e = e0; e < e1; e++) {
          const t = listNode[e];
          s += t < 0 ? listValue[e] : listValue[e] * v[t];
        }
        v[k] = s;
        if (withGradient) {
          const to = offset[k], len = length[k];
          for (let t = 0; t < len; t++) d[to + t] = 0;
          let p = posStart[k];
          for (let e = e0; e < e1; e++) {
            const t = listNode[e];
            if (t < 0) continue;
            const ce = listValue[e], from = offset[t], lt = length[t];
            for (let q = 0; q < lt; q++) d[pos[p++]] += ce * d[from + q];
          }
        }
        continue;
      }
      // PM: the weighted power mean of the list's bases (constants in listValue).
      const weights = lists[k]!;
      const bases = this.bases[k]!;
      for (let e = e0; e < e1; e++) bases[e - e0] = listNode[e] < 0 ? listValue[e] : v[listNode[e]];
      // The value: cge/dual's power mean of numbers (one implementation, on reused scratch arrays).
      const mean = powerMean(bases, weights, c[k]) as number;
      v[k] = mean;
      if (withGradient) {
        // ∂mean/∂b_e = w_e·(b_e/mean)^(r−1) (= mean·w_e b_e^r/Σ w b^r / b_e), without arrays.
        const r1 = c[k] - 1;
        const to = offset[k], len = length[k];
        for (let t = 0; t < len; t++) d[to + t] = 0;
        let p = posStart[k];
        for (let e = e0; e < e1; e++) {
          const t = listNode[e], w = weights[e - e0];
          if (t < 0 || !(w > 0)) continue;
          const ce = r1 === 0 ? w : w * Math.pow(bases[e - e0] / mean, r1), from = offset[t], lt = length[t];
          for (let q = 0; q < lt; q++) d[pos[p++]] += ce * d[from + q];
        }
      }
    }
  }
}
