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
 *     income balance  M_h = Σ_c P_c e_hc + Σ taxes paid to h                 (M_h free)
 *     market clearing Σ_s Y_s s_sc + Σ_h e_hc − Σ_s Y_s q_sc − Σ_h d_hc ≥ 0  ⊥  P_c ≥ 0
 *     auxiliary       Σ_k a_k v_k ≥ 0 ⊥ aux ≥ 0, or = 0 with aux free
 *
 * CES aggregates are power means (exact at σ = 1, see cge/dual.ts). Each condition is divided by
 * its benchmark size, so residuals read as relative errors. Source: T. F. Rutherford, "Applied
 * general equilibrium modeling with MPSGE as a GAMS subsystem", Computational Economics 14 (1999).
 */
import { add, div, lincomb, mul, pow, powerMean, scale, sub, type Num } from "../cge/dual";
import type { Flow, Linear, MgeModel } from "./model";

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

const valueOf = (l: Linear, x: readonly Num[], L: Layout): Num =>
  typeof l === "number" ? l : add(l.constant ?? 0, scale(x[L.index.get(l.aux)!], l.coefficient ?? 1));

function taxRate(f: Flow, x: readonly Num[], L: Layout): Num {
  let t: Num = 0;
  for (const tax of f.taxes ?? []) t = add(t, valueOf(tax.rate, x, L));
  return t;
}

/** Conditions (unscaled) and the flows behind them at variables x. */
export function conditions(m: MgeModel, L: Layout, x: readonly Num[], withFlows = true) {
  const P = (c: string) => x[L.index.get(c)!];
  const out = new Map<string, Num>();
  const supply = new Map<string, Num[]>(m.commodities.map((c) => [c, []]));
  const demand = new Map<string, Num[]>(m.commodities.map((c) => [c, []]));
  const revenue = new Map<string, Num[]>(m.consumers.map((h) => [h.name, []]));
  const perUnit = new Map<string, Num>();
  for (const s of m.sectors) {
    const Y = x[L.index.get(s.name)!];
    const sigma = s.s ?? 0, t = s.t ?? 0;
    const user = s.inputs.map((f) => mul(P(f.commodity), add(1, taxRate(f, x, L))));
    const producer = s.outputs.map((f) => mul(P(f.commodity), sub(1, taxRate(f, x, L))));
    const v0in = s.inputs.reduce((a, f) => a + (f.price ?? 1) * f.quantity, 0);
    const v0out = s.outputs.reduce((a, f) => a + (f.price ?? 1) * f.quantity, 0);
    const C = powerMean(user.map((p, k) => scale(p, 1 / (s.inputs[k].price ?? 1))), s.inputs.map((f) => ((f.price ?? 1) * f.quantity) / v0in), 1 - sigma);
    const R = powerMean(producer.map((p, k) => scale(p, 1 / (s.outputs[k].price ?? 1))), s.outputs.map((f) => ((f.price ?? 1) * f.quantity) / v0out), 1 + t);
    out.set(s.name, sub(scale(C, v0in), scale(R, v0out)));
    s.inputs.forEach((f, k) => {
      const q = scale(pow(div(scale(C, f.price ?? 1), user[k]), sigma), f.quantity);
      if (withFlows) perUnit.set(`${f.commodity}†${s.name}`, q);
      demand.get(f.commodity)!.push(mul(Y, q));
      for (const tax of f.taxes ?? []) revenue.get(tax.agent)!.push(mul(mul(valueOf(tax.rate, x, L), P(f.commodity)), mul(Y, q)));
    });
    s.outputs.forEach((f, k) => {
      const q = scale(pow(div(producer[k], scale(R, f.price ?? 1)), t), f.quantity);
      if (withFlows) perUnit.set(`${f.commodity}‡${s.name}`, q);
      supply.get(f.commodity)!.push(mul(Y, q));
      for (const tax of f.taxes ?? []) revenue.get(tax.agent)!.push(mul(mul(valueOf(tax.rate, x, L), P(f.commodity)), mul(Y, q)));
    });
  }
  for (const h of m.consumers) {
    const M = x[L.index.get(h.name)!];
    const sigma = h.s ?? 1;
    const e0 = h.demands.reduce((a, d) => a + (d.price ?? 1) * d.quantity, 0);
    const PU = powerMean(h.demands.map((d) => scale(P(d.commodity), 1 / (d.price ?? 1))), h.demands.map((d) => ((d.price ?? 1) * d.quantity) / e0), 1 - sigma);
    const level = div(M, scale(PU, e0));
    h.demands.forEach((d) => {
      const q = mul(level, scale(pow(div(scale(PU, d.price ?? 1), P(d.commodity)), sigma), d.quantity));
      if (withFlows) perUnit.set(`${d.commodity}ρ${h.name}`, q);
      demand.get(d.commodity)!.push(q);
    });
    for (const e of h.endowments) {
      const q = valueOf(e.quantity, x, L);
      supply.get(e.commodity)!.push(q);
      revenue.get(h.name)!.push(mul(P(e.commodity), q));
    }
  }
  for (const c of m.commodities) out.set(c, sub(lincomb(supply.get(c)!), lincomb(demand.get(c)!)));
  for (const h of m.consumers) out.set(h.name, sub(lincomb(revenue.get(h.name)!), x[L.index.get(h.name)!]));
  for (const a of m.auxiliaries) {
    const terms = Object.entries(a.constraint);
    out.set(a.name, lincomb(terms.map(([v]) => x[L.index.get(v)!]), terms.map(([, c]) => c)));
  }
  return { conditions: L.names.map((n) => out.get(n)!), perUnit };
}

/** Variables, bounds, benchmark values and condition sizes of a model. */
export function layout(m: MgeModel): Layout {
  const names: string[] = [], kinds: Layout["kinds"] = [], bounded: boolean[] = [], benchmark: number[] = [];
  const push = (n: string, k: Layout["kinds"][number], b: boolean, v: number) => {
    names.push(n); kinds.push(k); bounded.push(b); benchmark.push(v);
  };
  m.sectors.forEach((s) => push(s.name, "activity", true, 1));
  m.commodities.forEach((c) => push(c, "price", true, 1));
  m.consumers.forEach((h) => push(h.name, "income", false, 0));
  m.auxiliaries.forEach((a) => push(a.name, "aux", a.lower === 0, a.benchmark ?? 0));
  const L: Layout = { names, kinds, bounded, index: new Map(names.map((n, k) => [n, k])), benchmark, size: names.map(() => 1) };
  // Benchmark incomes: what endowments and taxes pay at the benchmark (Y = 1, P = 1).
  const incomeAt = conditions(m, L, benchmark).conditions;
  m.consumers.forEach((h) => {
    const k = L.index.get(h.name)!;
    benchmark[k] = incomeAt[k] as number;
  });
  // Sizes: the larger side of each condition at the benchmark, so a residual is a relative error.
  const sizes = new Map<string, number>();
  for (const s of m.sectors) sizes.set(s.name, s.inputs.reduce((a, f) => a + (f.price ?? 1) * f.quantity, 0));
  for (const c of m.commodities) {
    let total = 0;
    for (const s of m.sectors) for (const f of [...s.inputs, ...s.outputs]) if (f.commodity === c) total += f.quantity;
    for (const h of m.consumers) for (const d of h.demands) if (d.commodity === c) total += d.quantity;
    sizes.set(c, total || 1);
  }
  for (const h of m.consumers) sizes.set(h.name, Math.max(Math.abs(benchmark[L.index.get(h.name)!]), 1));
  for (const a of m.auxiliaries) {
    sizes.set(a.name, Math.max(1, ...Object.entries(a.constraint).map(([v, c]) => Math.abs(c * (benchmark[L.index.get(v)!] || 1)))));
  }
  L.size = names.map((n) => sizes.get(n)!);
  return L;
}
