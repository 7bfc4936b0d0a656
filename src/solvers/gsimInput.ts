/**
 * The GSIM market description and its normalisation: one product market with N
 * regions, each both exporter and importer, as in Francois & Hall (2003).
 */
import { badInput, badOptionInput } from "./errors";
import { member, record } from "./options";
import { finite, key, nonNegative, positive, rowsOf, type Rows } from "./input";

/**
 * One product market of the global simulation model. Matrices are indexed
 * [exporter][importer] in the order of `regions`.
 */
export interface GsimMarket {
  regions: readonly string[];
  /** Trade at world (exporter) prices, any currency unit; ≥ 0. The diagonal is trade within a region (home-market sales, or trade among the members of an aggregate region such as "RW"), or 0. */
  trade: readonly (readonly number[])[];
  /** Initial power of the tariff, T0 = 1 + t0 (1.21 is a 21% tariff); ≥ 1 is not required, > 0 is. */
  tariff0: readonly (readonly number[])[];
  /** Final power of the tariff T1 (for an FTA between a and b: T1[a][b] = T1[b][a] = 1). */
  tariff1: readonly (readonly number[])[];
  /** Import demand elasticity E_m (< 0), one value or one per importer. */
  importDemandElasticity: number | readonly number[];
  /** Export supply elasticity E_x (> 0), one value or one per exporter. */
  exportSupplyElasticity: number | readonly number[];
  /** Elasticity of substitution between sources E_s (> 0), one value or one per importer. */
  substitutionElasticity: number | readonly number[];
}

/** A validated market: flat row-major matrices and one elasticity per region. */
export interface NormalMarket {
  n: number;
  regions: string[];
  m: Float64Array;
  t0: Float64Array;
  t1: Float64Array;
  em: Float64Array;
  ex: Float64Array;
  es: Float64Array;
}

function matrix(value: unknown, argument: string, n: number, check: (x: unknown, row: number, col: string) => number) {
  if (!Array.isArray(value) || value.length !== n) badInput(argument, `expected ${n} rows (one per region)`);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = (value as unknown[])[i];
    if (!Array.isArray(row) || row.length !== n) badInput(argument, `expected ${n} columns (one per region)`, i + 1);
    for (let j = 0; j < n; j++) out[i * n + j] = check(row[j], i + 1, `column ${j + 1}`);
  }
  return out;
}

function perRegion(value: unknown, argument: string, n: number, check: (x: number) => boolean, rule: string) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const raw = Array.isArray(value) ? value[i] : value;
    const x = finite(raw, argument, Array.isArray(value) ? i + 1 : undefined);
    if (!check(x)) badInput(argument, `expected ${rule}, got ${x}`, Array.isArray(value) ? i + 1 : undefined);
    out[i] = x;
  }
  if (Array.isArray(value) && value.length !== n) badInput(argument, `expected ${n} values (one per region), got ${value.length}`);
  return out;
}

/** Validates a `GsimMarket`; errors name the argument and the 1-based exporter row. */
export function normaliseMarket(market: GsimMarket): NormalMarket {
  record(market, "market", ["regions", "trade", "tariff0", "tariff1", "importDemandElasticity", "exportSupplyElasticity",
    "substitutionElasticity"], badOptionInput);
  if (!market || !Array.isArray(market.regions) || market.regions.length < 2) {
    badInput("market.regions", "expected at least two region names");
  }
  const regions = market.regions.map(String);
  if (new Set(regions).size !== regions.length) badInput("market.regions", "region names must be distinct");
  regions.forEach((name, i) => {
    const twin = regions.slice(0, i).find((r) => r.trim().toLowerCase() === name.trim().toLowerCase());
    if (twin !== undefined) badInput("market.regions", `region '${name}' differs from '${twin}' only in case or spaces`, i + 1);
  });
  const n = regions.length;
  const m = matrix(market.trade, "market.trade", n, (x, r, c) => {
    const v = finite(x, "market.trade", r, c);
    if (v < 0) badInput("market.trade", `trade must be ≥ 0, got ${v}`, r, c);
    return v;
  });
  const t0 = matrix(market.tariff0, "market.tariff0", n, (x, r, c) => positive(x, "market.tariff0", r, c));
  const t1 = matrix(market.tariff1, "market.tariff1", n, (x, r, c) => positive(x, "market.tariff1", r, c));
  const em = perRegion(market.importDemandElasticity, "market.importDemandElasticity", n, (x) => x < 0, "a number < 0");
  const ex = perRegion(market.exportSupplyElasticity, "market.exportSupplyElasticity", n, (x) => x > 0, "a number > 0");
  const es = perRegion(market.substitutionElasticity, "market.substitutionElasticity", n, (x) => x > 0, "a number > 0");
  return { n, regions, m, t0, t1, em, ex, es };
}

/** Import shares at internal prices θ[r][v] = M·T0 / Σ_s M·T0 (0 for an importer with no imports). */
export function internalShares({ n, m, t0 }: NormalMarket): Float64Array {
  const theta = new Float64Array(n * n);
  for (let v = 0; v < n; v++) {
    let total = 0;
    for (let r = 0; r < n; r++) total += m[r * n + v] * t0[r * n + v];
    if (total > 0) for (let r = 0; r < n; r++) theta[r * n + v] = (m[r * n + v] * t0[r * n + v]) / total;
  }
  return theta;
}

/** One bilateral flow for `gsimMarketFromRows`: tariffs in percent ad valorem. */
export interface GsimFlow {
  exporter: string;
  importer: string;
  trade: number;
  tariff0: number;
  tariff1: number;
}

/** Options of `gsimMarketFromRows`. */
export interface GsimRowsOptions {
  /** The regions, in order: a flow naming any other region is refused (with the closest name suggested). */
  regions?: readonly string[];
}

/**
 * Builds a `GsimMarket` from a long table of flows (one row per exporter-importer pair).
 * Regions are `options.regions` when given, else taken in order of first appearance; a pair
 * not listed has no trade and no tariff. Tariffs in percent become powers T = 1 + t/100. A pair
 * listed twice is an error naming its second row, and so is a region name that differs from
 * an earlier one only in case or spaces (a misspelling would otherwise become a new region).
 */
export function gsimMarketFromRows(
  flows: Rows<GsimFlow>,
  elasticities: Pick<GsimMarket, "importDemandElasticity" | "exportSupplyElasticity" | "substitutionElasticity">,
  options: GsimRowsOptions = {},
): GsimMarket {
  const o = record(options, "options", ["regions"], badOptionInput);
  if (o.regions !== undefined && !Array.isArray(o.regions)) badOptionInput("options.regions", o.regions, "must be an array of region names");
  const known = o.regions === undefined ? null : (o.regions as unknown[]).map((r, i) => key(r, "options.regions", i + 1));
  const rows = rowsOf(flows, "flows");
  const regions: string[] = known ? [...known] : [];
  const index = (name: string, row: number, column: string) => {
    let i = regions.indexOf(name);
    if (i >= 0) return i;
    // Every known region is already in `regions`, so here `member` refuses the name.
    if (known) member(name, "flows", known, "region", (_o, _v, why) => badInput("flows", why, row, column));
    const folded = name.trim().toLowerCase();
    const twin = regions.find((r) => r.trim().toLowerCase() === folded);
    if (twin !== undefined) badInput("flows", `region '${name}' differs from '${twin}' only in case or spaces`, row, column);
    return regions.push(name) - 1;
  };
  const parsed = rows.map((r, i) => {
    const row = i + 1;
    return {
      row, e: index(key(r.exporter, "flows", row, "exporter"), row, "exporter"), m: index(key(r.importer, "flows", row, "importer"), row, "importer"),
      trade: nonNegative(r.trade, "flows", row, "trade"),
      t0: 1 + nonNegative(r.tariff0, "flows", row, "tariff0") / 100,
      t1: 1 + nonNegative(r.tariff1, "flows", row, "tariff1") / 100,
    };
  });
  const n = regions.length;
  const grid = (fill: number) => Array.from({ length: n }, () => new Array<number>(n).fill(fill));
  const trade = grid(0), tariff0 = grid(1), tariff1 = grid(1), seen = grid(0);
  for (const f of parsed) {
    if (seen[f.e][f.m]) badInput("flows", `${regions[f.e]} → ${regions[f.m]} appears twice`, f.row, "importer");
    seen[f.e][f.m] = 1;
    trade[f.e][f.m] = f.trade;
    tariff0[f.e][f.m] = f.t0;
    tariff1[f.e][f.m] = f.t1;
  }
  return { regions, trade, tariff0, tariff1, ...elasticities };
}
