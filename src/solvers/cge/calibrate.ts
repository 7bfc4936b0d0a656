/**
 * Calibration: base flows read from a SAM, then every share and scale parameter set so
 * that the model's base solution reproduces the SAM exactly, with all base prices 1
 * (import world prices net of NTB costs are 1/(1+ntb), so base import costs equal the SAM's).
 * Formulas follow the GAMS listings of STDCGE and DYNCGE (Hosoe, Gasawa & Hashimoto 2010, ch. 6).
 */
import { badOption, CgeError } from "./errors";
import { calibrationOptions } from "./options";
import { closure as normaliseClosure, type ClosureOptions } from "./closures";
import { cgeModel, exogenous, parameters, type CgeModel, type Exogenous, type Levels, type Parameters } from "./model";
import { powerMeanOfNumbers } from "./dual";
import { doubles, doublesOf, rows, tabulate, withDoubles } from "./doubles";
import { cell, type Sam } from "./sam";

/** Base-year flows in SAM units, indexed [sector], [row][sector] or [source][sector]. */
export interface Flows {
  sectors: string[];
  factors: string[];
  sources: string[];
  X: number[][];
  F: number[][];
  Tz: number[];
  Tm: number[][];
  M: number[][];
  Xp: number[];
  Xg: number[];
  Xv: number[];
  E: number[];
  Td: number;
  Sp: number;
  Sg: number;
  Sf: number;
}

/** A per-sector option: one number for all sectors or a value per sector name. */
export type PerSector = number | Readonly<Record<string, number>>;

/** Calibration options. Defaults reproduce STDCGE (σ = ψ = 2). */
export interface CalibrateOptions {
  /** Armington elasticity between imports and domestic goods (default 2). */
  sigma?: PerSector;
  /** CET elasticity between exports and domestic sales (default 2). */
  psi?: PerSector;
  /** Elasticity of substitution between import sources (default 4; unused with one source). */
  sigmaSources?: PerSector;
  /** Base non-tariff costs, ad valorem, by source (one rate or a rate per sector). */
  ntb?: Readonly<Record<string, PerSector>>;
  /** "fixed-tax-rates" (STDCGE: direct tax rate, saving rate and spending shares fixed) or "balanced-budget" (DYNCGE: real spending fixed, direct tax adjusts). */
  government?: "fixed-tax-rates" | "balanced-budget";
  /** Household saving out of "gross-income" (STDCGE) or "disposable-income" (DYNCGE). */
  saving?: "gross-income" | "disposable-income";
  /** Factors whose stock is fixed per sector (DYNCGE: ["CAP"]). */
  specificFactors?: readonly string[];
  /** Default closure of the model. */
  closure?: ClosureOptions;
}

/**
 * Refuses SAM cells whose sign the model cannot read, naming each cell and its flow:
 * intermediate inputs, factor payments, factor income, consumption, government and investment
 * demand, exports and imports must be ≥ 0 (a negative one would drop a factor, zero an export or
 * give a negative budget share). Net taxes (production tax, tariffs, direct tax net of
 * transfers) and savings (household, government, foreign) may be negative: the model reads
 * them as subsidies and dissaving, with rates above −100 % (checked in calibration).
 */
function refuseNegative(s: Sam): void {
  const cells: { row: string; column: string; value: number; flow: string }[] = [];
  const check = (row: string, column: string, flow: string) => {
    const v = cell(s, row, column);
    if (v < 0) cells.push({ row, column, value: v, flow });
  };
  for (const j of s.sectors) {
    for (const i of s.sectors) check(i, j, "intermediate input");
    for (const h of s.factors) check(h, j, "factor payment");
    check(j, s.household, "household consumption");
    check(j, s.government, "government consumption");
    check(j, s.investment, "investment demand");
    for (const x of s.sources) {
      check(j, x.account, "exports");
      check(x.account, j, "imports");
    }
  }
  for (const h of s.factors) check(s.household, h, "factor income");
  if (cells.length > 0) {
    throw new CgeError({
      kind: "negative-sam-entry", cells,
      message: `the model cannot read negative ${cells.map((c) => `${c.flow} SAM[${c.row}][${c.column}] = ${c.value}`).join(", ")}`,
    });
  }
}

/**
 * Base flows from a SAM. Throws `unsupported-sam-entry` listing every non-zero cell the
 * model has no variable for (e.g. government transfers to households).
 */
export function flows(s: Sam): Flows {
  const { sectors, factors } = s;
  const srcs = s.sources;
  const known = new Set<string>();
  const take = (r: string | null, c: string | null) => {
    if (r !== null && c !== null) known.add(`${r}\u0000${c}`);
    return cell(s, r, c);
  };
  const f: Flows = {
    sectors: [...sectors], factors: [...factors], sources: srcs.map((x) => x.name),
    X: sectors.map((i) => sectors.map((j) => take(i, j))),
    F: factors.map((h) => sectors.map((j) => take(h, j))),
    Tz: sectors.map((j) => take(s.indirectTax, j)),
    Tm: srcs.map((x) => sectors.map((j) => take(x.tariff, j))),
    M: srcs.map((x) => sectors.map((j) => take(x.account, j))),
    Xp: sectors.map((i) => take(i, s.household)),
    Xg: sectors.map((i) => take(i, s.government)),
    Xv: sectors.map((i) => take(i, s.investment)),
    E: sectors.map((i) => srcs.reduce((a, x) => a + take(i, x.account), 0)),
    Td: take(s.government, s.household),
    Sp: take(s.investment, s.household),
    Sg: take(s.investment, s.government),
    Sf: srcs.reduce((a, x) => a + take(s.investment, x.account), 0),
  };
  factors.forEach((h) => take(s.household, h));
  refuseNegative(s);
  take(s.government, s.indirectTax);
  srcs.forEach((x) => take(s.government, x.tariff));
  const n = s.labels.length;
  const cells: { row: string; column: string; value: number }[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
    const v = s.values[r * n + c];
    if (v !== 0 && !known.has(`${s.labels[r]}\u0000${s.labels[c]}`)) cells.push({ row: s.labels[r], column: s.labels[c], value: v });
  }
  if (cells.length > 0) {
    throw new CgeError({
      kind: "unsupported-sam-entry", cells,
      message: `the model has no flow for SAM cell${cells.length > 1 ? "s" : ""} ${cells.map((c) => `${c.row}←${c.column}`).join(", ")}`,
    });
  }
  return f;
}

const total = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

/**
 * Calibrates the model to base flows. Formulas (base prices 1):
 * Z0 = Σ_h F0 + Σ_i X0; τz = Tz0/Z0; τm_s = Tm0_s/M0_s; D0 = (1+τz)Z0 − E0; Q0 = Σ_s (1+τm_s)M0_s + D0;
 * β = F0/Y0, b = Y0/Π F0^β; ax = X0/Z0, ay = Y0/Z0; α = Xp0/ΣXp0; λ = Xv0/ΣXv0; μ = Xg0/ΣXg0;
 * δm ∝ PM0·M0^(1−η), δd ∝ D0^(1−η) (δm+δd = 1), γ = Q0/(δm M0^η + δd D0^η)^(1/η);
 * ξe ∝ E0^(1−φ), ξd ∝ D0^(1−φ), θ = Z0/(ξe E0^φ + ξd D0^φ)^(1/φ); import sources: dS_s ∝ (1+τm_s)M0_s^(1−ρ), γM likewise.
 */
export function calibrateFlows(f: Flows, options: CalibrateOptions = {}, accounts?: Sam): CgeModel {
  const { sectors, factors, sources } = f;
  const N = sectors.length;
  const J = Array.from({ length: N }, (_, i) => i);
  const { sigma, psi, sigmaSources, ntb, government, saving, specific } = calibrationOptions(options, { sectors, factors, sources });

  const Y = J.map((j) => total(f.F.map((r) => r[j])));
  const Z = J.map((j) => Y[j] + total(f.X.map((r) => r[j])));
  J.forEach((j) => {
    if (!(Z[j] > 0) || !(Y[j] > 0)) throw new CgeError({ kind: "bad-sam", account: sectors[j], message: `sector ${sectors[j]} has no output or no value added` });
  });
  const tauz = J.map((j) => f.Tz[j] / Z[j]);
  const taum = sources.map((_, s) => J.map((i) => (f.M[s][i] > 0 ? f.Tm[s][i] / f.M[s][i] : 0)));
  // Net taxes may be subsidies, but never of 100 % or more: the price net of the subsidy would not be positive.
  J.forEach((j) => {
    if (!(tauz[j] > -1)) throw new CgeError({ kind: "bad-sam", account: sectors[j], message: `production subsidy on ${sectors[j]} is ${(-tauz[j] * 100).toPrecision(4)} % of output; it must be below 100 %` });
    sources.forEach((src, s) => {
      if (!(taum[s][j] > -1)) throw new CgeError({ kind: "bad-sam", account: sectors[j], message: `import subsidy on ${src} imports of ${sectors[j]} is ${(-taum[s][j] * 100).toPrecision(4)} %; it must be below 100 %` });
      if (f.M[s][j] === 0 && f.Tm[s][j] !== 0) throw new CgeError({ kind: "bad-sam", account: sectors[j], message: `tariff revenue on ${src} imports of ${sectors[j]} without imports` });
    });
  });
  if (!(total(f.Xp) > 0)) throw new CgeError({ kind: "bad-sam", account: "household", message: "household consumption totals zero: the budget shares are undefined" });
  const Mtot = J.map((i) => total(sources.map((_, s) => f.M[s][i])));
  const importValue = J.map((i) => total(sources.map((_, s) => (1 + taum[s][i]) * f.M[s][i])));
  const PM = J.map((i) => (Mtot[i] > 0 ? importValue[i] / Mtot[i] : 1));
  const D = J.map((i) => (1 + tauz[i]) * Z[i] - f.E[i]);
  J.forEach((i) => {
    if (!(D[i] > 0)) throw new CgeError({ kind: "bad-sam", account: sectors[i], message: `sector ${sectors[i]} sells nothing at home (exports exceed output)` });
  });
  const Q = J.map((i) => importValue[i] + D[i]);
  const income = total(f.F.flat());
  const sumXg = total(f.Xg);
  const sumXv = total(f.Xv);
  const taxes = total(f.Tz) + total(f.Tm.flat());
  const { eta, phi, deltam, deltad, gamma, dS, gammaM, xie, xid, theta } =
    elasticityParameters(
      // Double arrays, as a sweep passes them from the model's base (see `sweepModel`): one layout for its code.
      { M: rows(f.M), Mtot: doubles(Mtot), D: doubles(D), E: doubles(f.E), Z: doubles(Z), Q: doubles(Q), PM: doubles(PM), taum: rows(taum) },
      sigma, psi, sigmaSources);
  const beta = factors.map((_, h) => J.map((j) => f.F[h][j] / Y[j]));
  const b = J.map((j) => Y[j] / Math.exp(total(factors.map((_, h) => (beta[h][j] > 0 ? beta[h][j] * Math.log(f.F[h][j]) : 0)))));
  const totalXp = total(f.Xp);
  const params: Parameters = {
    eta, phi, sigma, sigmaSources,
    alpha: f.Xp.map((v) => v / totalXp),
    beta, b,
    ax: J.map((i) => J.map((j) => f.X[i][j] / Z[j])),
    ay: J.map((j) => Y[j] / Z[j]),
    mu: f.Xg.map((v) => (sumXg !== 0 ? v / sumXg : 0)),
    lambda: f.Xv.map((v) => (sumXv !== 0 ? v / sumXv : 0)),
    deltam, deltad, gamma, dS, gammaM, xie, xid, theta,
    ssp: f.Sp / (saving === "gross-income" ? income : income - f.Td),
    ssg: f.Td + taxes !== 0 ? f.Sg / (f.Td + taxes) : 0,
    taud: f.Td / income,
    weights: Q.map((q) => q / total(Q)),
  };
  const FF = factors.map((_, h) => total(f.F[h]));
  const exo: Exogenous = {
    taum, ntb, tauz,
    pWe: J.map(() => 1),
    pWm: sources.map((_, s) => J.map((i) => 1 / (1 + ntb[s][i]))),
    FF, FFs: f.F.map((r) => r.slice()), Sf: f.Sf, Xg: f.Xg.slice(), Xv: f.Xv.slice(),
    eps: 1, pf: factors.map(() => 1), priceIndex: 1,
  };
  const ones = J.map(() => 1);
  const base: Levels = {
    Y, Z, py: ones, pz: ones, pq: ones, pd: ones, pe: ones, PM,
    Xp: f.Xp.slice(), Xg: f.Xg.slice(), Xv: f.Xv.slice(), E: f.E.slice(), D, Q, M: Mtot, Tz: f.Tz.slice(),
    X: f.X.map((r) => r.slice()), F: f.F.map((r) => r.slice()), pf: factors.map(() => ones.slice()), FF,
    Ms: f.M.map((r) => r.slice()), pm: sources.map(() => ones.slice()), pms: taum.map((r) => r.map((t) => 1 + t)), Tm: f.Tm.map((r) => r.slice()),
    eps: 1, Sf: f.Sf, Sp: f.Sp, Sg: government === "fixed-tax-rates" ? f.Sg : 0, Td: f.Td, S: f.Sp + f.Sg + f.Sf, sspScale: 1, income,
  };
  if (government === "balanced-budget" && Math.abs(f.Sg) > 1e-9 * income) badOption("government", government, "the SAM has government saving; a balanced budget needs INV←GOV = 0");
  const exportShares = sources.map(() => J.map(() => 1 / Math.max(sources.length, 1)));
  const savingShares = sources.map(() => 1 / Math.max(sources.length, 1));
  if (accounts) {
    accounts.sources.forEach((x, s) => {
      J.forEach((i) => (exportShares[s][i] = f.E[i] !== 0 ? cell(accounts, sectors[i], x.account) / f.E[i] : s === 0 ? 1 : 0));
      savingShares[s] = f.Sf !== 0 ? cell(accounts, accounts.investment, x.account) / f.Sf : s === 0 ? 1 : 0;
    });
  }
  const partial = { factors: [...factors], specific };
  return cgeModel({
    kind: "cge-model", sectors: [...sectors], factors: [...factors], sources: [...sources], specific, government, saving,
    // Double arrays throughout (see doubles.ts): every model reaches the solver in one layout.
    params: parameters(withDoubles(params)), exo: exogenous(withDoubles(exo)), base: withDoubles(base),
    closure: normaliseClosure(partial, options.closure),
    accounts: accounts ?? syntheticAccounts(f),
    exportShares, savingShares,
  });
}

/** The base quantities the CES and CET parameters are calibrated to (base prices 1), by [sector] or [source][sector]. */
export interface ElasticityBase {
  /** Imports by source. */
  M: number[][];
  /** Total imports. */
  Mtot: number[];
  D: number[];
  E: number[];
  Z: number[];
  Q: number[];
  /** Base import price index (tariffs included). */
  PM: number[];
  taum: number[][];
}

/** The parameters that depend on the elasticities (the rest of a calibration does not). */
export type ElasticityParameters = Pick<Parameters, "eta" | "phi" | "sigma" | "sigmaSources" | "deltam" | "deltad" | "gamma" | "dS" | "gammaM" | "xie" | "xid" | "theta">;

/**
 * The CES (Armington, import sources) and CET share and scale parameters for elasticities
 * σ, ψ and σM by sector, at base quantities `g`: the part of `calibrateFlows` a sweep over
 * elasticities redoes per scenario (the same arithmetic, so the same bits).
 */
export function elasticityParameters(g: ElasticityBase, sigma: number[], psi: number[], sigmaSources: number[]): ElasticityParameters {
  const { Mtot, D, Z, Q, PM, taum } = g;
  const f = { M: g.M, E: g.E };
  // Every array here is made by `doublesOf` (double elements whatever the values, see doubles.ts).
  const N = Z.length;
  const S = g.M.length;
  // The elasticities come from option parsing, in whatever layout.
  const sig = doubles(sigma), ps = doubles(psi), sigM = doubles(sigmaSources);
  const eta = doublesOf(N, (i) => (sig[i] - 1) / sig[i]);
  const phi = doublesOf(N, (i) => (ps[i] + 1) / ps[i]);

  const deltam = doublesOf(N, (i) => {
    if (Mtot[i] === 0) return 0;
    const a = PM[i] * Math.pow(Mtot[i], 1 - eta[i]);
    return a / (a + Math.pow(D[i], 1 - eta[i]));
  });
  const deltad = doublesOf(N, (i) => 1 - deltam[i]);
  // The power means below take their terms from scratch arrays refilled per good (numbers only: see `powerMeanOfNumbers`).
  const bases = new Float64Array(Math.max(S, 2));
  const weights = doublesOf(Math.max(S, 2), () => 0);
  const gamma = doublesOf(N, (i) => {
    bases[0] = Mtot[i];
    bases[1] = D[i];
    weights[0] = deltam[i];
    weights[1] = deltad[i];
    return Q[i] / powerMeanOfNumbers(bases, weights, eta[i], 2);
  });
  const dS = tabulate(S, () => doublesOf(N, () => 0));
  const gammaM = doublesOf(N, (i) => {
    if (Mtot[i] === 0) return 1;
    const rho = (sigM[i] - 1) / sigM[i];
    // Σ_s of the raw shares, added in source order (as `total` would).
    let rs = 0;
    for (let s = 0; s < S; s++) {
      bases[s] = f.M[s][i] > 0 ? (1 + taum[s][i]) * Math.pow(f.M[s][i], 1 - rho) : 0;
      rs += bases[s];
    }
    for (let s = 0; s < S; s++) dS[s][i] = bases[s] / rs;
    for (let s = 0; s < S; s++) {
      bases[s] = f.M[s][i];
      weights[s] = dS[s][i];
    }
    return Mtot[i] / powerMeanOfNumbers(bases, weights, rho, S);
  });
  const xie = doublesOf(N, (i) => (f.E[i] > 0 ? Math.pow(f.E[i], 1 - phi[i]) / (Math.pow(f.E[i], 1 - phi[i]) + Math.pow(D[i], 1 - phi[i])) : 0));
  const xid = doublesOf(N, (i) => 1 - xie[i]);
  const theta = doublesOf(N, (i) => Z[i] / Math.pow(xie[i] * (f.E[i] > 0 ? Math.pow(f.E[i], phi[i]) : 0) + xid[i] * Math.pow(D[i], phi[i]), 1 / phi[i]));
  return { eta, phi, sigma: sig, sigmaSources: sigM, deltam, deltad, gamma, dS, gammaM, xie, xid, theta };
}

/** Account names for flows that did not come from a SAM. */
function syntheticAccounts(f: Flows): Sam {
  return {
    labels: [], values: [], sectors: f.sectors, factors: f.factors, household: "HOH", government: "GOV", investment: "INV",
    indirectTax: "IDT", sources: f.sources.map((s) => ({ name: s, account: `EXT_${s}`, tariff: `TRF_${s}` })),
  };
}

/**
 * Calibrates the standard CGE model to a SAM (see `sam`) and elasticities.
 * Example: `calibrate(sam(table, accounts), { sigma: 2, psi: 2, closure: { numeraire: "LAB" } })`.
 */
export function calibrate(s: Sam, options: CalibrateOptions = {}): CgeModel {
  return calibrateFlows(flows(s), options, s);
}
