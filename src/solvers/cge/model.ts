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
import { add, div, lincomb, mul, pow, powerMeanOf, prodPowOf, scale, sub, sum, sumOf, val, type Num } from "./dual";
import { doubles, rows } from "./doubles";
import { workspaceFor, type Workspace } from "./workspace";

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
  /** [good][sector]: plain numbers even among duals (they enter the conditions only through Σ_j ax_ij Z_j). */
  X: number[][];
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
 *
 * The levels and conditions returned are the layout's workspace (see workspace.ts): valid until
 * the next evaluation with the same layout, which overwrites them. Copy out what you keep (`values`).
 */
export function evaluate(m: CgeModel, exo: Exogenous, L: Layout, x: readonly Num[]): { levels: Levels<Num>; conditions: Num[] } {
  const ws = workspaceFor(L, m.sectors.length, m.factors.length, m.sources.length);
  readUnknowns(ws, m, exo, L, x);
  // Prices follow from the exchange rate, domestic prices and factor prices through cost functions.
  prices(ws, m, exo);
  // Quantities: production, factor demand, CET supply, Armington demand.
  quantities(ws, m, exo);
  // Incomes, taxes and final demand.
  incomesAndDemand(ws, m, exo, L);
  // Core conditions, each scaled by a base magnitude.
  coreConditions(ws, m, exo, L);
  return ws.result;
}

/** The unknown at index k, or the fixed value when the closure has no such unknown. */
function pick(x: readonly Num[], k: number | null, fallback: number): Num {
  return k === null ? fallback : x[k];
}

/** pd, Z, ε, Sf, the saving-rate scale, factor prices and mobile factor supplies: unknowns or fixed values. */
function readUnknowns(ws: Workspace, m: CgeModel, exo: Exogenous, L: Layout, x: readonly Num[]): void {
  const l = ws.levels;
  const N = ws.N;
  for (let i = 0; i < N; i++) l.pd[i] = x[L.pd[i]];
  for (let i = 0; i < N; i++) l.Z[i] = x[L.Z[i]];
  l.eps = pick(x, L.eps, exo.eps);
  l.Sf = pick(x, L.Sf, exo.Sf);
  l.sspScale = pick(x, L.sspScale, 1);
  for (let h = 0; h < ws.H; h++) {
    const pf = l.pf[h];
    for (let j = 0; j < N; j++) pf[j] = m.specific[h] ? pick(x, L.pfs[h][j], exo.pf[h]) : pick(x, L.pf[h], exo.pf[h]);
  }
  for (let h = 0; h < ws.H; h++) ws.FFmobile[h] = pick(x, L.FF[h], exo.FF[h]);
}

/** Per good, the sources with base imports of it (as `activeSources`), into the workspace. */
function findSources(ws: Workspace, p: Parameters): void {
  const { N, S } = ws;
  for (let i = 0; i < N; i++) {
    let count = 0;
    for (let s = 0; s < S; s++) if (p.dS[s][i] > 0) ws.sources[i * S + count++] = s;
    ws.sourceCount[i] = count;
  }
}

/** pe, pm, pms (world prices at the exchange rate, with NTB costs and tariffs), PM, pq, py and pz. */
function prices(ws: Workspace, m: CgeModel, exo: Exogenous): void {
  const p = m.params;
  const l = ws.levels;
  const { N, S } = ws;
  const { pd, pq, py, PM } = l;
  for (let i = 0; i < N; i++) l.pe[i] = scale(l.eps, exo.pWe[i]);
  for (let s = 0; s < S; s++) for (let i = 0; i < N; i++) l.pm[s][i] = scale(l.eps, exo.pWm[s][i] * (1 + exo.ntb[s][i]));
  for (let s = 0; s < S; s++) for (let i = 0; i < N; i++) l.pms[s][i] = scale(l.pm[s][i], 1 + exo.taum[s][i]);
  findSources(ws, p);
  for (let i = 0; i < N; i++) PM[i] = ws.sourceCount[i] > 0 ? importPrice(ws, p, i) : 0;
  for (let i = 0; i < N; i++) {
    const sig = p.sigma[i];
    // Without imports δd = 1 and Q = γ·D, so pq = pd/γ.
    if (ws.sourceCount[i] === 0) {
      pq[i] = scale(pd[i], 1 / p.gamma[i]);
      continue;
    }
    // (δm^σ PM^(1−σ) + δd^σ pd^(1−σ))^(1/(1−σ)) / γ as a power mean (exact at σ = 1, see `powerMean`).
    ws.bases[0] = scale(PM[i], 1 / p.deltam[i]);
    ws.bases[1] = scale(pd[i], 1 / p.deltad[i]);
    ws.weights[0] = p.deltam[i];
    ws.weights[1] = p.deltad[i];
    pq[i] = scale(powerMeanOf(ws.bases, ws.weights, 1 - sig, 2), 1 / p.gamma[i]);
  }
  const valueAdded = factorShares(p.beta, N);
  for (let j = 0; j < N; j++) {
    const { factors: hs, exponents } = valueAdded[j];
    for (let k = 0; k < hs.length; k++) ws.bases[k] = scale(l.pf[hs[k]][j], 1 / p.beta[hs[k]][j]);
    py[j] = scale(prodPowOf(ws.bases, exponents, hs.length), 1 / p.b[j]);
  }
  const axColumns = columns(p.ax);
  for (let j = 0; j < N; j++) l.pz[j] = add(scale(py[j], p.ay[j]), lincomb(pq, axColumns[j]));
}

/** Import composite price PM_i: the tariff-inclusive source price, or the CES unit cost over sources. */
function importPrice(ws: Workspace, p: Parameters, i: number): Num {
  const pms = ws.levels.pms;
  const count = ws.sourceCount[i];
  const first = i * ws.S;
  if (count === 1) return pms[ws.sources[first]][i];
  // (Σ dS^σ pms^(1−σ))^(1/(1−σ)) / γM, as a power mean of pms/dS so that σ → 1 takes the exact Cobb–Douglas limit.
  const sig = p.sigmaSources[i];
  for (let k = 0; k < count; k++) ws.bases[k] = scale(pms[ws.sources[first + k]][i], 1 / p.dS[ws.sources[first + k]][i]);
  for (let k = 0; k < count; k++) ws.weights[k] = p.dS[ws.sources[first + k]][i];
  return scale(powerMeanOf(ws.bases, ws.weights, 1 - sig, count), 1 / p.gammaM[i]);
}

/**
 * CET supply of good i to exports (`exports`) or the domestic market: (θ^φ·share·(1+τz)·pz / price)^(1/(1−φ))·Z,
 * or 0 for a zero share. Share and price are read here, not passed: see `make` in dual.ts.
 */
function cet(p: Parameters, exo: Exogenous, l: Levels<Num>, i: number, exports: boolean): Num {
  const share = exports ? p.xie[i] : p.xid[i];
  if (share === 0) return 0;
  const phi = p.phi[i];
  const ratio = div(scale(l.pz[i], Math.pow(p.theta[i], phi) * share * (1 + exo.tauz[i])), exports ? l.pe[i] : l.pd[i]);
  return mul(pow(ratio, 1 / (1 - phi)), l.Z[i]);
}

/** Y, X, F (production and factor demand), E, D (CET supply), Q, M (Armington demand) and Ms (imports by source). */
function quantities(ws: Workspace, m: CgeModel, exo: Exogenous): void {
  const p = m.params;
  const l = ws.levels;
  const { N, H, S } = ws;
  const { Z, Y, py, pq, pd, PM, D, Q, M } = l;
  for (let j = 0; j < N; j++) Y[j] = scale(Z[j], p.ay[j]);
  // Intermediate flows enter the conditions only through Σ_j X_ij (a lincomb below), so they are kept as plain values.
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) l.X[i][j] = val(Z[j]) * p.ax[i][j];
  for (let h = 0; h < H; h++) {
    const F = l.F[h];
    for (let j = 0; j < N; j++) F[j] = p.beta[h][j] > 0 ? div(mul(scale(py[j], p.beta[h][j]), Y[j]), l.pf[h][j]) : 0;
  }
  for (let i = 0; i < N; i++) l.E[i] = cet(p, exo, l, i, true);
  for (let i = 0; i < N; i++) D[i] = cet(p, exo, l, i, false);
  for (let i = 0; i < N; i++) {
    const eta = p.eta[i];
    Q[i] = div(D[i], pow(div(scale(pq[i], Math.pow(p.gamma[i], eta) * p.deltad[i]), pd[i]), 1 / (1 - eta)));
  }
  for (let i = 0; i < N; i++) {
    if (ws.sourceCount[i] === 0) {
      M[i] = 0;
      continue;
    }
    const eta = p.eta[i];
    M[i] = mul(pow(div(scale(pq[i], Math.pow(p.gamma[i], eta) * p.deltam[i]), PM[i]), 1 / (1 - eta)), Q[i]);
  }
  for (let s = 0; s < S; s++) {
    const Ms = l.Ms[s];
    for (let i = 0; i < N; i++) {
      if (!(p.dS[s][i] > 0)) Ms[i] = 0;
      else if (ws.sourceCount[i] === 1) Ms[i] = M[i];
      else {
        const rho = (p.sigmaSources[i] - 1) / p.sigmaSources[i];
        Ms[i] = mul(pow(div(scale(PM[i], Math.pow(p.gammaM[i], rho) * p.dS[s][i]), l.pms[s][i]), 1 / (1 - rho)), M[i]);
      }
    }
  }
}

/** Taxes (Tz, Tm), factor income, government (Td, Sg, Xg), saving (Sp, S) and final demand (Xp, Xv). */
function incomesAndDemand(ws: Workspace, m: CgeModel, exo: Exogenous, L: Layout): void {
  const p = m.params;
  const l = ws.levels;
  const { N, H, S, terms } = ws;
  const { pq, Xg } = l;
  for (let j = 0; j < N; j++) l.Tz[j] = mul(scale(l.pz[j], exo.tauz[j]), l.Z[j]);
  for (let s = 0; s < S; s++) for (let i = 0; i < N; i++) l.Tm[s][i] = mul(scale(l.pm[s][i], exo.taum[s][i]), l.Ms[s][i]);
  let count = 0;
  for (let h = 0; h < H; h++) for (let j = 0; j < N; j++) terms[count++] = mul(l.pf[h][j], l.F[h][j]);
  const income = sumOf(terms, count);
  count = 0;
  for (let j = 0; j < N; j++) terms[count++] = l.Tz[j];
  for (let s = 0; s < S; s++) for (let i = 0; i < N; i++) terms[count++] = l.Tm[s][i];
  const taxes = sumOf(terms, count);
  let Td: Num;
  let Sg: Num;
  if (m.government === "fixed-tax-rates") {
    Td = scale(income, p.taud);
    const revenue = add(Td, taxes);
    Sg = scale(revenue, p.ssg);
    const spend = sub(revenue, Sg);
    for (let i = 0; i < N; i++) Xg[i] = div(scale(spend, p.mu[i]), pq[i]);
  } else {
    for (let i = 0; i < N; i++) Xg[i] = exo.Xg[i];
    Sg = 0;
    for (let i = 0; i < N; i++) terms[i] = scale(pq[i], exo.Xg[i]);
    Td = sub(sumOf(terms, N), taxes);
  }
  const savingBase = m.saving === "gross-income" ? income : sub(income, Td);
  const Sp = mul(scale(savingBase, p.ssp), l.sspScale);
  const consumption = sub(sub(income, Sp), Td);
  for (let i = 0; i < N; i++) l.Xp[i] = div(scale(consumption, p.alpha[i]), pq[i]);
  terms[0] = Sp;
  terms[1] = Sg;
  terms[2] = mul(l.eps, l.Sf);
  const Stotal = sumOf(terms, 3);
  if (L.investmentDriven) for (let i = 0; i < N; i++) l.Xv[i] = exo.Xv[i];
  else for (let i = 0; i < N; i++) l.Xv[i] = div(scale(Stotal, p.lambda[i]), pq[i]);
  l.income = income;
  l.Td = Td;
  l.Sg = Sg;
  l.Sp = Sp;
  l.S = Stotal;
}

/** The core conditions (eqpzd, eqpqd but the dropped one, eqpf, eqepsilon, and eqPRICE, eqSI by closure), and FF. */
function coreConditions(ws: Workspace, m: CgeModel, exo: Exogenous, L: Layout): void {
  const p = m.params;
  const b = m.base;
  const l = ws.levels;
  const { N, H, S, terms, conditions } = ws;
  const { E, D, Z, Q, F, pq } = l;
  let k = 0;
  for (let i = 0; i < N; i++) {
    const phi = p.phi[i];
    const agg = scale(pow(add(scale(pow(E[i], phi), p.xie[i]), scale(pow(D[i], phi), p.xid[i])), 1 / phi), p.theta[i]);
    conditions[k++] = scale(sub(Z[i], agg), 1 / b.Z[i]);
  }
  for (let i = 0; i < N; i++) {
    if (i === L.dropped) continue;
    terms[0] = l.Xp[i];
    terms[1] = l.Xg[i];
    terms[2] = l.Xv[i];
    terms[3] = lincomb(Z, p.ax[i]);
    conditions[k++] = scale(sub(Q[i], sumOf(terms, 4)), 1 / b.Q[i]);
  }
  for (let h = 0; h < H; h++) {
    if (m.specific[h]) {
      for (let j = 0; j < N; j++) {
        if (L.pfs[h][j] !== null) conditions[k++] = scale(sub(F[h][j], exo.FFs[h][j]), 1 / b.F[h][j]);
      }
    } else {
      conditions[k++] = scale(sub(sum(F[h]), ws.FFmobile[h]), 1 / b.FF[h]);
    }
  }
  let count = 0;
  for (let s = 0; s < S; s++) for (let i = 0; i < N; i++) terms[count++] = scale(l.Ms[s][i], exo.pWm[s][i] * (1 + exo.ntb[s][i]));
  const importCost = sumOf(terms, count);
  for (let i = 0; i < N; i++) terms[i] = scale(E[i], exo.pWe[i]);
  const exportEarnings = sumOf(terms, N);
  let imports = 0;
  for (let i = 0; i < b.M.length; i++) imports += b.M[i];
  const bopScale = imports || 1;
  conditions[k++] = scale(sub(add(exportEarnings, l.Sf), importCost), 1 / bopScale);
  if (L.priceIndexNumeraire) {
    for (let i = 0; i < N; i++) terms[i] = scale(pq[i], p.weights[i]);
    conditions[k++] = sub(sumOf(terms, N), exo.priceIndex);
  }
  if (L.investmentDriven) {
    for (let i = 0; i < N; i++) terms[i] = scale(pq[i], exo.Xv[i]);
    conditions[k++] = scale(sub(sumOf(terms, N), l.S), 1 / (b.S || 1));
  }
  if (k !== conditions.length) throw new Error(`internal: ${k} core conditions for ${conditions.length} equations`);
  for (let h = 0; h < H; h++) l.FF[h] = m.specific[h] ? sum(F[h]) : ws.FFmobile[h];
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
    X: numberRows(l.X), F: v2(l.F), pf: v2(l.pf), FF: v1(l.FF), Ms: v2(l.Ms), pm: v2(l.pm), pms: v2(l.pms), Tm: v2(l.Tm),
    eps: val(l.eps), Sf: val(l.Sf), Sp: val(l.Sp), Sg: val(l.Sg), Td: val(l.Td), S: val(l.S), sspScale: val(l.sspScale), income: val(l.income),
  };
}

/**
 * A copy of rows of plain numbers (the intermediate flows X), by a read site of its own. V8 converts
 * the double rows a polymorphic read site also sees tagged arrays at to tagged elements, after which
 * every number written to them (each evaluation writes X) is boxed: `v1` in `values` reads tagged level arrays.
 */
function numberRows(a: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i++) {
    const row = a[i];
    const copy = doubles([]);
    for (let j = 0; j < row.length; j++) copy.push(row[j]);
    out.push(copy);
  }
  return out;
}
