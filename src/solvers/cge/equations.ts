/**
 * The published equations, written literally (primal form, GAMS names), evaluated at
 * given levels. The solver works on a reduced system; this module checks any solution
 * against every equation of STDCGE/DYNCGE as published, and names the worst ones.
 * Source: GAMS model library STDCGE (SEQ=276) and DYNCGE (SEQ=410), Hosoe, Gasawa &
 * Hashimoto, Textbook of Computable General Equilibrium Modelling (2010), ch. 6 and 12.
 */
import type { Closure } from "./closures";
import type { CgeModel, Exogenous, Levels } from "./model";
import { activeSources } from "./model";
import { powerMean } from "./dual";
import { doublesOf, tabulate } from "./doubles";

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
  let name = "", a: string | null = null, b: string | null = null;
  let residual = NaN, relative = NaN, size = NaN, largest = 0, first = true;
  visitPublished(m, exo, c, l, (n, x, y, lhs, rhs) => {
    const r = lhs - rhs;
    const s = Math.max(Math.abs(lhs), Math.abs(rhs));
    const rel = r / Math.max(s, 1e-300);
    const magnitude = Number.isFinite(rel) ? Math.abs(rel) : Infinity;
    if (magnitude > largest) largest = magnitude;
    if (first || Math.abs(rel) > Math.abs(relative)) {
      first = false;
      name = n; a = x; b = y; residual = r; relative = rel; size = s;
    }
  });
  return { worst: { name: equationName(name, a, b), residual, relative, size }, largest };
}

/** Calls `eq` with every published equation's name, index labels and two sides, in GAMS order. */
function visitPublished(m: CgeModel, exo: Exogenous, c: Closure, l: Levels,
  eq: (name: string, a: string | null, b: string | null, lhs: number, rhs: number) => void): void {
  const p = m.params;
  const S = m.sectors;
  // Index and term arrays by tabulate and doublesOf: one layout whether or not this code is optimised (see doubles.ts).
  const n = S.length;
  const idx = tabulate(n, (i) => i);
  const Tz = sumOf(l.Tz);
  const Tm = sumOf(l.Tm.flat());
  const income = sumOf(m.factors.flatMap((_, h) => idx.map((j) => l.pf[h][j] * l.F[h][j])));
  idx.forEach((j) => {
    let prod = p.b[j];
    m.factors.forEach((_, h) => {
      if (p.beta[h][j] > 0) prod *= Math.pow(l.F[h][j], p.beta[h][j]);
    });
    eq("eqpy", S[j], null, l.Y[j], prod);
    m.factors.forEach((f, h) => {
      if (p.beta[h][j] > 0) eq("eqF", f, S[j], l.F[h][j], (p.beta[h][j] * l.py[j] * l.Y[j]) / l.pf[h][j]);
    });
    idx.forEach((i) => eq("eqX", S[i], S[j], l.X[i][j], p.ax[i][j] * l.Z[j]));
    eq("eqY", S[j], null, l.Y[j], p.ay[j] * l.Z[j]);
    eq("eqpzs", S[j], null, l.pz[j], p.ay[j] * l.py[j] + sumOf(doublesOf(n, (i) => p.ax[i][j] * l.pq[i])));
  });
  if (m.government === "fixed-tax-rates") eq("eqTd", null, null, l.Td, p.taud * income);
  else eq("eqTd", null, null, l.Td, sumOf(doublesOf(n, (i) => l.pq[i] * l.Xg[i])) - Tz - Tm);
  idx.forEach((j) => eq("eqTz", S[j], null, l.Tz[j], exo.tauz[j] * l.pz[j] * l.Z[j]));
  m.sources.forEach((s, k) => idx.forEach((i) => eq("eqTm", s, S[i], l.Tm[k][i], exo.taum[k][i] * l.pm[k][i] * l.Ms[k][i])));
  idx.forEach((i) => {
    if (m.government === "fixed-tax-rates") eq("eqXg", S[i], null, l.Xg[i], (p.mu[i] * (l.Td + Tz + Tm - l.Sg)) / l.pq[i]);
    else eq("eqXg", S[i], null, l.Xg[i], exo.Xg[i]);
    if (c.investment === "savings-driven") eq("eqXv", S[i], null, l.Xv[i], (p.lambda[i] * (l.Sp + l.Sg + l.eps * l.Sf)) / l.pq[i]);
    else eq("eqXv", S[i], null, l.Xv[i], exo.Xv[i]);
  });
  eq("eqSp", null, null, l.Sp, p.ssp * l.sspScale * (m.saving === "gross-income" ? income : income - l.Td));
  if (m.government === "fixed-tax-rates") eq("eqSg", null, null, l.Sg, p.ssg * (l.Td + Tz + Tm));
  idx.forEach((i) => eq("eqXp", S[i], null, l.Xp[i], (p.alpha[i] * (income - l.Sp - l.Td)) / l.pq[i]));
  idx.forEach((i) => {
    eq("eqpe", S[i], null, l.pe[i], l.eps * exo.pWe[i]);
    m.sources.forEach((s, k) => eq("eqpm", s, S[i], l.pm[k][i], l.eps * exo.pWm[k][i] * (1 + exo.ntb[k][i])));
  });
  eq("eqepsilon", null, null, sumOf(doublesOf(n, (i) => exo.pWe[i] * l.E[i])) + l.Sf,
    sumOf(m.sources.flatMap((_, k) => idx.map((i) => exo.pWm[k][i] * (1 + exo.ntb[k][i]) * l.Ms[k][i]))));
  idx.forEach((i) => {
    const eta = p.eta[i];
    const act = activeSources(m, i);
    if (act.length > 0) {
      // γ(δm M^η + δd D^η)^(1/η), δm + δd = 1, evaluated as a power mean (exact at η = 0).
      eq("eqpqs", S[i], null, l.Q[i], p.gamma[i] * (powerMean([l.M[i], l.D[i]], [p.deltam[i], p.deltad[i]], eta) as number));
      eq("eqM", S[i], null, l.M[i], Math.pow((Math.pow(p.gamma[i], eta) * p.deltam[i] * l.pq[i]) / l.PM[i], 1 / (1 - eta)) * l.Q[i]);
    } else {
      eq("eqpqs", S[i], null, l.Q[i], p.gamma[i] * l.D[i]); // δd = 1 without imports
    }
    eq("eqD", S[i], null, l.D[i], Math.pow((Math.pow(p.gamma[i], eta) * p.deltad[i] * l.pq[i]) / l.pd[i], 1 / (1 - eta)) * l.Q[i]);
    if (act.length === 1) {
      eq("eqPM", S[i], null, l.PM[i], (1 + exo.taum[act[0]][i]) * l.pm[act[0]][i]);
    } else if (act.length > 1) {
      const rho = (p.sigmaSources[i] - 1) / p.sigmaSources[i];
      eq("eqPM", S[i], null, l.M[i], p.gammaM[i] * (powerMean(doublesOf(act.length, (a) => l.Ms[act[a]][i]), doublesOf(act.length, (a) => p.dS[act[a]][i]), rho) as number));
      act.forEach((k) => eq("eqMs", m.sources[k], S[i], l.Ms[k][i],
        Math.pow((Math.pow(p.gammaM[i], rho) * p.dS[k][i] * l.PM[i]) / ((1 + exo.taum[k][i]) * l.pm[k][i]), 1 / (1 - rho)) * l.M[i]));
    }
    const phi = p.phi[i];
    eq("eqpzd", S[i], null, l.Z[i], p.theta[i] * Math.pow(p.xie[i] * Math.pow(l.E[i], phi) + p.xid[i] * Math.pow(l.D[i], phi), 1 / phi));
    const cet = (share: number, price: number) => Math.pow((Math.pow(p.theta[i], phi) * share * (1 + exo.tauz[i]) * l.pz[i]) / price, 1 / (1 - phi)) * l.Z[i];
    eq("eqE", S[i], null, l.E[i], p.xie[i] > 0 ? cet(p.xie[i], l.pe[i]) : 0);
    eq("eqDs", S[i], null, l.D[i], cet(p.xid[i], l.pd[i]));
    eq("eqpqd", S[i], null, l.Q[i], l.Xp[i] + l.Xg[i] + l.Xv[i] + sumOf(l.X[i]));
  });
  m.factors.forEach((f, h) => {
    if (m.specific[h]) idx.forEach((j) => {
      if (m.base.F[h][j] > 0) eq("eqpf", f, S[j], l.F[h][j], exo.FFs[h][j]);
    });
    else {
      eq("eqpf", f, null, sumOf(l.F[h]), l.FF[h]);
      idx.forEach((j) => eq("eqpf2", f, S[j], l.pf[h][j], l.pf[h][0]));
    }
  });
  if (c.numeraire.kind === "price-index") eq("eqPRICE", null, null, sumOf(doublesOf(n, (i) => p.weights[i] * l.pq[i])), exo.priceIndex);
}
