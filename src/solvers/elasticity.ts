/**
 * Price elasticities of a quantity or a share: point, arc (midpoint) and log-log least
 * squares, and the study's variant in which the quantity is the non-union share of imports.
 */
import { badInput, badOptionInput } from "./errors";
import { keyword, record } from "./options";
import { finite, nonNegative, positive, rowsOf, type Rows } from "./input";

/**
 * Smallest relative price change an elasticity is computed from: below it the change is
 * rounding (a few ulps of the price), and dividing by it gives a number of any size.
 */
const minPriceChange = 1e-12;

function change(p0: number, p1: number, argument: string) {
  if (p1 === p0) badInput(argument, `no price change (both prices are ${p0}); the elasticity is undefined`);
  const relative = Math.abs(p1 - p0) / Math.max(p0, p1);
  if (relative < minPriceChange) {
    badInput(argument, `the price changes by ${relative.toPrecision(3)} of itself (${p0} → ${p1}), below ${minPriceChange}: too small to measure an elasticity`);
  }
}

/** The accepted `method`s of `ncuShareElasticity`. */
const shareMethods = ["point", "arc"] as const;

/**
 * Point elasticity between two observations, the study's Annex 5 formula:
 *
 *     E = (ΔQ / Q0) / (Δp / p0)
 *
 * Q ≥ 0 in any unit (or a share), p > 0 in any unit; E is dimensionless. A price change
 * below 1e-12 of the price is refused as too small to measure. Source: the study,
 * Annex 5 (`../shared/study/README.md`, "Elasticity"); any microeconomics text.
 */
export function pointElasticity(q0: number, q1: number, p0: number, p1: number): number {
  positive(p0, "p0");
  positive(p1, "p1");
  const a = nonNegative(q0, "q0"), b = nonNegative(q1, "q1");
  if (a === 0) badInput("q0", "the base quantity is 0; the relative change is undefined");
  change(p0, p1, "p1");
  return ((b - a) / a) / ((p1 - p0) / p0);
}

/**
 * Arc (midpoint) elasticity, symmetric in the two observations:
 *
 *     E = (ΔQ / ((Q0 + Q1)/2)) / (Δp / ((p0 + p1)/2))
 *
 * Q ≥ 0 (a negative quantity can make the midpoint vanish), p > 0; a price change below
 * 1e-12 of the price is refused as too small to measure.
 * Source: R. G. D. Allen, "The concept of arc elasticity of demand", Review of Economic
 * Studies 1 (1934); the midpoint formula of introductory texts.
 */
export function arcElasticity(q0: number, q1: number, p0: number, p1: number): number {
  positive(p0, "p0");
  positive(p1, "p1");
  const a = nonNegative(q0, "q0"), b = nonNegative(q1, "q1");
  if (a + b === 0) badInput("q1", "the mean quantity is 0; the relative change is undefined");
  change(p0, p1, "p1");
  return ((b - a) / ((a + b) / 2)) / ((p1 - p0) / ((p0 + p1) / 2));
}

/** Result of `logLogElasticity`. */
export interface LogLogFit {
  /** The elasticity, the OLS slope of ln Q on ln p. */
  elasticity: number;
  intercept: number;
  /** Standard error of the slope, √(σ̂² / Σ(x − x̄)²) with σ̂² = SSR/(n − 2). */
  standardError: number;
  r2: number;
  n: number;
}

/**
 * Constant elasticity by ordinary least squares on logs, ln Q_i = a + E·ln p_i + u_i:
 *
 *     E = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²,   x = ln p, y = ln Q
 *     R² = 1 − SSR / Σ(y − ȳ)²,   se(E) = √(SSR/(n − 2) / Σ(x − x̄)²)
 *
 * Needs n ≥ 3 points with positive prices and quantities, and prices that differ by at least
 * 1e-12 of themselves (ln p spanning ≥ 1e-12); closer prices are refused as no measurable change.
 * `points` is a table or rows with `price` and `quantity` columns (names configurable).
 * Source: W. H. Greene, *Econometric Analysis*, ch. 3-4 (simple regression).
 */
export function logLogElasticity(
  points: Rows<Record<string, unknown>>,
  options: { priceColumn?: string; quantityColumn?: string } = {},
): LogLogFit {
  record(options, "options", ["priceColumn", "quantityColumn"], badOptionInput);
  const pc = options.priceColumn ?? "price", qc = options.quantityColumn ?? "quantity";
  const rows = rowsOf(points, "points");
  const n = rows.length;
  if (n < 3) badInput("points", `needs at least 3 points for a slope and its standard error, got ${n}`);
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.log(positive(rows[i][pc], "points", i + 1, pc));
    y[i] = Math.log(positive(rows[i][qc], "points", i + 1, qc));
  }
  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const mx = mean(x), my = mean(y);
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0) badInput("points", "no price change (all prices are equal); the elasticity is undefined");
  const span = Math.max(...x) - Math.min(...x);
  if (span < minPriceChange) {
    badInput("points", `prices differ by at most ${span.toPrecision(3)} of themselves, below ${minPriceChange}: too small to measure an elasticity`);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (y[i] - intercept - slope * x[i]) ** 2;
  return {
    elasticity: slope,
    intercept,
    standardError: Math.sqrt(ssr / (n - 2) / sxx),
    r2: syy === 0 ? 1 : 1 - ssr / syy,
    n,
  };
}

/** One observation for `ncuShareElasticity`: imports from non-union partners, total imports and the price. */
export interface ShareObservation {
  year: number;
  ncuImports: number;
  totalImports: number;
  price: number;
}

/** Refuses a year given in two rows of `observations` (which one to use would be a guess). */
function refuseRepeatedYears(rows: readonly ShareObservation[]): void {
  const firstRow = new Map<unknown, number>();
  rows.forEach((r, i) => {
    const before = firstRow.get(r.year);
    if (before !== undefined) badInput("observations", `year ${String(r.year)} appears twice (rows ${before} and ${i + 1})`, i + 1, "year");
    firstRow.set(r.year, i + 1);
  });
}

/**
 * The study's elasticity of the non-union share of imports with respect to the import price:
 * the point (or arc) elasticity with Q = s = NCU imports / total imports, between the
 * observations of years `from` and `to` (the study uses 2008, 2009 and 2010 against 2012).
 *
 *     E = ((s_to − s_from)/s_from) / ((p_to − p_from)/p_from)
 *
 * Imports in any currency unit; price an index or unit value > 0. `method` is "point" or
 * "arc" (anything else is refused); each year may appear in one row only. Source: the study, Annex 5
 * and Table 2.3 ("price elasticity coefficient of the structure of imports from countries
 * not in the CU"; `../shared/study/README.md`).
 */
export function ncuShareElasticity(
  observations: Rows<ShareObservation>,
  from: number,
  to: number,
  method: "point" | "arc" = "point",
): number {
  const how = keyword(method, "method", shareMethods, badOptionInput);
  const rows = rowsOf(observations, "observations");
  refuseRepeatedYears(rows);
  const pick = (year: number, argument: string) => {
    const i = rows.findIndex((r) => r.year === year);
    if (i < 0) return badInput(argument, `no observation for year ${year}`);
    const r = rows[i];
    const ncu = finite(r.ncuImports, "observations", i + 1, "ncuImports");
    const total = positive(r.totalImports, "observations", i + 1, "totalImports");
    if (ncu < 0 || ncu > total) badInput("observations", `ncuImports must be between 0 and totalImports, got ${ncu}`, i + 1, "ncuImports");
    return { share: ncu / total, price: positive(r.price, "observations", i + 1, "price") };
  };
  const a = pick(from, "from"), b = pick(to, "to");
  return how === "arc"
    ? arcElasticity(a.share, b.share, a.price, b.price)
    : pointElasticity(a.share, b.share, a.price, b.price);
}
