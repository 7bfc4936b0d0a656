/**
 * The mixed complementarity problem of an `MgeModel`, in MPSGE's calibrated form.
 *
 * Variables: activity Y_s ≥ 0 per sector, price P_c ≥ 0 per commodity, income M_h per consumer,
 * and the auxiliaries. For sector s with inputs i (reference quantity q0, reference price p0,
 * user price p̄ = P(1 + t)) and outputs o (q0, p0, producer price p̃ = P(1 − t)):
 *
 *     C_s = (Σ_i θ_i (p̄_i/p0_i)^(1−σ))^(1/(1−σ)),  θ_i ∝ p0_i q0_i        unit cost index
 *     R_s = (Σ_o θ_o (p̃_o/p0_o)^(1+t))^(1/(1+t)),  θ_o ∝ p0_o q0_o        unit revenue index
 *     q_i = q0_i (C_s p0_i/p̄_i)^σ,   s_o = q0_o (p̃_o/(p0_o R_s))^t    demand and supply per unit activity
 *     zero profit    C_s Σ p0_i q0_i − R_s Σ p0_o q0_o ≥ 0  ⊥  Y_s ≥ 0
 *
 * For consumer h with demands d0 at reference prices p0 and elasticity σ_h:
 *
 *     PU_h = (Σ_c θ_c (P_c/p0_c)^(1−σ_h))^(1/(1−σ_h)),  d_c = M_h/(PU_h E0_h) · d0_c (PU_h p0_c/P_c)^σ_h
 *     (at σ_h = 1 PU_h cancels: d_c = M_h p0_c d0_c/(E0_h P_c), which keeps the Jacobian sparse)
 *     income balance  M_h = Σ_c P_c e_hc + Σ taxes paid to h                 (M_h free)
 *     market clearing Σ_s Y_s s_sc + Σ_h e_hc − Σ_s Y_s q_sc − Σ_h d_hc ≥ 0  ⊥  P_c ≥ 0
 *     auxiliary       Σ_k a_k v_k ≥ 0 ⊥ aux ≥ 0, or = 0 with aux free
 *
 * Units: quantities in the model's own (benchmark-value) units, prices relative to the benchmark.
 * CES aggregates are power means (exact at σ = 1, see cge/dual.ts). Each condition is divided by
 * its benchmark size, so residuals read as relative errors. The model is compiled once into index
 * arrays (`compile`, cached per model object) so that an evaluation does no name look-ups.
 * Source: T. F. Rutherford, "Applied general equilibrium modeling with MPSGE as a GAMS
 * subsystem", Computational Economics 14 (1999).
 */
import { sparseOps, type Ops, type SDual } from "../sparse/dual";
import type { SparseOrder } from "../sparse/ordering";
import type { ResidualTape } from "./residuals";
import type { Linear, MgeModel } from "./model";

/** The problem's variables in order, with their kind and lower bound. */
export interface Layout {
  names: string[];
  kinds: ("activity" | "price" | "income" | "aux")[];
  /** True when the variable is ≥ 0 and its condition a complementarity, false when free (an equation). */
  bounded: boolean[];
  index: Map<string, number>;
  /** Benchmark values (Y = 1, P = 1, incomes from the benchmark, aux benchmarks). */
  benchmark: number[];
  /** Benchmark size of each condition (the divisor of its residual). */
  size: number[];
}

/** `constant + coefficient·x[aux]` (aux −1: a constant). */
interface LinearC { constant: number; aux: number; coefficient: number }
interface FlowC { commodity: number; quantity: number; price: number; taxes: { rate: LinearC; agent: number }[]; label: string }
interface SectorC { y: number; s: number; t: number; inputs: FlowC[]; outputs: FlowC[]; v0in: number; v0out: number; win: number[]; wout: number[] }
interface ConsumerC {
  m: number; s: number; e0: number; weights: number[];
  demands: { commodity: number; quantity: number; price: number; label: string }[];
  endowments: { commodity: number; quantity: LinearC }[];
}

/** A model compiled to variable indices, with its layout. */
export interface Plan {
  layout: Layout;
  sectors: SectorC[];
  consumers: ConsumerC[];
  auxiliaries: { a: number; terms: { k: number; c: number }[] }[];
  commodities: number[];
  /** Column orders of the sparse Jacobian already computed, by the set of fixed variables. */
  orderings: Map<string, SparseOrder>;
  /** Recorded evaluations of the solver's residuals (`solveMge`), by the fixed variables and their values; the last few kept. */
  tapes: Map<string, ResidualTape>;
}

/**
 * Conditions (unscaled, in layout order) at variables x, and the per-unit flows when `withFlows`,
 * in the arithmetic of `ops`: numbers or sparse duals (the default), or a tape being recorded.
 */
export function conditions<D = SDual>(plan: Plan, x: readonly (D | number)[], withFlows = true, ops: Ops<D> = sparseOps as unknown as Ops<D>):
  { conditions: (D | number)[]; perUnit: Map<string, D | number> } {
  type SNum = D | number;
  const { add, div, lincomb, mul, pow, powerMean, scale, sub } = (ops as unknown) === sparseOps ? ops : bound(ops);
  const valueOf = (l: LinearC, x: readonly SNum[]): SNum => (l.aux < 0 ? l.constant : add(l.constant, scale(x[l.aux], l.coefficient)));
  const taxRate = (f: FlowC, x: readonly SNum[]): SNum => {
    let t: SNum = 0;
    for (const tax of f.taxes) t = add(t, valueOf(tax.rate, x));
    return t;
  };
  const N = plan.layout.names.length;
  const out: SNum[] = new Array(N).fill(0);
  // Market and income terms, gathered per condition and summed once: Σ coefficient·term.
  const terms: SNum[][] = new Array(N), signs: number[][] = new Array(N);
  for (const k of plan.commodities) (terms[k] = []), (signs[k] = []);
  for (const h of plan.consumers) (terms[h.m] = []), (signs[h.m] = []);
  const put = (k: number, v: SNum, sign: number) => {
    terms[k].push(v);
    signs[k].push(sign);
  };
  const perUnit = new Map<string, SNum>();
  for (const s of plan.sectors) {
    const Y = x[s.y];
    const user = s.inputs.map((f) => (f.taxes.length ? mul(x[f.commodity], add(1, taxRate(f, x))) : x[f.commodity]));
    const producer = s.outputs.map((f) => (f.taxes.length ? mul(x[f.commodity], sub(1, taxRate(f, x))) : x[f.commodity]));
    const C = powerMean(user.map((p, k) => scale(p, 1 / s.inputs[k].price)), s.win, 1 - s.s);
    const R = powerMean(producer.map((p, k) => scale(p, 1 / s.outputs[k].price)), s.wout, 1 + s.t);
    out[s.y] = sub(scale(C, s.v0in), scale(R, s.v0out));
    // Fixed proportions (σ = 0, t = 0) make the per-unit flows constants: skip their arithmetic.
    s.inputs.forEach((f, k) => {
      const q = s.s === 0 ? f.quantity : scale(pow(div(scale(C, f.price), user[k]), s.s), f.quantity);
      if (withFlows) perUnit.set(f.label, q);
      const total = mul(Y, q);
      put(f.commodity, total, -1);
      for (const tax of f.taxes) put(tax.agent, mul(mul(valueOf(tax.rate, x), x[f.commodity]), total), 1);
    });
    s.outputs.forEach((f, k) => {
      const q = s.t === 0 ? f.quantity : scale(pow(div(producer[k], scale(R, f.price)), s.t), f.quantity);
      if (withFlows) perUnit.set(f.label, q);
      const total = mul(Y, q);
      put(f.commodity, total, 1);
      for (const tax of f.taxes) put(tax.agent, mul(mul(valueOf(tax.rate, x), x[f.commodity]), total), 1);
    });
  }
  for (const h of plan.consumers) {
    const M = x[h.m];
    if (h.s === 1) {
      // Cobb–Douglas: the price index cancels, so each demand depends on its own price alone.
      h.demands.forEach((d) => {
        const q = div(scale(M, (d.price * d.quantity) / h.e0), x[d.commodity]);
        if (withFlows) perUnit.set(d.label, q);
        put(d.commodity, q, -1);
      });
    } else {
      const PU = powerMean(h.demands.map((d) => scale(x[d.commodity], 1 / d.price)), h.weights, 1 - h.s);
      const level = div(M, scale(PU, h.e0));
      h.demands.forEach((d) => {
        const q = mul(level, scale(pow(div(scale(PU, d.price), x[d.commodity]), h.s), d.quantity));
        if (withFlows) perUnit.set(d.label, q);
        put(d.commodity, q, -1);
      });
    }
    for (const e of h.endowments) {
      const q = valueOf(e.quantity, x);
      put(e.commodity, q, 1);
      put(h.m, mul(x[e.commodity], q), 1);
    }
  }
  for (const c of plan.commodities) out[c] = lincomb(terms[c], signs[c]);
  for (const h of plan.consumers) out[h.m] = sub(lincomb(terms[h.m], signs[h.m]), x[h.m]);
  for (const a of plan.auxiliaries) out[a.a] = lincomb(a.terms.map((t) => x[t.k]), a.terms.map((t) => t.c));
  return { conditions: out, perUnit };
}

/** The operations of `ops` as functions that need no receiver. */
function bound<D>(ops: Ops<D>): Ops<D> {
  return {
    add: (a, b) => ops.add(a, b), sub: (a, b) => ops.sub(a, b), scale: (a, c) => ops.scale(a, c), mul: (a, b) => ops.mul(a, b),
    div: (a, b) => ops.div(a, b), pow: (a, p) => ops.pow(a, p), lincomb: (t, c) => ops.lincomb(t, c), powerMean: (b, w, r) => ops.powerMean(b, w, r),
  };
}

const compiledPlans = new WeakMap<MgeModel, Plan>();

/** The compiled form of a model (computed once per model object: models are immutable data). */
export function compile(m: MgeModel): Plan {
  let plan = compiledPlans.get(m);
  if (!plan) {
    plan = build(m);
    compiledPlans.set(m, plan);
  }
  return plan;
}

function build(m: MgeModel): Plan {
  const names: string[] = [], kinds: Layout["kinds"] = [], bounded: boolean[] = [], benchmark: number[] = [];
  const push = (n: string, k: Layout["kinds"][number], b: boolean, v: number) => {
    names.push(n); kinds.push(k); bounded.push(b); benchmark.push(v);
  };
  m.sectors.forEach((s) => push(s.name, "activity", true, 1));
  m.commodities.forEach((c) => push(c, "price", true, 1));
  m.consumers.forEach((h) => push(h.name, "income", false, 0));
  m.auxiliaries.forEach((a) => push(a.name, "aux", a.lower === 0, a.benchmark ?? 0));
  const index = new Map(names.map((n, k) => [n, k]));
  const at = (name: string) => index.get(name)!;
  const linear = (l: Linear): LinearC =>
    typeof l === "number" ? { constant: l, aux: -1, coefficient: 0 } : { constant: l.constant ?? 0, aux: at(l.aux), coefficient: l.coefficient ?? 1 };
  const weightsOf = (fs: readonly { quantity: number; price?: number }[]) => {
    const total = fs.reduce((a, f) => a + (f.price ?? 1) * f.quantity, 0);
    return { total, weights: fs.map((f) => ((f.price ?? 1) * f.quantity) / total) };
  };
  const sectors: SectorC[] = m.sectors.map((s) => {
    const flow = (mark: string) => (f: MgeModel["sectors"][number]["inputs"][number]): FlowC => ({
      commodity: at(f.commodity), quantity: f.quantity, price: f.price ?? 1, label: `${f.commodity}${mark}${s.name}`,
      taxes: (f.taxes ?? []).map((t) => ({ rate: linear(t.rate), agent: at(t.agent) })),
    });
    const i = weightsOf(s.inputs), o = weightsOf(s.outputs);
    return { y: at(s.name), s: s.s ?? 0, t: s.t ?? 0, inputs: s.inputs.map(flow("†")), outputs: s.outputs.map(flow("‡")),
      v0in: i.total, v0out: o.total, win: i.weights, wout: o.weights };
  });
  const consumers: ConsumerC[] = m.consumers.map((h) => {
    const d = weightsOf(h.demands);
    return { m: at(h.name), s: h.s ?? 1, e0: d.total, weights: d.weights,
      demands: h.demands.map((x) => ({ commodity: at(x.commodity), quantity: x.quantity, price: x.price ?? 1, label: `${x.commodity}ρ${h.name}` })),
      endowments: h.endowments.map((e) => ({ commodity: at(e.commodity), quantity: linear(e.quantity) })) };
  });
  const auxiliaries = m.auxiliaries.map((a) => ({ a: at(a.name), terms: Object.entries(a.constraint).map(([v, c]) => ({ k: at(v), c })) }));
  const layout: Layout = { names, kinds, bounded, index, benchmark, size: names.map(() => 1) };
  const plan: Plan = { layout, sectors, consumers, auxiliaries, commodities: m.commodities.map(at), orderings: new Map(), tapes: new Map() };
  // Benchmark incomes: what endowments and taxes pay at the benchmark (Y = 1, P = 1).
  const incomeAt = conditions(plan, benchmark, false).conditions;
  for (const h of consumers) benchmark[h.m] = incomeAt[h.m] as number;
  // Sizes: the larger side of each condition at the benchmark, so a residual is a relative error.
  const size = layout.size;
  for (const s of sectors) size[s.y] = s.v0in;
  const traded = new Array<number>(names.length).fill(0);
  for (const s of sectors) for (const f of [...s.inputs, ...s.outputs]) traded[f.commodity] += f.quantity;
  for (const h of consumers) for (const d of h.demands) traded[d.commodity] += d.quantity;
  for (const c of plan.commodities) size[c] = traded[c] || 1;
  for (const h of consumers) size[h.m] = Math.max(Math.abs(benchmark[h.m]), 1);
  for (const a of auxiliaries) size[a.a] = Math.max(1, ...a.terms.map((t) => Math.abs(t.c * (benchmark[t.k] || 1))));
  return plan;
}
