/**
 * The CGE's options, normalised once at the door (see ../options.ts): unknown keys refused
 * with the closest valid one suggested, types checked before ranges, per-sector maps checked
 * key by key. Every failure is a `bad-option` error naming the option and the value.
 */
import { keyword, member, numberOption, perName, record, type Range } from "../options";
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

/** Checks `solve`'s options: a positive tolerance below 1e-3, a whole number of iterations from 1 to 10 000. */
export function checkSolveOptions(options: unknown): void {
  const o = record(options, "", solveKeys, optionFail);
  if (o.tolerance !== undefined) numberOption(o.tolerance, "tolerance", { above: 0, max: 1e-3 }, optionFail);
  if (o.maxIterations !== undefined) numberOption(o.maxIterations, "maxIterations", { min: 1, max: 10000, integer: true }, optionFail);
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") optionFail("onProgress", o.onProgress, "must be a function");
  if (o.start !== undefined && (typeof o.start !== "object" || o.start === null)) optionFail("start", o.start, "must be the levels of a solution");
  if (o.continuation !== undefined && typeof o.continuation !== "boolean") optionFail("continuation", o.continuation, "must be true or false");
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
