/**
 * One scenario of a CGE sweep, as data, and its result as one row (issue 13). The same
 * functions run in a solver worker (a batch of scenarios at a time) and in process (`sweepSync`),
 * so a sweep gives the same numbers wherever it runs.
 *
 * A scenario is a plain object: `policy` (a `cge.scenario()` chain; the base when omitted),
 * optional elasticities `sigma`, `psi`, `sigmaSources` (one number, or one per sector name)
 * that recalibrate the model before solving, and any other keys, which are labels copied to
 * the result row (`draw`, `cut`…). A bare `cge.scenario()` is a scenario with no labels.
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { calibrateFlows, elasticityParameters, type CalibrateOptions, type Flows, type PerSector } from "./cge/calibrate";
import { doublesOf, withDoubles } from "./cge/doubles";
import { calibrationOptions, type CalibrationSettings } from "./cge/options";
import { isCgeError, type CgeErrorInfo } from "./cge/errors";
import { cgeModel, exogenous, parameters, type CgeModel, type Levels } from "./cge/model";
import { indicators, type Indicators } from "./cge/results";
import type { ScenarioData } from "./cge/scenario";
import { trySolve, type SolveOptions } from "./cge/solve";
import { badInput } from "./errors";

/** The elasticities a scenario may set (calibration options). */
export interface SweepElasticities {
  sigma?: PerSector;
  psi?: PerSector;
  sigmaSources?: PerSector;
}

/** One scenario after normalisation: plain data that survives structured cloning. */
export interface SweepItem {
  /** Label columns, in the order given. */
  labels: Record<string, number | string | boolean | null>;
  policy: ScenarioData;
  elasticities: SweepElasticities | null;
}

/** Solver settings a sweep passes to every scenario (plain data: no callbacks). */
export type SweepSolveOptions = Pick<SolveOptions, "tolerance" | "maxIterations" | "continuation">;

/** One result row: `scenario` (1-based), the labels, `ok`, `error`, `error_kind`, `iterations`, then the indicators. */
export type SweepRow = Record<string, number | string | boolean | null>;

const ELASTICITIES = ["sigma", "psi", "sigmaSources"] as const;
const EMPTY: ScenarioData = { shocks: [], phasing: null, closureOptions: null };

function isScenario(value: unknown): value is ScenarioData {
  return typeof value === "object" && value !== null && Array.isArray((value as ScenarioData).shocks) && "phasing" in value;
}

/** Plain-data copy of a scenario (a `Scenario` instance loses its methods across workers anyway). */
function plainScenario(s: ScenarioData): ScenarioData {
  return { shocks: s.shocks.map((shock) => ({ ...shock })), phasing: s.phasing ? { ...s.phasing } : null, closureOptions: s.closureOptions ? { ...s.closureOptions } : null };
}

function perSector(value: unknown): value is PerSector {
  return typeof value === "number" || (typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "number"));
}

/** Checks and normalises the scenarios of a sweep (an array, or an Arquero table of rows). */
export function sweepItems(scenarios: readonly unknown[] | ColumnTable): SweepItem[] {
  const list: readonly unknown[] = Array.isArray(scenarios)
    ? scenarios
    : typeof (scenarios as ColumnTable)?.objects === "function" ? (scenarios as ColumnTable).objects() : badInput("scenarios", "expected an array of scenarios or an Arquero table");
  if (list.length === 0) badInput("scenarios", "is empty");
  return list.map((raw, k) => {
    if (isScenario(raw) && (raw as { kind?: unknown }).kind === "cge-scenario") return { labels: {}, policy: plainScenario(raw), elasticities: null };
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return badInput("scenarios", "expected an object {policy, sigma, …labels} or a cge.scenario()", k + 1);
    const item = raw as Record<string, unknown>;
    if (item.policy !== undefined && !isScenario(item.policy)) badInput("scenarios", "policy must be a cge.scenario()", k + 1, "policy");
    const labels: SweepItem["labels"] = {};
    const elasticities: SweepElasticities = {};
    for (const [name, value] of Object.entries(item)) {
      if (name === "policy") continue;
      if ((ELASTICITIES as readonly string[]).includes(name)) {
        if (!perSector(value)) badInput("scenarios", `${name} must be a number or numbers by sector name`, k + 1, name);
        elasticities[name as keyof SweepElasticities] = value as PerSector;
        if (typeof value === "number") labels[name] = value;
        continue;
      }
      if (value === null || typeof value === "number" || typeof value === "string" || typeof value === "boolean") labels[name] = value;
    }
    const policy = item.policy === undefined ? EMPTY : plainScenario(item.policy as ScenarioData);
    return { labels, policy, elasticities: Object.keys(elasticities).length ? elasticities : null };
  });
}

/** The model's base flows, read back from its base solution (all base prices are 1). */
function baseFlows(m: CgeModel): Flows {
  const b = m.base;
  return {
    sectors: m.sectors, factors: m.factors, sources: m.sources,
    X: b.X, F: b.F, Tz: b.Tz, Tm: b.Tm, M: b.Ms, Xp: b.Xp, Xg: b.Xg, Xv: b.Xv, E: b.E,
    Td: b.Td, Sp: b.Sp, Sg: m.government === "fixed-tax-rates" ? b.Sg : 0, Sf: b.Sf,
  };
}

/** A value per sector name (a loop, not `map`, whose result's layout depends on whether the caller is optimised). */
function bySector(m: CgeModel, values: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < m.sectors.length; i++) out[m.sectors[i]!] = values[i]!;
  return out;
}

/**
 * The same model calibrated again to the same base with other elasticities (those not given
 * keep the model's): only the CES/CET share and scale parameters change, so the base
 * solution is the same and results stay comparable across draws. Closure, NTBs, government
 * and saving rules and specific factors are the model's.
 */
export function withElasticities(m: CgeModel, e: SweepElasticities): CgeModel {
  const model = calibrateFlows(baseFlows(m), recalibration(m, e), m.accounts);
  return cgeModel({ ...model, closure: m.closure, exportShares: m.exportShares, savingShares: m.savingShares });
}

/** The calibration options that rebuild `m` with elasticities `e` (the model's own where `e` gives none). */
function recalibration(m: CgeModel, e: SweepElasticities): CalibrateOptions {
  return {
    sigma: e.sigma ?? bySector(m, m.params.sigma),
    psi: e.psi ?? bySector(m, doublesOf(m.sectors.length, (i) => 1 / (m.params.phi[i]! - 1))),
    sigmaSources: e.sigmaSources ?? bySector(m, m.params.sigmaSources),
    ntb: Object.fromEntries(m.sources.map((s, k) => [s, bySector(m, m.exo.ntb[k]!)])),
    government: m.government,
    saving: m.saving,
    specificFactors: m.factors.filter((_, h) => m.specific[h]),
  };
}

/**
 * Per model: its recalibration with its own elasticities, whose elasticity-free parts every scenario
 * of a sweep shares, and its own elasticities as calibration settings (what a scenario does not set).
 */
const recalibrated = new WeakMap<CgeModel, { template: CgeModel; own: Pick<CalibrationSettings, keyof SweepElasticities> }>();

/**
 * `withElasticities` for a sweep's scenario: the same model (the same numbers, bit for bit), but
 * only the elasticity-dependent parameters are computed; every other array is shared with the
 * model's recalibration, made once per model. Only the elasticities the scenario sets are read
 * and checked here; the model's own were read once with the recalibration. The result is read,
 * never changed, by the solve.
 */
export function sweepModel(m: CgeModel, e: SweepElasticities): CgeModel {
  const names = { sectors: m.sectors, factors: m.factors, sources: m.sources };
  let known = recalibrated.get(m);
  if (known === undefined) {
    const own = calibrationOptions(recalibration(m, {}), names);
    known = { template: withElasticities(m, {}), own: { sigma: own.sigma, psi: own.psi, sigmaSources: own.sigmaSources } };
    recalibrated.set(m, known);
  }
  const { template, own } = known;
  const given = calibrationOptions({ sigma: e.sigma ?? undefined, psi: e.psi ?? undefined, sigmaSources: e.sigmaSources ?? undefined }, names);
  const sigma = e.sigma != null ? given.sigma : own.sigma;
  const psi = e.psi != null ? given.psi : own.psi;
  const sigmaSources = e.sigmaSources != null ? given.sigmaSources : own.sigmaSources;
  const b = template.base;
  const changed = elasticityParameters({ M: b.Ms, Mtot: b.M, D: b.D, E: b.E, Z: b.Z, Q: b.Q, PM: b.PM, taum: template.exo.taum }, sigma, psi, sigmaSources);
  return cgeModel({ ...template, params: parameters({ ...template.params, ...changed }) });
}

/** Per model: the same model in the solver's own shapes (see `sweepBase`). */
const normalised = new WeakMap<CgeModel, CgeModel>();

/**
 * The model itself (the same numbers) for a scenario without elasticities, its objects and arrays
 * in the shapes and layouts calibration gives them (`cgeModel`, `parameters`, `exogenous`, double
 * arrays): a pool worker receives the model by structured clone, whose objects and arrays V8 lays
 * out otherwise, and solver code optimised for one layout would deoptimise on the other. Once per model.
 */
export function sweepBase(m: CgeModel): CgeModel {
  let model = normalised.get(m);
  if (model === undefined) {
    model = cgeModel({ ...m, params: parameters(withDoubles(m.params)), exo: exogenous(withDoubles(m.exo)), base: withDoubles(m.base) });
    normalised.set(m, model);
  }
  return model;
}

/** The indicator columns of a sweep row for model `m`, in order. */
export function sweepColumns(m: Pick<CgeModel, "sources">): string[] {
  return [
    "ev", "utility_pct", "gdp_real_pct", "gdp_nominal_pct", "consumption_pct", "exports_pct", "imports_pct",
    ...m.sources.flatMap((s) => [`imports_${s}_pct`, `import_share_${s}`]),
    "tariff_revenue", "exchange_rate",
  ];
}

/**
 * The row of scenario `item` (number `index`) with no results: `ok: false`, the error's
 * `message` and `kind` (both null before a solve fills the row in), nulls in every column.
 * Also the row of a scenario the pool could not run (its worker died).
 */
export function failedSweepRow(m: Pick<CgeModel, "sources">, item: SweepItem, index: number, message: string | null, kind: string | null): SweepRow {
  const row: SweepRow = { scenario: index, ...item.labels, ok: false, error: message, error_kind: kind, iterations: null };
  for (const column of sweepColumns(m)) row[column] = null;
  return row;
}

/** Per base solution: its indicators and the model parts they were read with (every scenario of a sweep shares them). */
const ofBase = new WeakMap<Levels, { sectors: string[]; sources: string[]; alpha: number[]; value: Indicators }>();

/** `indicators(m, m.base, m.base)`, computed once per base (and the sets and consumption shares it reads). */
function baseIndicators(m: CgeModel): Indicators {
  const known = ofBase.get(m.base);
  if (known !== undefined && known.sectors === m.sectors && known.sources === m.sources && known.alpha === m.params.alpha) return known.value;
  const value = indicators(m, m.base, m.base);
  ofBase.set(m.base, { sectors: m.sectors, sources: m.sources, alpha: m.params.alpha, value });
  return value;
}

const pct = (level: number, base: number) => (base !== 0 ? (level / base - 1) * 100 : null);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
/** Σ_s Σ_i of a [source][good] matrix, in that order. */
const sum2 = (values: readonly (readonly number[])[]) => sum(doublesOf(values.length, (s) => sum(values[s]!)));

/**
 * Solves scenario `item` (number `index`, 1-based) and returns its row. A scenario that fails
 * (bad elasticity, no convergence, outside the domain) gives a row with `ok: false`, its error
 * message and kind, and nulls: it never throws for a CGE error. `onStep` hears Newton's steps.
 */
export function sweepRow(m: CgeModel, item: SweepItem, index: number, options: SweepSolveOptions = {}, onStep?: (iteration: number, residual: number) => void): SweepRow {
  const row = failedSweepRow(m, item, index, null, null);
  let model = m;
  let outcome: ReturnType<typeof trySolve>;
  try {
    model = item.elasticities ? sweepModel(m, item.elasticities) : sweepBase(m);
    outcome = trySolve(model, item.policy, { ...options, ...(onStep ? { onProgress: onStep } : {}) });
  } catch (e) {
    if (!isCgeError(e) && !(typeof e === "object" && e !== null && (e as { name?: unknown }).name === "SolverError")) throw e;
    const info = (e as { info: CgeErrorInfo }).info;
    outcome = { ok: false, error: info };
  }
  // The row is filled in place, in its columns' order (its keys were all set by `failedSweepRow`).
  if (!outcome.ok) {
    row.error = outcome.error.message;
    row.error_kind = outcome.error.kind;
    return row;
  }
  const l = outcome.solution.levels;
  const b = model.base;
  const now = indicators(model, l, b);
  const base = baseIndicators(model);
  const imports = sum2(l.Ms);
  row.ok = true;
  row.iterations = outcome.solution.iterations;
  row.ev = now.ev;
  row.utility_pct = pct(now.utility, base.utility);
  row.gdp_real_pct = pct(now.gdpReal, base.gdpReal);
  row.gdp_nominal_pct = pct(now.gdpNominal, base.gdpNominal);
  row.consumption_pct = pct(now.consumption, base.consumption);
  row.exports_pct = pct(now.exports, base.exports);
  row.imports_pct = pct(imports, sum2(b.Ms));
  for (const s of model.sources) {
    row[`imports_${s}_pct`] = pct(now.imports[s]!, base.imports[s]!);
    row[`import_share_${s}`] = imports > 0 ? (now.imports[s]! / imports) * 100 : null;
  }
  row.tariff_revenue = sum(Object.values(now.tariffRevenue));
  row.exchange_rate = now.exchangeRate;
  return row;
}

/**
 * The sweep in this thread, one scenario after the other: the reference the pooled sweep
 * (`solvers.cge.sweep`) must match, and the way to sweep where there are no workers. One
 * row per scenario, in the scenarios' order.
 */
export function sweepSync(m: CgeModel, scenarios: readonly unknown[] | ColumnTable, options: SweepSolveOptions = {}): ColumnTable {
  return sweepTable(sweepItems(scenarios).map((item, k) => sweepRow(m, item, k + 1, options)));
}

/** Rows as an Arquero table whose columns are in the rows' key order (every row has every key). */
export function sweepTable(rows: readonly SweepRow[]): ColumnTable {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return aq.table(Object.fromEntries(names.map((name) => [name, rows.map((row) => row[name] ?? null)])));
}
