/**
 * Helpers for systematic sensitivity analysis (issue 13): scenario grids (the cartesian
 * product of named parameter lists), seeded random draws of uncertain parameters, and
 * quantile summaries of the results. Pure and deterministic: the same arguments give the
 * same rows, in the same order, in Node and in every worker.
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { badInput } from "./errors";
import { isTable, rowsOf, type Rows } from "./input";

/** A parameter row: the parameter values of one scenario. */
export type ParameterRow = Record<string, number | string | boolean>;

/**
 * Every combination of the named lists, one row each, in odometer order: the last name
 * varies fastest. `scenarioGrid({cut: [0, 0.25], scale: [1, 1.5]})` gives
 * `{cut: 0, scale: 1}, {cut: 0, scale: 1.5}, {cut: 0.25, scale: 1}, {cut: 0.25, scale: 1.5}`.
 */
export function scenarioGrid(lists: Readonly<Record<string, readonly (number | string | boolean)[]>>): ParameterRow[] {
  if (typeof lists !== "object" || lists === null || Array.isArray(lists)) badInput("lists", "expected an object of named lists, e.g. {cut: [0, 0.25]}");
  const names = Object.keys(lists);
  if (names.length === 0) badInput("lists", "names no parameter");
  for (const name of names) {
    const list = lists[name];
    if (!Array.isArray(list) || list.length === 0) badInput("lists", `${name} must be a non-empty list of values`);
  }
  const count = names.reduce((n, name) => n * lists[name]!.length, 1);
  if (count > 1_000_000) badInput("lists", `the grid has ${count} rows; at most 1,000,000`);
  const rows: ParameterRow[] = [];
  for (let k = 0; k < count; k++) {
    const row: ParameterRow = {};
    let rest = k;
    for (let j = names.length - 1; j >= 0; j--) {
      const list = lists[names[j]!]!;
      row[names[j]!] = list[rest % list.length]!;
      rest = Math.floor(rest / list.length);
    }
    rows.push(Object.fromEntries(names.map((name) => [name, row[name]!])));
  }
  return rows;
}

/**
 * A seeded pseudo-random generator of uniform numbers in [0, 1): Mulberry32 (Tommy
 * Ettinger, 2017), a 32-bit state advanced by the odd constant 0x6D2B79F5 (a Weyl
 * sequence) and mixed by two xor-shift-multiply rounds. Period 2^32, fast, and identical
 * on every JavaScript engine because it uses only 32-bit integer arithmetic (`Math.imul`).
 * Not for cryptography.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isFinite(seed)) badInput("seed", `must be a finite number, got ${String(seed)}`);
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How one uncertain parameter is distributed. */
export type Distribution =
  | { dist: "uniform"; min: number; max: number }
  /** Normal with `mean` and standard deviation `sd`, optionally truncated to [min, max] by redrawing. */
  | { dist: "normal"; mean: number; sd: number; min?: number; max?: number }
  /** exp(N(ln median, logSd²)): positive, right-skewed; the usual choice for elasticities. */
  | { dist: "lognormal"; median: number; logSd: number }
  | { dist: "triangular"; min: number; mode: number; max: number };

/** A standard normal from two uniforms (Box–Muller, cosine branch only: one uniform pair per normal). */
function standardNormal(random: () => number): number {
  const u = 1 - random(); // in (0, 1]: the logarithm stays finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function checkDistribution(name: string, d: Distribution): void {
  const fail = (why: string): never => badInput("distributions", `${name}: ${why}`);
  if (typeof d !== "object" || d === null) fail("expected {dist: ...}");
  const numbers = (...keys: string[]) => {
    for (const key of keys) if (!Number.isFinite((d as Record<string, unknown>)[key])) fail(`${key} must be a finite number`);
  };
  switch (d.dist) {
    case "uniform":
      numbers("min", "max");
      if (!(d.min <= d.max)) fail("min must not exceed max");
      return;
    case "normal":
      numbers("mean", "sd");
      if (!(d.sd >= 0)) fail("sd must be ≥ 0");
      if (d.min !== undefined && d.max !== undefined && !(d.min < d.max)) fail("min must be below max");
      return;
    case "lognormal":
      numbers("median", "logSd");
      if (!(d.median > 0) || !(d.logSd >= 0)) fail("median must be > 0 and logSd ≥ 0");
      return;
    case "triangular":
      numbers("min", "mode", "max");
      if (!(d.min <= d.mode && d.mode <= d.max && d.min < d.max)) fail("needs min ≤ mode ≤ max and min < max");
      return;
    default:
      fail(`unknown distribution ${JSON.stringify((d as { dist?: unknown }).dist)} (expected uniform, normal, lognormal or triangular)`);
  }
}

function drawOne(d: Distribution, random: () => number): number {
  switch (d.dist) {
    case "uniform":
      return d.min + (d.max - d.min) * random();
    case "normal": {
      // Truncation by redrawing; bounded so that a far-off window cannot loop forever.
      for (let tries = 0; tries < 1000; tries++) {
        const x = d.mean + d.sd * standardNormal(random);
        if ((d.min === undefined || x >= d.min) && (d.max === undefined || x <= d.max)) return x;
      }
      return badInput("distributions", `normal(${d.mean}, ${d.sd}) almost never falls in [${d.min}, ${d.max}]`);
    }
    case "lognormal":
      return d.median * Math.exp(d.logSd * standardNormal(random));
    case "triangular": {
      // Inverse of the triangular CDF.
      const u = random();
      const c = (d.mode - d.min) / (d.max - d.min);
      return u < c ? d.min + Math.sqrt(u * (d.max - d.min) * (d.mode - d.min)) : d.max - Math.sqrt((1 - u) * (d.max - d.min) * (d.max - d.mode));
    }
  }
}

/**
 * `n` random draws of the named parameters, one row each, numbered from 1 in `draw`. Rows
 * are drawn in order and, within a row, parameters in the order they are named, all from
 * one Mulberry32 stream seeded with `seed` (default 1): the same call gives the same rows.
 * Example: `randomDraws(200, {sigma: {dist: "lognormal", median: 2, logSd: 0.3}}, {seed: 7})`.
 */
export function randomDraws(n: number, distributions: Readonly<Record<string, Distribution>>, options: { seed?: number } = {}): ParameterRow[] {
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) badInput("n", `must be a whole number from 1 to 1,000,000, got ${String(n)}`);
  const names = Object.keys(distributions ?? {});
  if (names.length === 0) badInput("distributions", "names no parameter");
  for (const name of names) checkDistribution(name, distributions[name]!);
  const random = seededRandom(options.seed ?? 1);
  const rows: ParameterRow[] = [];
  for (let k = 0; k < n; k++) {
    const row: ParameterRow = { draw: k + 1 };
    for (const name of names) row[name] = drawOne(distributions[name]!, random);
    rows.push(row);
  }
  return rows;
}

/**
 * Sample quantiles at probabilities `probs` (each in [0, 1]): the linear interpolation between
 * order statistics at h = (n − 1)p (Hyndman & Fan 1996, type 7; R's and NumPy's default).
 * Values that are not finite numbers (a failed scenario's null) are left out; with none left,
 * every quantile is null.
 */
export function quantiles(values: ArrayLike<unknown>, probs: readonly number[]): (number | null)[] {
  for (const p of probs) if (!(p >= 0 && p <= 1)) badInput("probs", `each probability must lie in [0, 1], got ${String(p)}`);
  const sorted = Array.from(values).filter((v): v is number => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return probs.map(() => null);
  return probs.map((p) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  });
}

/** The column name of quantile p: `q5` for 0.05, `q50` for the median, `q2_5` for 0.025. */
export function quantileName(p: number): string {
  return `q${String(Math.round(p * 1000) / 10).replace(".", "_")}`;
}

/** Options of `quantileSummary`. */
export interface QuantileOptions {
  /** Columns to summarise. */
  values: readonly string[];
  /** Columns to group by (none: one row). */
  by?: readonly string[];
  /** Probabilities (default 0.05, 0.25, 0.5, 0.75, 0.95). */
  probs?: readonly number[];
}

/**
 * Throws a bad-input error when a `values` or `by` column is not in the rows (a misspelt name
 * would otherwise summarise to n = 0), or a `values` column holds something other than numbers
 * and nulls (text or booleans would be left out as missing, a summary of nothing).
 */
function checkSummaryColumns(rows: Rows<Record<string, unknown>>, list: readonly Record<string, unknown>[], values: readonly string[], by: readonly string[]): void {
  if (list.length === 0) return;
  const columns = new Set<string>(isTable(rows) ? rows.columnNames() : []);
  if (!isTable(rows)) for (const row of list) for (const name of Object.keys(row)) columns.add(name);
  const known = () => [...columns].slice(0, 20).join(", ") + (columns.size > 20 ? ", …" : "");
  for (const [argument, names] of [["values", values], ["by", by]] as const) {
    for (const name of names) if (!columns.has(name)) badInput(argument, `no column "${String(name)}" in the rows (columns: ${known()})`);
  }
  for (const name of values) {
    const at = list.findIndex((row) => {
      const value = row[name];
      return value !== null && value !== undefined && typeof value !== "number";
    });
    if (at >= 0) badInput("values", `column "${name}" holds ${typeof list[at]![name]} at row ${at + 1} (${JSON.stringify(list[at]![name])?.slice(0, 40)}), not numbers`);
  }
}

/**
 * Quantiles of each `values` column per group of `by`: one row per group (in order of first
 * appearance) and value column, with `variable`, `n` (finite values), `mean` and one column per
 * quantile (`q5`, `q25`, `q50`, …). Ready for bands: `Plot.areaY(s, {x, y1: "q5", y2: "q95"})`.
 */
export function quantileSummary(rows: Rows<Record<string, unknown>>, options: QuantileOptions): ColumnTable {
  const list = rowsOf(rows, "rows");
  const probs = options.probs ?? [0.05, 0.25, 0.5, 0.75, 0.95];
  const by = options.by ?? [];
  if (!Array.isArray(options.values) || options.values.length === 0) badInput("values", "name at least one column to summarise");
  if (!Array.isArray(by)) badInput("by", "expected a list of column names");
  checkSummaryColumns(rows, list, options.values, by);
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of list) {
    const key = JSON.stringify(by.map((name) => row[name] ?? null));
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(row);
  }
  const out: Record<string, unknown>[] = [];
  for (const group of groups.values()) {
    for (const variable of options.values) {
      const values = group.map((row) => row[variable]);
      const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
      const record: Record<string, unknown> = Object.fromEntries(by.map((name) => [name, group[0]![name] ?? null]));
      record.variable = variable;
      record.n = finite.length;
      record.mean = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
      quantiles(finite, probs).forEach((q, k) => (record[quantileName(probs[k]!)] = q));
      out.push(record);
    }
  }
  return aq.from(out);
}
