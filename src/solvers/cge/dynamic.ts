/**
 * Recursive dynamics as in DYNCGE (GAMS model library SEQ=410; Hosoe, Gasawa & Hashimoto,
 * Textbook of CGE Modelling, 2nd Japanese ed., ch. 12): a sequence of static equilibria linked by
 *   labour      FF_L(t+1) = (1 + pop)·FF_L(t)
 *   capital     KK_j(t+1) = (1 − dep)·KK_j(t) + II_j(t),   F_CAP,j = ror·KK_j  (sector-specific)
 *   investment  pk·II_j = pf_CAP,j^ζ F_CAP,j / Σ_k pf_CAP,k^ζ F_CAP,k · (Sp + ε·Sf)  (relative returns)
 *   composite   III = ι Π_i Xv_i^λ_i,  pk = Π_i (pq_i/λ_i)^λ_i / ι
 *   exogenous   Xg_i(t), Sf(t) grow at pop.
 * Calibration rescales base investment so the base path is balanced growth at `pop`
 * (III = (pop + dep)/ror · capital income), moving the difference into government demand, as DYNCGE does.
 * Government: real demand fixed, direct tax balances the budget; saving out of disposable income;
 * numeraire: the Armington price index. Units: SAM units per year.
 */
import { table, type ColumnTable } from "arquero";
import { calibrateFlows, flows, type CalibrateOptions } from "./calibrate";
import { closure as normaliseClosure } from "./closures";
import { CgeError, optionFail } from "./errors";
import { numberOption, record } from "../options";
import { calibrateKeys, checkSimulateOptions, dynamicKeys, dynamicSettings } from "./options";
import type { CgeModel, Exogenous, Levels } from "./model";
import type { Sam } from "./sam";
import { applyShocks, phaseFraction, refuseInertShocks, Scenario, type ScenarioData } from "./scenario";
import { indicators } from "./results";
import { solveExogenous, type SolveOptions } from "./solve";
import type { Closure } from "./closures";

/** Dynamic settings; DYNCGE's values are the defaults. */
export interface DynamicOptions extends CalibrateOptions {
  /** Rate of return on capital (0.05). */
  ror?: number;
  /** Depreciation rate (0.04). */
  dep?: number;
  /** Labour (and exogenous demand) growth rate a year (0.02). */
  pop?: number;
  /** Elasticity of investment allocation to the rate of return (1). */
  zeta?: number;
  /** The accumulating factor ("CAP"). */
  capital?: string;
  /** First year's label (0) and number of periods (31). */
  startYear?: number;
  periods?: number;
}

/** A calibrated recursive-dynamic model. */
export interface DynamicModel {
  kind: "cge-dynamic-model";
  model: CgeModel;
  ror: number;
  dep: number;
  pop: number;
  zeta: number;
  capital: number;
  iota: number;
  /** Base capital stocks KK_j = F_CAP,j / ror. */
  KK: number[];
  startYear: number;
  periods: number;
}

/** One year of a path. */
export interface Year {
  year: number;
  levels: Levels;
  KK: number[];
  II: number[];
  pk: number;
  /** CC = a Π Xp^α with a set so that base CC = base consumption (DYNCGE's felicity). */
  CC: number;
  iterations: number;
}

/** Calibrates DYNCGE from a SAM (see module comment for the investment adjustment). */
export function dynamicModel(s: Sam, o: DynamicOptions = {}): DynamicModel {
  const f = flows(s);
  const all = record(o, "", [...dynamicKeys, ...calibrateKeys], optionFail);
  const calibration: CalibrateOptions = Object.fromEntries(Object.entries(all).filter(([k]) => !(dynamicKeys as readonly string[]).includes(k)));
  const { ror, dep, pop, zeta, capital: capitalName, startYear, periods } = dynamicSettings(o as Record<string, unknown>, f.factors);
  const capital = f.factors.indexOf(capitalName);
  const capitalIncome = f.F[capital].reduce((a, v) => a + v, 0);
  const invSam = f.Xv.reduce((a, v) => a + v, 0);
  const adj = ((pop + dep) / ror) * capitalIncome / invSam;
  const Xv = f.Xv.map((v) => v * adj);
  const Xg = f.Xg.map((v, i) => v - (Xv[i] - f.Xv[i]));
  const taxes = f.Tz.reduce((a, v) => a + v, 0) + f.Tm.flat().reduce((a, v) => a + v, 0);
  // DYNCGE's government does not save: any government saving in the SAM is folded into household saving.
  const Td = Xg.reduce((a, v) => a + v, 0) - taxes;
  const income = f.F.flat().reduce((a, v) => a + v, 0);
  const Sp = income - f.Xp.reduce((a, v) => a + v, 0) - Td;
  const model = calibrateFlows({ ...f, Xv, Xg, Td, Sp, Sg: 0 }, {
    government: "balanced-budget", saving: "disposable-income", specificFactors: [capitalName], ...calibration,
    closure: { numeraire: "price-index", ...o.closure },
  }, s);
  const total = Xv.reduce((a, v) => a + v, 0);
  const lambda = model.params.lambda;
  const iota = total / Math.exp(Xv.reduce((a, v, i) => a + (lambda[i] > 0 ? lambda[i] * Math.log(v) : 0), 0));
  return {
    kind: "cge-dynamic-model", model, ror, dep, pop, zeta, capital, iota,
    KK: f.F[capital].map((v) => v / ror), startYear, periods,
  };
}

/** Investment by sector of destination and the composite investment price at levels `l`. */
export function investment(d: DynamicModel, l: Levels): { II: number[]; pk: number } {
  const { lambda } = d.model.params;
  const pk = Math.exp(l.pq.reduce((a, p, i) => a + (lambda[i] > 0 ? lambda[i] * Math.log(p / lambda[i]) : 0), 0)) / d.iota;
  const weights = l.F[d.capital].map((F, j) => Math.pow(l.pf[d.capital][j], d.zeta) * F);
  const wsum = weights.reduce((a, v) => a + v, 0);
  const spend = l.Sp + l.eps * l.Sf;
  return { II: weights.map((w) => (w / wsum) * spend / pk), pk };
}

/** Options of `simulate` and `dynamic`: Newton's settings (as `solve`'s) and a callback after each year. */
export type SimulateOptions = Pick<SolveOptions, "tolerance" | "maxIterations" | "onProgress"> & {
  onYear?: (year: number, index: number) => void;
};

/** The model's years as text, e.g. "0–5 (startYear 0, 6 periods)". */
function yearsText(d: DynamicModel): string {
  return `${d.startYear}–${d.startYear + d.periods - 1} (startYear ${d.startYear}, ${d.periods} periods)`;
}

/**
 * Refuses a phase-in window wholly outside the model's years (startYear … startYear + periods − 1):
 * after them its shocks would never be applied; before them its phasing would never be seen. Both
 * mean the window's years and the model's are counted differently (2015 against 0). A window that
 * overlaps the model's years is phased as written (a horizon shorter than the phase-in is legitimate).
 */
function checkPhase(d: DynamicModel, s: ScenarioData): void {
  if (!s.phasing) return;
  const start = numberOption(s.phasing.start, "phase.start", { integer: true }, optionFail);
  const end = numberOption(s.phasing.end, "phase.end", { integer: true, min: start }, optionFail);
  const first = d.startYear;
  const last = d.startYear + d.periods - 1;
  if (start <= last && end >= first) return;
  const why = start > last ? "starts after the model's last year, so its shocks would never be applied"
    : "ends before the model's first year, so its phasing would never be applied (the shocks would apply in full from the first year)";
  optionFail("phase", `${start}–${end}`, `window ${start}–${end} ${why}: the model's years are ${yearsText(d)}; ` +
    `give dynamicModel a startYear and periods that cover the window, e.g. {startYear: ${start}, periods: ${Math.max(d.periods, end - start + 1)}}`);
}

/** The closure a scenario runs under, with its inputs checked against the dynamic model (see `simulate`). */
function checkedClosure(d: DynamicModel, s: ScenarioData, options: unknown): Closure {
  checkSimulateOptions(options);
  checkPhase(d, s);
  const m = d.model;
  const c = s.closureOptions ? normaliseClosure(m, s.closureOptions, m.closure) : m.closure;
  refuseInertShocks(m, c, s.shocks);
  return c;
}

/**
 * Solves the path year by year under a scenario (the baseline when empty). Each year's shocks are
 * phased in by `scenario.phase`. Throws `CgeError` (with the year in the message) if a year fails,
 * or `bad-option`, before solving any year, for an option `solve` would refuse (and `start` or
 * `continuation`, which a path does not use), a phase window not wholly inside the model's years,
 * or a shock the closure would ignore.
 */
export function simulate(d: DynamicModel, s: ScenarioData = new Scenario(), options: SimulateOptions = {}): Year[] {
  const m = d.model;
  const c = checkedClosure(d, s, options);
  const a = m.base.Xp.reduce((x, v) => x + v, 0) / m.params.alpha.reduce((x, al, i) => x * Math.pow(m.base.Xp[i], al), 1);
  const path: Year[] = [];
  let KK = d.KK.slice();
  let start: Levels | undefined;
  for (let t = 0; t < d.periods; t++) {
    const year = d.startYear + t;
    const g = Math.pow(1 + d.pop, t);
    const grown: Exogenous = {
      ...m.exo,
      FF: m.exo.FF.map((v, h) => (h === d.capital ? v : v * g)),
      FFs: m.exo.FFs.map((r, h) => (h === d.capital ? KK.map((k) => d.ror * k) : r.map((v) => v * g))),
      Xg: m.exo.Xg.map((v) => v * g),
      Sf: m.exo.Sf * g,
    };
    const exo = applyShocks(m, grown, s.shocks, phaseFraction(s, year));
    const r = solveExogenous(m, exo, c, { ...options, start });
    if (!r.ok) throw new CgeError({ ...r.error, message: `year ${year}: ${r.error.message}` });
    const l = r.solution.levels;
    const { II, pk } = investment(d, l);
    const CC = a * m.params.alpha.reduce((x, al, i) => x * Math.pow(l.Xp[i], al), 1);
    path.push({ year, levels: l, KK, II, pk, CC, iterations: r.solution.iterations });
    options.onYear?.(year, t);
    KK = KK.map((k, j) => (1 - d.dep) * k + II[j]);
    start = l;
  }
  return path;
}

/** Series reported for each year: name, index and value. */
function series(d: DynamicModel, y: Year): { variable: string; index: string; value: number }[] {
  const m = d.model;
  const ind = indicators(m, y.levels);
  const out = [
    { variable: "GDP, real", index: "", value: ind.gdpReal },
    { variable: "GDP, nominal", index: "", value: ind.gdpNominal },
    { variable: "CC (utility)", index: "", value: y.CC },
    { variable: "exports", index: "", value: ind.exports },
    ...m.sources.map((s) => ({ variable: "imports", index: s, value: ind.imports[s] })),
    { variable: "tariff revenue", index: "", value: Object.values(ind.tariffRevenue).reduce((a, v) => a + v, 0) },
    { variable: "III (investment)", index: "", value: y.II.reduce((a, v) => a + v, 0) },
  ];
  m.sectors.forEach((s, j) => {
    out.push({ variable: "Z (output)", index: s, value: y.levels.Z[j] });
    out.push({ variable: "KK (capital)", index: s, value: y.KK[j] });
  });
  return out;
}

/**
 * Baseline and counterfactual paths as one long table: year, variable, index, baseline,
 * counterfactual, diff_pct (level, % from baseline), growth_baseline and growth_counterfactual
 * (% a year) and growth_diff_pp (percentage points a year).
 */
export function compare(d: DynamicModel, baseline: Year[], counterfactual: Year[]): ColumnTable {
  checkPaths(baseline, counterfactual);
  const rows: Record<string, unknown>[] = [];
  const prevB = new Map<string, number>();
  const prevC = new Map<string, number>();
  baseline.forEach((yb, t) => {
    const yc = counterfactual[t];
    const sb = series(d, yb);
    const sc = series(d, yc);
    sb.forEach((r, k) => {
      const key = `${r.variable}|${r.index}`;
      const c = sc[k].value;
      const growth = (prev: number | undefined, v: number) => (prev !== undefined && prev !== 0 ? (v / prev - 1) * 100 : null);
      const gB = growth(prevB.get(key), r.value);
      const gC = growth(prevC.get(key), c);
      rows.push({
        year: yb.year, variable: r.variable, index: r.index, baseline: r.value, counterfactual: c,
        diff_pct: r.value !== 0 ? (c / r.value - 1) * 100 : null,
        growth_baseline: gB, growth_counterfactual: gC, growth_diff_pp: gB !== null && gC !== null ? gC - gB : null,
      });
      prevB.set(key, r.value);
      prevC.set(key, c);
    });
  });
  const cols: Record<string, unknown[]> = {};
  for (const k of Object.keys(rows[0] ?? {})) cols[k] = rows.map((r) => r[k]);
  return table(cols);
}

/** A path's years as text, e.g. "years 0–5 (6 years)". */
function pathYears(p: readonly Year[]): string {
  return p.length === 0 ? "no years" : `years ${p[0].year}–${p[p.length - 1].year} (${p.length} years)`;
}

/**
 * Refuses a baseline and counterfactual that do not cover the same years (different lengths or
 * start years): they would be compared year t against year t, silently truncated or misaligned.
 */
function checkPaths(baseline: unknown, counterfactual: unknown): void {
  const isPath = (p: unknown) => Array.isArray(p) && p.every((y) => typeof y === "object" && y !== null && typeof (y as Year).year === "number");
  if (!isPath(baseline)) optionFail("baseline", baseline, "must be a path from simulate (an array of years)");
  if (!isPath(counterfactual)) optionFail("counterfactual", counterfactual, "must be a path from simulate (an array of years)");
  const b = baseline as Year[];
  const c = counterfactual as Year[];
  if (b.length === c.length && b.every((y, t) => y.year === c[t].year)) return;
  optionFail("counterfactual", pathYears(c),
    `covers ${pathYears(c)} but the baseline covers ${pathYears(b)}: both paths must be simulated on the same dynamic model (same startYear and periods)`);
}

/** Hicksian EV per year, (CC1 − CC0)/a/Π α^α, and its sum discounted at ror (DYNCGE's EV and EV_TTL). */
export function equivalentVariation(d: DynamicModel, baseline: Year[], counterfactual: Year[]): { perYear: number[]; total: number } {
  checkPaths(baseline, counterfactual);
  const m = d.model;
  const a = m.base.Xp.reduce((x, v) => x + v, 0) / m.params.alpha.reduce((x, al, i) => x * Math.pow(m.base.Xp[i], al), 1);
  const denom = a * m.params.alpha.reduce((x, al) => x * Math.pow(al, al), 1);
  const perYear = baseline.map((b, t) => (counterfactual[t].CC - b.CC) / denom);
  return { perYear, total: perYear.reduce((s, v, t) => s + v / Math.pow(1 + d.ror, t), 0) };
}

/**
 * Runs baseline and counterfactual and returns both paths, the comparison table and EV. The
 * scenario and options are checked (as `simulate` checks them) before the baseline is solved.
 */
export function dynamic(d: DynamicModel, s: ScenarioData, options: SimulateOptions = {}) {
  checkedClosure(d, s, options);
  const baseline = simulate(d, new Scenario([], null, s.closureOptions), options);
  const counterfactual = simulate(d, s, options);
  return { baseline, counterfactual, table: compare(d, baseline, counterfactual), ev: equivalentVariation(d, baseline, counterfactual) };
}
