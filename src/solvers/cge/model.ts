/**
 * The equation system of the Hosoe–Gasawa–Hashimoto standard CGE model (GAMS model
 * library STDCGE; its recursive-dynamic variant DYNCGE), generalised to N sectors,
 * M factors and S import sources. Equation names follow the GAMS listings.
 *
 * Published (primal) equations, for sector j, good i, factor h, source s:
 *   eqpy   Y_j = b_j Π_h F_hj^β_hj                       eqF  F_hj = β_hj py_j Y_j / pf_hj
 *   eqX    X_ij = ax_ij Z_j    eqY  Y_j = ay_j Z_j        eqpzs pz_j = ay_j py_j + Σ_i ax_ij pq_i
 *   eqpqs  Q_i = γ_i (δm_i M_i^η + δd_i D_i^η)^(1/η)     (Armington CES, η = (σ−1)/σ)
 *   eqM    M_i = (γ_i^η δm_i pq_i / PM_i)^(1/(1−η)) Q_i  eqD D_i = (γ_i^η δd_i pq_i / pd_i)^(1/(1−η)) Q_i
 *   eqpzd  Z_i = θ_i (ξe_i E_i^φ + ξd_i D_i^φ)^(1/φ)      (CET, φ = (ψ+1)/ψ)
 *   eqE    E_i = (θ_i^φ ξe_i (1+τz_i) pz_i / pe_i)^(1/(1−φ)) Z_i,  eqDs likewise with ξd_i, pd_i
 *   eqpqd  Q_i = Xp_i + Xg_i + Xv_i + Σ_j X_ij           eqpf Σ_j F_hj = FF_h
 *   eqepsilon Σ_i pWe_i E_i + Sf = Σ_s Σ_i pWm_si (1+ntb_si) M_si
 * With one import source, PM_i = (1+τm_i) pm_i exactly as published. With several, M_i is a CES
 * composite (σM) of source imports M_si at tariff- and NTB-inclusive prices (the customs-union nest).
 *
 * Solution method (same solution, smaller system): py, pq and PM are taken from their cost
 * (dual) functions, which makes eqpy+eqF, eqpqs and the import nest hold identically; every other
 * variable follows explicitly from the core unknowns (pd_i, Z_i, factor prices, exchange rate and
 * closure swaps). The remaining core conditions — eqpzd, eqpqd, eqpf, eqepsilon (and eqPRICE,
 * eqSI by closure) — are solved by Newton; one eqpqd is dropped (Walras's law) and its residual reported.
 */
import { add, div, lincomb, mul, pow, powerMean, prodPow, scale, sub, sum, val, type Num } from "./dual";
import { doubles, doublesOf, rows, tabulate, tagged } from "./doubles";

/** Calibrated parameters (share and scale parameters of every function). Index order: [sector] or [row][column]. */
export interface Parameters {
  eta: number[];
  phi: number[];
  sigma: number[];
  /** Elasticity of substitution between import sources (second Armington nest). */
  sigmaSources: number[];
  alpha: number[];
  beta: number[][]; // [factor][sector]
  b: number[];
  ax: number[][]; // [good][sector]
  ay: number[];
  mu: number[];
  lambda: number[];
  deltam: number[];
  deltad: number[];
  gamma: number[];
  dS: number[][]; // [source][good]
  gammaM: number[];
  xie: number[];
  xid: number[];
  theta: number[];
  ssp: number;
  ssg: number;
  taud: number;
  /** Price-index weights (base Armington composite shares, as DYNCGE's PRICE). */
  weights: number[];
}

/** Parameters as an object of one shape, its fields in declaration order, whatever `p` is (see `exogenous`). */
export function parameters(p: Parameters): Parameters {
  return {
    eta: p.eta, phi: p.phi, sigma: p.sigma, sigmaSources: p.sigmaSources, alpha: p.alpha, beta: p.beta, b: p.b, ax: p.ax, ay: p.ay,
    mu: p.mu, lambda: p.lambda, deltam: p.deltam, deltad: p.deltad, gamma: p.gamma, dS: p.dS, gammaM: p.gammaM, xie: p.xie,
    xid: p.xid, theta: p.theta, ssp: p.ssp, ssg: p.ssg, taud: p.taud, weights: p.weights,
  };
}

/** Exogenous values a scenario or a closure may change. Import world prices exclude NTB costs. */
export interface Exogenous {
  taum: number[][]; // [source][good]
  ntb: number[][]; // [source][good], ad valorem
  tauz: number[];
  pWe: number[];
  pWm: number[][]; // [source][good]
  /** Endowment of each factor (mobile factors). */
  FF: number[];
  /** Sector-specific endowments [factor][sector] (specific factors). */
  FFs: number[][];
  Sf: number;
  /** Real government demand (balanced-budget government). */
  Xg: number[];
  /** Real investment demand (investment-driven closure). */
  Xv: number[];
  /** Exchange rate when fixed (fixed exchange rate, or the exchange-rate numeraire). */
  eps: number;
  /** Factor prices when fixed (numeraire factor, flexible factor supply). */
  pf: number[];
  /** Value of the price index when it is the numeraire. */
  priceIndex: number;
}

/**
 * Exogenous values as an object of one shape, its fields in declaration order, whatever `e` is (a
 * spread copy, a structured clone or a literal each have another hidden class in V8, and code
 * optimised for one deoptimises on the next). Every `Exogenous` the solver makes goes through here.
 */
export function exogenous(e: Exogenous): Exogenous {
  return {
    taum: e.taum, ntb: e.ntb, tauz: e.tauz, pWe: e.pWe, pWm: e.pWm, FF: e.FF, FFs: e.FFs, Sf: e.Sf,
    Xg: e.Xg, Xv: e.Xv, eps: e.eps, pf: e.pf, priceIndex: e.priceIndex,
  };
}

/** Every variable's level. Per-sector arrays are indexed by sector; matrices as noted. */
export interface Levels<T = number> {
  Y: T[]; Z: T[]; py: T[]; pz: T[]; pq: T[]; pd: T[]; pe: T[]; PM: T[];
  Xp: T[]; Xg: T[]; Xv: T[]; E: T[]; D: T[]; Q: T[]; M: T[]; Tz: T[];
  X: T[][]; // [good][sector]
  F: T[][]; // [factor][sector]
  pf: T[][]; // [factor][sector]
  FF: T[]; // [factor] supply (total for specific factors)
  Ms: T[][]; pm: T[][]; pms: T[][]; Tm: T[][]; // [source][good]
  eps: T; Sf: T; Sp: T; Sg: T; Td: T; S: T; sspScale: T;
  /** Σ_h,j pf_hj F_hj: factor income of the household. */
  income: T;
}

/** Which core unknown sits where, and which conditions are solved (built by `layout` in closures.ts). */
export interface Layout {
  unknowns: string[];
  positive: boolean[];
  /** Base value of each unknown (the Newton iteration works on unknown / |base|). */
  scales: number[];
  equations: string[];
  pd: number[];
  Z: number[];
  /** Per factor: index of pf (mobile) or null when fixed. */
  pf: (number | null)[];
  /** Per factor: index of FF (flexible supply) or null when fixed. */
  FF: (number | null)[];
  /** Per factor and sector: index of the specific factor price, or null. */
  pfs: (number | null)[][];
  eps: number | null;
  Sf: number | null;
  sspScale: number | null;
  investmentDriven: boolean;
  priceIndexNumeraire: boolean;
  /** Sector whose goods-market condition is dropped (Walras's law). */
  dropped: number;
}

/** A calibrated model: sets, parameters, base exogenous values and the base solution (plain data). */
export interface CgeModel {
  kind: "cge-model";
  sectors: string[];
  factors: string[];
  sources: string[];
  /** Per factor: true when each sector's stock is fixed (sector-specific capital, as DYNCGE). */
  specific: boolean[];
  government: "fixed-tax-rates" | "balanced-budget";
  saving: "gross-income" | "disposable-income";
  params: Parameters;
  exo: Exogenous;
  base: Levels;
  /** Default closure (see closures.ts). */
  closure: import("./closures").Closure;
  /** How to write levels back into SAM cells (see results.ts). */
  accounts: import("./sam").Sam;
  /** Base shares of exports and foreign savings by rest-of-world account (for SAM reconstruction). */
  exportShares: number[][]; // [source][good]
  savingShares: number[];
}

/** A model as an object of one shape, its fields in declaration order, whatever `m` is (see `exogenous`). */
export function cgeModel(m: CgeModel): CgeModel {
  return {
    kind: m.kind, sectors: m.sectors, factors: m.factors, sources: m.sources, specific: m.specific, government: m.government,
    saving: m.saving, params: m.params, exo: m.exo, base: m.base, closure: m.closure, accounts: m.accounts,
    exportShares: m.exportShares, savingShares: m.savingShares,
  };
}

const pick = (x: readonly Num[], k: number | null, fallback: number): Num => (k === null ? fallback : x[k]);

/** Import composite price PM_i: the tariff-inclusive source price, or the CES unit cost over sources. */
function importPrice(p: Parameters, i: number, pms: Num[][], active: number[]): Num {
  if (active.length === 1) return pms[active[0]][i];
  // (Σ dS^σ pms^(1−σ))^(1/(1−σ)) / γM, as a power mean of pms/dS so that σ → 1 takes the exact Cobb–Douglas limit.
  const sig = p.sigmaSources[i];
  const bases = tabulate(active.length, (k) => scale(pms[active[k]][i], 1 / p.dS[active[k]][i]));
  return scale(powerMean(bases, doublesOf(active.length, (k) => p.dS[active[k]][i]), 1 - sig), 1 / p.gammaM[i]);
}

const columnCache = new WeakMap<number[][], number[][]>();

/** The columns of a matrix stored by rows, computed once per matrix (calibrated parameters never change). */
function columns(a: number[][]): number[][] {
  let c = columnCache.get(a);
  if (c === undefined) {
    c = a.length === 0 ? [] : rows(a[0].map((_, j) => a.map((row) => row[j])));
    columnCache.set(a, c);
  }
  return c;
}

const shareCache = new WeakMap<number[][], { factors: number[]; exponents: number[] }[]>();

/** Per sector: the factors with a positive value-added share β_hj and those shares (computed once per β). */
function factorShares(beta: number[][], sectorCount: number): { factors: number[]; exponents: number[] }[] {
  let out = shareCache.get(beta);
  if (out === undefined) {
    out = Array.from({ length: sectorCount }, (_, j) => {
      const factors = beta.map((_, h) => h).filter((h) => beta[h][j] > 0);
      return { factors, exponents: doubles(factors.map((h) => beta[h][j])) };
    });
    shareCache.set(beta, out);
  }
  return out;
}

/** Sources with base imports of good i. */
export function activeSources(m: CgeModel, i: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < m.sources.length; s++) if (m.params.dS[s][i] > 0) out.push(s);
  return out;
}

/**
 * Evaluates every variable and the core conditions at core unknowns `x` (numbers or duals).
 * Conditions are scaled by base magnitudes, so they read as relative errors.
 */
export function evaluate(m: CgeModel, exo: Exogenous, L: Layout, x: readonly Num[]): { levels: Levels<Num>; conditions: Num[] } {
  const p = m.params;
  const b = m.base;
  const N = m.sectors.length;
  const H = m.factors.length;
  const S = m.sources.length;
  const range = (k: number) => Array.from({ length: k }, (_, i) => i);
  const sectors = range(N);

  const pd = tabulate(N, (i) => x[L.pd[i]]);
  const Z = tabulate(N, (i) => x[L.Z[i]]);
  const eps = pick(x, L.eps, exo.eps);
  const Sf = pick(x, L.Sf, exo.Sf);
  const sspScale = pick(x, L.sspScale, 1);
  const pf: Num[][] = tabulate(H, (h) =>
    tabulate(N, (j) => (m.specific[h] ? pick(x, L.pfs[h][j], exo.pf[h]) : pick(x, L.pf[h], exo.pf[h]))));
  const FFmobile: Num[] = tabulate(H, (h) => pick(x, L.FF[h], exo.FF[h]));

  // Prices follow from the exchange rate, domestic prices and factor prices through cost functions.
  const pe = tabulate(N, (i) => scale(eps, exo.pWe[i]));
  const pm = tabulate(S, (s) => tabulate(N, (i) => scale(eps, exo.pWm[s][i] * (1 + exo.ntb[s][i]))));
  const pms = tabulate(S, (s) => tabulate(N, (i) => scale(pm[s][i], 1 + exo.taum[s][i])));
  const actives = tabulate(N, (i) => activeSources(m, i));
  const PM = tabulate(N, (i) => (actives[i].length > 0 ? importPrice(p, i, pms, actives[i]) : 0));
  const pq = tabulate(N, (i) => {
    const sig = p.sigma[i];
    // Without imports δd = 1 and Q = γ·D, so pq = pd/γ.
    if (actives[i].length === 0) return scale(pd[i], 1 / p.gamma[i]);
    // (δm^σ PM^(1−σ) + δd^σ pd^(1−σ))^(1/(1−σ)) / γ as a power mean (exact at σ = 1, see `powerMean`).
    const mean = powerMean([scale(PM[i], 1 / p.deltam[i]), scale(pd[i], 1 / p.deltad[i])], [p.deltam[i], p.deltad[i]], 1 - sig);
    return scale(mean, 1 / p.gamma[i]);
  });
  const valueAdded = factorShares(p.beta, N);
  const py = tabulate(N, (j) => {
    const { factors: hs, exponents } = valueAdded[j];
    return scale(prodPow(tabulate(hs.length, (k) => scale(pf[hs[k]][j], 1 / p.beta[hs[k]][j])), exponents), 1 / p.b[j]);
  });
  const axColumns = columns(p.ax);
  const pz = tabulate(N, (j) => add(scale(py[j], p.ay[j]), lincomb(pq, axColumns[j])));

  // Quantities: production, factor demand, CET supply, Armington demand.
  const Y = tabulate(N, (j) => scale(Z[j], p.ay[j]));
  // Intermediate flows enter the conditions only through Σ_j X_ij (a lincomb below), so they are kept as plain values.
  const X = tabulate(N, (i) => tabulate(N, (j) => val(Z[j]) * p.ax[i][j]));
  const F = tabulate(H, (h) => tabulate(N, (j) => (p.beta[h][j] > 0 ? div(mul(scale(py[j], p.beta[h][j]), Y[j]), pf[h][j]) : 0)));
  const cet = (share: number, i: number, price: Num): Num => {
    if (share === 0) return 0;
    const phi = p.phi[i];
    const ratio = div(scale(pz[i], Math.pow(p.theta[i], phi) * share * (1 + exo.tauz[i])), price);
    return mul(pow(ratio, 1 / (1 - phi)), Z[i]);
  };
  const E = tabulate(N, (i) => cet(p.xie[i], i, pe[i]));
  const D = tabulate(N, (i) => cet(p.xid[i], i, pd[i]));
  const Q = tabulate(N, (i) => {
    const eta = p.eta[i];
    return div(D[i], pow(div(scale(pq[i], Math.pow(p.gamma[i], eta) * p.deltad[i]), pd[i]), 1 / (1 - eta)));
  });
  const M = tabulate(N, (i) => {
    if (actives[i].length === 0) return 0;
    const eta = p.eta[i];
    return mul(pow(div(scale(pq[i], Math.pow(p.gamma[i], eta) * p.deltam[i]), PM[i]), 1 / (1 - eta)), Q[i]);
  });
  const Ms = tabulate(S, (s) => tabulate(N, (i) => {
    const act = actives[i];
    if (!act.includes(s)) return 0;
    if (act.length === 1) return M[i];
    const rho = (p.sigmaSources[i] - 1) / p.sigmaSources[i];
    return mul(pow(div(scale(PM[i], Math.pow(p.gammaM[i], rho) * p.dS[s][i]), pms[s][i]), 1 / (1 - rho)), M[i]);
  }));

  // Incomes, taxes and final demand.
  const Tz = tabulate(N, (j) => mul(scale(pz[j], exo.tauz[j]), Z[j]));
  const Tm = tabulate(S, (s) => tabulate(N, (i) => mul(scale(pm[s][i], exo.taum[s][i]), Ms[s][i])));
  const income = sum(m.factors.flatMap((_, h) => tabulate(N, (j) => mul(pf[h][j], F[h][j]))));
  const taxes = sum([...Tz, ...Tm.flat()]);
  let Td: Num;
  let Sg: Num;
  let Xg: Num[];
  if (m.government === "fixed-tax-rates") {
    Td = scale(income, p.taud);
    const revenue = add(Td, taxes);
    Sg = scale(revenue, p.ssg);
    const spend = sub(revenue, Sg);
    Xg = tabulate(N, (i) => div(scale(spend, p.mu[i]), pq[i]));
  } else {
    Xg = exo.Xg.slice();
    Sg = 0;
    Td = sub(sum(tabulate(N, (i) => scale(pq[i], exo.Xg[i]))), taxes);
  }
  const savingBase = m.saving === "gross-income" ? income : sub(income, Td);
  const Sp = mul(scale(savingBase, p.ssp), sspScale);
  const consumption = sub(sub(income, Sp), Td);
  const Xp = tabulate(N, (i) => div(scale(consumption, p.alpha[i]), pq[i]));
  const Stotal = sum([Sp, Sg, mul(eps, Sf)]);
  const Xv = L.investmentDriven ? exo.Xv.slice() : tabulate(N, (i) => div(scale(Stotal, p.lambda[i]), pq[i]));

  // Core conditions, each scaled by a base magnitude.
  const conditions = tagged<Num>();
  for (const i of sectors) {
    const phi = p.phi[i];
    const agg = scale(pow(add(scale(pow(E[i], phi), p.xie[i]), scale(pow(D[i], phi), p.xid[i])), 1 / phi), p.theta[i]);
    conditions.push(scale(sub(Z[i], agg), 1 / b.Z[i]));
  }
  for (const i of sectors) {
    if (i === L.dropped) continue;
    const demand = sum([Xp[i], Xg[i], Xv[i], lincomb(Z, p.ax[i])]);
    conditions.push(scale(sub(Q[i], demand), 1 / b.Q[i]));
  }
  for (let h = 0; h < H; h++) {
    if (m.specific[h]) {
      for (const j of sectors) {
        if (L.pfs[h][j] !== null) conditions.push(scale(sub(F[h][j], exo.FFs[h][j]), 1 / b.F[h][j]));
      }
    } else {
      conditions.push(scale(sub(sum(F[h]), FFmobile[h]), 1 / b.FF[h]));
    }
  }
  const importCost = sum(m.sources.flatMap((_, s) => tabulate(N, (i) => scale(Ms[s][i], exo.pWm[s][i] * (1 + exo.ntb[s][i])))));
  const exportEarnings = sum(tabulate(N, (i) => scale(E[i], exo.pWe[i])));
  const bopScale = b.M.reduce((a, v) => a + v, 0) || 1;
  conditions.push(scale(sub(add(exportEarnings, Sf), importCost), 1 / bopScale));
  if (L.priceIndexNumeraire) {
    conditions.push(sub(sum(tabulate(N, (i) => scale(pq[i], p.weights[i]))), exo.priceIndex));
  }
  if (L.investmentDriven) {
    const spent = sum(tabulate(N, (i) => scale(pq[i], exo.Xv[i])));
    conditions.push(scale(sub(spent, Stotal), 1 / (b.S || 1)));
  }

  const FF = tabulate(H, (h) => (m.specific[h] ? sum(F[h]) : FFmobile[h]));
  return {
    levels: { Y, Z, py, pz, pq, pd, pe, PM, Xp, Xg, Xv, E, D, Q, M, Tz, X, F, pf, FF, Ms, pm, pms, Tm, eps, Sf, Sp, Sg, Td, S: Stotal, sspScale, income },
    conditions,
  };
}

/** Levels as plain numbers (drops dual gradients). */
export function values(l: Levels<Num>): Levels {
  const v1 = (a: Num[]) => {
    // Double arrays (see doubles.ts), whatever the values: one layout for the code that reads levels.
    const out = doubles([]);
    for (let i = 0; i < a.length; i++) out.push(val(a[i]));
    return out;
  };
  const v2 = (a: Num[][]) => {
    const out: number[][] = [];
    for (let i = 0; i < a.length; i++) out.push(v1(a[i]));
    return out;
  };
  return {
    Y: v1(l.Y), Z: v1(l.Z), py: v1(l.py), pz: v1(l.pz), pq: v1(l.pq), pd: v1(l.pd), pe: v1(l.pe), PM: v1(l.PM),
    Xp: v1(l.Xp), Xg: v1(l.Xg), Xv: v1(l.Xv), E: v1(l.E), D: v1(l.D), Q: v1(l.Q), M: v1(l.M), Tz: v1(l.Tz),
    X: v2(l.X), F: v2(l.F), pf: v2(l.pf), FF: v1(l.FF), Ms: v2(l.Ms), pm: v2(l.pm), pms: v2(l.pms), Tm: v2(l.Tm),
    eps: val(l.eps), Sf: val(l.Sf), Sp: val(l.Sp), Sg: val(l.Sg), Td: val(l.Td), S: val(l.S), sspScale: val(l.sspScale), income: val(l.income),
  };
}
