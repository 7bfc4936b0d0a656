/**
 * The CGE's options, normalised once at the door (see ../options.ts): unknown keys refused
 * with the closest valid one suggested, types checked before ranges, per-sector maps checked
 * key by key. Every failure is a `bad-option` error naming the option and the value.
 */
import { describe, keyword, member, numberOption, perName, record, type Range } from "../options";
import { optionFail } from "./errors";

/**
 * Elasticities (Armington σ, CET ψ, between import sources) must lie in (0, 50]: at 0 the
 * CES is Leontief (no calibrated shares), and past 50 a 1 % price gap moves shares by e^0.5
 * and more, where a Newton step from the base rarely lands. σ = 1 is the exact Cobb–Douglas limit.
 */
export const elasticityRange: Range = { above: 0, max: 50 };

/** Ad valorem rates (tariffs, production taxes) after any shock: above −100 % (a price cannot turn negative) and at most 1000 %. */
export const rateRange: Range = { above: -1, max: 10 };

/** Non-tariff costs are iceberg costs: at least 0 and at most 1000 % ad valorem. */
export const ntbRange: Range = { min: 0, max: 10 };

/** The keys of `calibrate`'s options. */
export const calibrateKeys = ["sigma", "psi", "sigmaSources", "ntb", "government", "saving", "specificFactors", "closure"] as const;

/** Calibration settings after normalisation: one value per sector (and source). */
export interface CalibrationSettings {
  sigma: number[];
  psi: number[];
  sigmaSources: number[];
  /** [source][sector] */
  ntb: number[][];
  government: "fixed-tax-rates" | "balanced-budget";
  saving: "gross-income" | "disposable-income";
  specific: boolean[];
}

/** Checks `calibrate`'s options against the model's sectors, factors and import sources. */
export function calibrationOptions(options: unknown, names: { sectors: readonly string[]; factors: readonly string[]; sources: readonly string[] }):
  CalibrationSettings {
  const o = record(options, "", calibrateKeys, optionFail);
  const { sectors, factors, sources } = names;
  const per = (name: string, fallback: number) => perName(o[name], name, sectors, "sector", fallback, elasticityRange, optionFail);
  const ntbs = record(o.ntb, "ntb", sources, (option, value, why) =>
    optionFail(option, value, why.replace("unknown option", "unknown import source")));
  const specificNames = o.specificFactors ?? [];
  if (!Array.isArray(specificNames)) optionFail("specificFactors", specificNames, "must be an array of factor names");
  (specificNames as unknown[]).forEach((h, k) => member(h, `specificFactors[${k}]`, factors, "factor", optionFail));
  return {
    sigma: per("sigma", 2),
    psi: per("psi", 2),
    sigmaSources: per("sigmaSources", 4),
    ntb: sources.map((s) => perName(ntbs[s], `ntb.${s}`, sectors, "sector", 0, ntbRange, optionFail)),
    government: o.government === undefined ? "fixed-tax-rates" : keyword(o.government, "government", ["fixed-tax-rates", "balanced-budget"], optionFail),
    saving: o.saving === undefined ? "gross-income" : keyword(o.saving, "saving", ["gross-income", "disposable-income"], optionFail),
    specific: factors.map((h) => (specificNames as unknown[]).includes(h)),
  };
}

const solveKeys = ["tolerance", "maxIterations", "onProgress", "start", "continuation"] as const;

/** Checks the Newton settings `solve` and `simulate` share: tolerance, iteration limit and progress callback. */
function checkNewtonOptions(o: Record<string, unknown>): void {
  if (o.tolerance !== undefined) numberOption(o.tolerance, "tolerance", { above: 0, max: 1e-3 }, optionFail);
  if (o.maxIterations !== undefined) numberOption(o.maxIterations, "maxIterations", { min: 1, max: 10000, integer: true }, optionFail);
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") optionFail("onProgress", o.onProgress, "must be a function");
}

/** Checks `solve`'s options: a positive tolerance below 1e-3, a whole number of iterations from 1 to 10 000. */
export function checkSolveOptions(options: unknown): void {
  const o = record(options, "", solveKeys, optionFail);
  checkNewtonOptions(o);
  if (o.start !== undefined && (typeof o.start !== "object" || o.start === null)) optionFail("start", o.start, "must be the levels of a solution");
  if (o.continuation !== undefined && typeof o.continuation !== "boolean") optionFail("continuation", o.continuation, "must be true or false");
}

/** How an array or other value reads in a warm-start message: arrays by their length. */
function shape(v: unknown): string {
  return Array.isArray(v) || ArrayBuffer.isView(v) ? `an array of ${(v as ArrayLike<unknown>).length}` : describe(v);
}

/** Whether `v` is an array (or typed array) of `n` finite numbers. */
function finiteNumbers(v: unknown, n: number): boolean {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) return false;
  const a = v as ArrayLike<unknown>;
  if (a.length !== n) return false;
  for (let k = 0; k < n; k++) if (typeof a[k] !== "number" || !Number.isFinite(a[k])) return false;
  return true;
}

/**
 * Checks `solve`'s warm start against the model: the levels of a solution of a model with the
 * same sectors and factors (`pd`, `Z`: one finite number per sector; `FF`: one per factor; `pf`: one
 * row per factor, one number per sector; `eps`, `Sf`, `sspScale`: finite numbers), the fields Newton starts from.
 */
export function checkStart(start: unknown, names: { sectors: readonly string[]; factors: readonly string[] }): void {
  if (start === undefined) return;
  const l = start as Record<string, unknown>;
  const N = names.sectors.length;
  const H = names.factors.length;
  const levels = "the levels of a solution of this model (e.g. solve(model).levels)";
  const vector = (name: string, n: number, per: string) => {
    if (!finiteNumbers(l[name], n)) optionFail(`start.${name}`, l[name], `must be ${n} finite numbers, one per ${per}, got ${shape(l[name])}: start must be ${levels}`);
  };
  vector("pd", N, "sector");
  vector("Z", N, "sector");
  vector("FF", H, "factor");
  const pf = l.pf;
  if (!Array.isArray(pf) || pf.length !== H || !pf.every((row) => finiteNumbers(row, N))) {
    optionFail("start.pf", pf, `must be ${H} rows (one per factor) of ${N} finite numbers (one per sector), got ${shape(pf)}: start must be ${levels}`);
  }
  for (const name of ["eps", "Sf", "sspScale"]) {
    if (typeof l[name] !== "number" || !Number.isFinite(l[name])) optionFail(`start.${name}`, l[name], `must be a finite number, got ${describe(l[name])}: start must be ${levels}`);
  }
}

const simulateKeys = ["tolerance", "maxIterations", "onProgress", "onYear"] as const;

/**
 * Checks `simulate`'s (and `dynamic`'s) options as `solve` checks its own: unknown keys refused,
 * tolerance in (0, 1e-3], 1 to 10 000 whole iterations, functions for the callbacks. `start` and
 * `continuation` are refused by name: each year starts from the last year's solution, without continuation.
 */
export function checkSimulateOptions(options: unknown): void {
  if (typeof options === "object" && options !== null) {
    const o = options as Record<string, unknown>;
    if (o.start !== undefined) optionFail("start", o.start, "is not an option of simulate or dynamic: each year starts from the last year's solution (the first from the base)");
    if (o.continuation !== undefined) optionFail("continuation", o.continuation, "is not an option of simulate or dynamic: their years are solved without continuation steps");
  }
  const o = record(options, "", simulateKeys, optionFail);
  checkNewtonOptions(o);
  if (o.onYear !== undefined && typeof o.onYear !== "function") optionFail("onYear", o.onYear, "must be a function");
}

/** The keys of `sam`'s options: the account roles and the balance tolerance. */
export const samKeys = ["sectors", "factors", "household", "government", "investment", "indirectTax", "restOfWorld", "tariffs", "tolerance"] as const;

/** An account name or a non-empty map from import source to account name (`restOfWorld`, `tariffs`). */
function accountsBySource(value: unknown, option: string): void {
  if (typeof value === "string") return;
  const example = `"EXT" or one per import source, e.g. {CU: "EXT_CU", ROW: "EXT_ROW"}`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    optionFail(option, value, `${value === undefined ? "is missing" : `must be an account name or an object, got ${describe(value)}`}: give the SAM account(s), ${example}`);
  }
  for (const [source, account] of Object.entries(value as Record<string, unknown>)) {
    if (typeof account !== "string") optionFail(`${option}.${source}`, account, `must be a SAM account name, got ${describe(account)}`);
  }
}

/**
 * Checks `sam`'s options before any account is looked up: unknown keys refused (a misspelt
 * `tolerence` or `restOfworld` is never ignored), every role given with the right type
 * (`sectors`, `factors`: arrays of account names; `household`, `government`, `investment`,
 * `indirectTax`: an account name; `restOfWorld`, `tariffs`: a name or one per import source),
 * and `tolerance` a finite number ≥ 0 (absolute, in SAM units).
 */
export function checkSamOptions(options: unknown): void {
  const o = record(options, "", samKeys, optionFail);
  if (options === undefined) optionFail("options", options, "are missing: give the account roles (sectors, factors, household, government, investment, indirectTax, restOfWorld, tariffs)");
  for (const role of ["sectors", "factors"]) {
    const v = o[role];
    if (!Array.isArray(v) || v.length === 0) optionFail(role, v, `${v === undefined ? "is missing" : `must be a non-empty array of SAM account names, got ${describe(v)}`}`);
    (v as unknown[]).forEach((a, k) => {
      if (typeof a !== "string") optionFail(`${role}[${k}]`, a, `must be a SAM account name, got ${describe(a)}`);
    });
  }
  for (const role of ["household", "government", "investment", "indirectTax"]) {
    if (typeof o[role] !== "string") optionFail(role, o[role], o[role] === undefined ? "is missing: give its SAM account name" : `must be a SAM account name, got ${describe(o[role])}`);
  }
  accountsBySource(o.restOfWorld, "restOfWorld");
  accountsBySource(o.tariffs, "tariffs");
  if (o.tolerance !== undefined) numberOption(o.tolerance, "tolerance", { min: 0 }, optionFail);
}

/** The dynamic model's own keys (the rest are calibration options). */
export const dynamicKeys = ["ror", "dep", "pop", "zeta", "capital", "startYear", "periods"] as const;

/** Dynamic settings after normalisation. */
export interface DynamicSettings {
  ror: number;
  dep: number;
  pop: number;
  zeta: number;
  capital: string;
  startYear: number;
  periods: number;
}

/**
 * Checks `dynamicModel`'s own options: rate of return in (0, 1], depreciation in [0, 1),
 * growth in (−0.5, 0.5), ζ in [0, 50], a whole start year and 1 to 1000 whole periods.
 */
export function dynamicSettings(o: Record<string, unknown>, factors: readonly string[]): DynamicSettings {
  const n = (name: string, fallback: number, range: Range) => (o[name] === undefined ? fallback : numberOption(o[name], name, range, optionFail));
  return {
    ror: n("ror", 0.05, { above: 0, max: 1 }),
    dep: n("dep", 0.04, { min: 0, below: 1 }),
    pop: n("pop", 0.02, { above: -0.5, below: 0.5 }),
    zeta: n("zeta", 1, { min: 0, max: 50 }),
    capital: o.capital === undefined ? "CAP" : member(o.capital, "capital", factors, "factor", optionFail),
    startYear: n("startYear", 0, { min: -100000, max: 100000, integer: true }),
    periods: n("periods", 31, { min: 1, max: 1000, integer: true }),
  };
}
