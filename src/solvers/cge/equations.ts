/**
 * The published equations, written literally (primal form, GAMS names), evaluated at
 * given levels. The solver works on a reduced system; this module checks any solution
 * against every equation of STDCGE/DYNCGE as published, and names the worst ones.
 * Source: GAMS model library STDCGE (SEQ=276) and DYNCGE (SEQ=410), Hosoe, Gasawa &
 * Hashimoto, Textbook of Computable General Equilibrium Modelling (2010), ch. 6 and 12.
 */
import type { Closure } from "./closures";
import type { CgeModel, Exogenous, Levels } from "./model";
import { powerMeanOfNumbers } from "./dual";
import { doublesOf } from "./doubles";

/** One published equation at given levels: left − right, and that relative to the larger side. */
export interface PublishedResidual {
  name: string;
  residual: number;
  relative: number;
  /** max(|left|, |right|): the magnitude `relative` divides by. */
  size: number;
}

const sumOf = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

/** Residuals of every published equation, in GAMS order (see the model.ts header for the formulas). */
export function publishedResiduals(m: CgeModel, exo: Exogenous, c: Closure, l: Levels): PublishedResidual[] {
  const out: PublishedResidual[] = [];
  visitPublished(m, exo, c, l, (name, a, b, lhs, rhs) => {
    const r = lhs - rhs;
    const size = Math.max(Math.abs(lhs), Math.abs(rhs));
    out.push({ name: equationName(name, a, b), residual: r, relative: r / Math.max(size, 1e-300), size });
  });
  return out;
}

/** An equation's name from its base name and index labels, e.g. `eqX[AGR,MAN]`. */
function equationName(name: string, a: string | null, b: string | null): string {
  return a === null ? name : b === null ? `${name}[${a}]` : `${name}[${a},${b}]`;
}

/** The published equation with the largest relative residual (the first of equals), and the largest magnitude of any (NaN counts as infinite). */
export interface WorstPublished {
  worst: PublishedResidual;
  largest: number;
}

/**
 * The worst published residual, as `publishedResiduals(…).reduce` by |relative| would give it,
 * without naming every equation: what a solve checks every solution with.
 */
export function worstPublished(m: CgeModel, exo: Exogenous, c: Closure, l: Levels): WorstPublished {
  let name = "", a: string | null = null, b: string | null = null, first = true;
  // residual, relative, size of the worst so far and the largest magnitude, in a typed array: numbers the
  // closure below kept in variables of its own would be allocated anew at every write.
  const worst = Float64Array.of(NaN, NaN, NaN, 0);
  visitPublished(m, exo, c, l, (n, x, y, lhs, rhs) => {
    const r = lhs - rhs;
    const s = Math.max(Math.abs(lhs), Math.abs(rhs));
    const rel = r / Math.max(s, 1e-300);
    const magnitude = Number.isFinite(rel) ? Math.abs(rel) : Infinity;
    if (magnitude > worst[3]) worst[3] = magnitude;
    if (first || Math.abs(rel) > Math.abs(worst[1])) {
      first = false;
      name = n; a = x; b = y; worst[0] = r; worst[1] = rel; worst[2] = s;
    }
  });
  return { worst: { name: equationName(name, a, b), residual: worst[0], relative: worst[1], size: worst[2] }, largest: worst[3] };
}

/**
 * Scratch of the published import nests: source imports (or the Armington pair) and their share weights,
 * grown as needed (visiting one good's nest calls nothing that uses it meanwhile).
 */
let nestBases = new Float64Array(8);
let nestWeights = doublesOf(8, () => 0);

/** The nest scratch, long enough for `count` terms. */
function nestScratch(count: number): Float64Array {
  if (nestBases.length < count) {
    nestBases = new Float64Array(2 * count);
    nestWeights = doublesOf(2 * count, () => 0);
  }
  return nestBases;
}

/**
 * CET supply of good i to exports (`exports`) or the domestic market at the levels' prices, as eqE and
 * eqDs write it: (θ^φ·share·(1+τz)·pz / price)^(1/(1−φ))·Z.
 */
function cetSupply(p: CgeModel["params"], exo: Exogenous, l: Levels, i: number, exports: boolean): number {
  const phi = p.phi[i];
  const share = exports ? p.xie[i] : p.xid[i];
  const price = exports ? l.pe[i] : l.pd[i];
  return Math.pow((Math.pow(p.theta[i], phi) * share * (1 + exo.tauz[i]) * l.pz[i]) / price, 1 / (1 - phi)) * l.Z[i];
}

/**
 * Calls `eq` with every published equation's name, index labels and two sides, in GAMS order.
 * Loops rather than `map`/`forEach` and sums without temporary arrays: this runs once per solve,
 * every scenario of a sweep (the sums add the same terms in the same order as the `reduce` they replace).
 */
function visitPublished(m: CgeModel, exo: Exogenous, c: Closure, l: Levels,
  eq: (name: string, a: string | null, b: string | null, lhs: number, rhs: number) => void): void {
  const p = m.params;
  const S = m.sectors;
  const F = m.factors;
  const n = S.length;
  const H = F.length;
  const sources = m.sources.length;
  const Tz = sumOf(l.Tz);
  let Tm = 0;
  for (let k = 0; k < sources; k++) for (let i = 0; i < n; i++) Tm += l.Tm[k][i];
  let income = 0;
  for (let h = 0; h < H; h++) for (let j = 0; j < n; j++) income += l.pf[h][j] * l.F[h][j];
  for (let j = 0; j < n; j++) {
    let prod = p.b[j];
    for (let h = 0; h < H; h++) if (p.beta[h][j] > 0) prod *= Math.pow(l.F[h][j], p.beta[h][j]);
    eq("eqpy", S[j], null, l.Y[j], prod);
    for (let h = 0; h < H; h++) {
      if (p.beta[h][j] > 0) eq("eqF", F[h], S[j], l.F[h][j], (p.beta[h][j] * l.py[j] * l.Y[j]) / l.pf[h][j]);
    }
    for (let i = 0; i < n; i++) eq("eqX", S[i], S[j], l.X[i][j], p.ax[i][j] * l.Z[j]);
    eq("eqY", S[j], null, l.Y[j], p.ay[j] * l.Z[j]);
    let inputs = 0;
    for (let i = 0; i < n; i++) inputs += p.ax[i][j] * l.pq[i];
    eq("eqpzs", S[j], null, l.pz[j], p.ay[j] * l.py[j] + inputs);
  }
  if (m.government === "fixed-tax-rates") eq("eqTd", null, null, l.Td, p.taud * income);
  else {
    let spent = 0;
    for (let i = 0; i < n; i++) spent += l.pq[i] * l.Xg[i];
    eq("eqTd", null, null, l.Td, spent - Tz - Tm);
  }
  for (let j = 0; j < n; j++) eq("eqTz", S[j], null, l.Tz[j], exo.tauz[j] * l.pz[j] * l.Z[j]);
  for (let k = 0; k < sources; k++) {
    for (let i = 0; i < n; i++) eq("eqTm", m.sources[k], S[i], l.Tm[k][i], exo.taum[k][i] * l.pm[k][i] * l.Ms[k][i]);
  }
  for (let i = 0; i < n; i++) {
    if (m.government === "fixed-tax-rates") eq("eqXg", S[i], null, l.Xg[i], (p.mu[i] * (l.Td + Tz + Tm - l.Sg)) / l.pq[i]);
    else eq("eqXg", S[i], null, l.Xg[i], exo.Xg[i]);
    if (c.investment === "savings-driven") eq("eqXv", S[i], null, l.Xv[i], (p.lambda[i] * (l.Sp + l.Sg + l.eps * l.Sf)) / l.pq[i]);
    else eq("eqXv", S[i], null, l.Xv[i], exo.Xv[i]);
  }
  eq("eqSp", null, null, l.Sp, p.ssp * l.sspScale * (m.saving === "gross-income" ? income : income - l.Td));
  if (m.government === "fixed-tax-rates") eq("eqSg", null, null, l.Sg, p.ssg * (l.Td + Tz + Tm));
  for (let i = 0; i < n; i++) eq("eqXp", S[i], null, l.Xp[i], (p.alpha[i] * (income - l.Sp - l.Td)) / l.pq[i]);
  for (let i = 0; i < n; i++) {
    eq("eqpe", S[i], null, l.pe[i], l.eps * exo.pWe[i]);
    for (let k = 0; k < sources; k++) eq("eqpm", m.sources[k], S[i], l.pm[k][i], l.eps * exo.pWm[k][i] * (1 + exo.ntb[k][i]));
  }
  let earnings = 0;
  for (let i = 0; i < n; i++) earnings += exo.pWe[i] * l.E[i];
  let payments = 0;
  for (let k = 0; k < sources; k++) for (let i = 0; i < n; i++) payments += exo.pWm[k][i] * (1 + exo.ntb[k][i]) * l.Ms[k][i];
  eq("eqepsilon", null, null, earnings + l.Sf, payments);
  for (let i = 0; i < n; i++) {
    const eta = p.eta[i];
    // The sources with base imports of good i (as `activeSources`) and the first of them.
    let active = 0, first = -1;
    for (let k = 0; k < sources; k++) {
      if (p.dS[k][i] > 0) {
        if (active === 0) first = k;
        active++;
      }
    }
    if (active > 0) {
      // γ(δm M^η + δd D^η)^(1/η), δm + δd = 1, evaluated as a power mean (exact at η = 0).
      const pair = nestScratch(2);
      pair[0] = l.M[i];
      pair[1] = l.D[i];
      nestWeights[0] = p.deltam[i];
      nestWeights[1] = p.deltad[i];
      eq("eqpqs", S[i], null, l.Q[i], p.gamma[i] * powerMeanOfNumbers(pair, nestWeights, eta, 2));
      eq("eqM", S[i], null, l.M[i], Math.pow((Math.pow(p.gamma[i], eta) * p.deltam[i] * l.pq[i]) / l.PM[i], 1 / (1 - eta)) * l.Q[i]);
    } else {
      eq("eqpqs", S[i], null, l.Q[i], p.gamma[i] * l.D[i]); // δd = 1 without imports
    }
    eq("eqD", S[i], null, l.D[i], Math.pow((Math.pow(p.gamma[i], eta) * p.deltad[i] * l.pq[i]) / l.pd[i], 1 / (1 - eta)) * l.Q[i]);
    if (active === 1) {
      eq("eqPM", S[i], null, l.PM[i], (1 + exo.taum[first][i]) * l.pm[first][i]);
    } else if (active > 1) {
      const rho = (p.sigmaSources[i] - 1) / p.sigmaSources[i];
      const imports = nestScratch(active);
      let a = 0;
      for (let k = 0; k < sources; k++) {
        if (!(p.dS[k][i] > 0)) continue;
        imports[a] = l.Ms[k][i];
        nestWeights[a] = p.dS[k][i];
        a++;
      }
      eq("eqPM", S[i], null, l.M[i], p.gammaM[i] * powerMeanOfNumbers(imports, nestWeights, rho, active));
      for (let k = 0; k < sources; k++) {
        if (!(p.dS[k][i] > 0)) continue;
        eq("eqMs", m.sources[k], S[i], l.Ms[k][i],
          Math.pow((Math.pow(p.gammaM[i], rho) * p.dS[k][i] * l.PM[i]) / ((1 + exo.taum[k][i]) * l.pm[k][i]), 1 / (1 - rho)) * l.M[i]);
      }
    }
    const phi = p.phi[i];
    eq("eqpzd", S[i], null, l.Z[i], p.theta[i] * Math.pow(p.xie[i] * Math.pow(l.E[i], phi) + p.xid[i] * Math.pow(l.D[i], phi), 1 / phi));
    eq("eqE", S[i], null, l.E[i], p.xie[i] > 0 ? cetSupply(p, exo, l, i, true) : 0);
    eq("eqDs", S[i], null, l.D[i], cetSupply(p, exo, l, i, false));
    eq("eqpqd", S[i], null, l.Q[i], l.Xp[i] + l.Xg[i] + l.Xv[i] + sumOf(l.X[i]));
  }
  for (let h = 0; h < H; h++) {
    if (m.specific[h]) {
      for (let j = 0; j < n; j++) {
        if (m.base.F[h][j] > 0) eq("eqpf", F[h], S[j], l.F[h][j], exo.FFs[h][j]);
      }
    } else {
      eq("eqpf", F[h], null, sumOf(l.F[h]), l.FF[h]);
      for (let j = 0; j < n; j++) eq("eqpf2", F[h], S[j], l.pf[h][j], l.pf[h][0]);
    }
  }
  if (c.numeraire.kind === "price-index") {
    let index = 0;
    for (let i = 0; i < n; i++) index += p.weights[i] * l.pq[i];
    eq("eqPRICE", null, null, index, exo.priceIndex);
  }
}
