/**
 * Import-structure scenarios: elasticities of the non-union (NCU) share of imports applied
 * to price shocks, projecting the union (CU) and NCU shares year by year, with the
 * economy-wide diversion weighted by sector imports.
 */
import { badInput } from "./errors";
import { describe, member, suggestion } from "./options";
import { finite, key, nonNegative, positive, rowTable, rowsOf, type Rows, type RowTable } from "./input";

/**
 * Named elasticity sets (one elasticity per transition year). Only the study's scenario 1
 * survives in print: average elasticities −1.014, −2.784, −3.925 for years 1-3 (study,
 * ru 3416-3426; `../shared/study/scenarios.csv`). Scenarios 2 and 3 were not printed.
 */
export const elasticityScenarios: Readonly<Record<string, readonly number[]>> = Object.freeze({
  "study-1": Object.freeze([-1.014, -2.784, -3.925]),
});

/** One sector's base: NCU share of imports before the change (percent) and base-year imports. */
export interface StructureSector {
  sector: string | number;
  ncuShare: number;
  imports?: number;
}

/** One price observation: the price index of the sector's imports in a year (base 1 before year 1). */
export interface StructurePrice {
  sector: string | number;
  year: number;
  index: number;
}

/** Elasticities: one list for every sector, one list per sector, or a named scenario. */
export type ElasticitySpec = readonly number[] | Readonly<Record<string, readonly number[]>> | string;

/** One row of `ImportStructure.shares`; shares in percent, `elasticity` null at step 0. */
export interface ShareRow {
  sector: string;
  year: number;
  step: number;
  price: number;
  elasticity: number | null;
  ncuShare: number;
  cuShare: number;
  clamped: boolean;
}

/** One row of `ImportStructure.diversion`. */
export interface DiversionRow {
  sector: string;
  ncuShare0: number;
  ncuShare1: number;
  diversion: number;
  relativeDiversion: number;
  imports: number | null;
}

/** Result of `projectImportShares`. */
export interface ImportStructure {
  /** `sector, year, step, price, elasticity, ncuShare, cuShare, clamped` (step 0 is the base). Shares in percent. */
  shares: RowTable<ShareRow>;
  /** `sector, ncuShare0, ncuShare1, diversion, relativeDiversion, imports`: diversion in percentage points, relative in % of the base NCU share. */
  diversion: RowTable<DiversionRow>;
  /** Economy-wide diversion weighted by sector imports (null without imports). */
  economy: { diversion: number; relativeDiversion: number } | null;
}

/** Refuses an elasticity spec that is neither a scenario name, an array nor a plain object of arrays. */
function checkSpec(spec: unknown): void {
  if (typeof spec === "string" || Array.isArray(spec)) return;
  if (typeof spec !== "object" || spec === null) {
    badInput("elasticities", `expected a scenario name, an array with one elasticity per year, or an object with such an array per sector; got ${describe(spec)}`);
  }
}

function elasticitiesFor(spec: ElasticitySpec, sector: string, steps: number): readonly number[] {
  let list: unknown;
  if (typeof spec === "string") {
    list = elasticityScenarios[spec];
    if (!list) return badInput("elasticities", `unknown scenario "${spec}"${suggestion(spec, Object.keys(elasticityScenarios))} (known: ${Object.keys(elasticityScenarios).join(", ")})`);
  } else if (Array.isArray(spec)) list = spec;
  else list = (spec as Record<string, unknown>)[sector];
  if (list === undefined) return badInput("elasticities", `no elasticities for sector ${sector}`);
  if (!Array.isArray(list)) {
    return badInput("elasticities", `sector ${sector}: expected an array with one elasticity per year (${steps}), got ${describe(list)}`);
  }
  if (list.length < steps) badInput("elasticities", `sector ${sector} needs ${steps} elasticities (one per year), got ${list.length}`);
  // A named scenario spans the study's transition and a shorter projection uses its first years;
  // a list given here that is longer than the years priced is a mismatch, not a choice.
  if (typeof spec !== "string" && list.length > steps) {
    badInput("elasticities", `sector ${sector} has prices for ${steps} years after the base but ${list.length} elasticities; give one per year`);
  }
  return list.map((e, i) => finite(e, "elasticities", i + 1));
}

/** The sector names of `sectors`, refusing a sector listed twice (naming both rows). */
function sectorNames(rows: readonly StructureSector[]): string[] {
  const firstRow = new Map<string, number>();
  return rows.map((r, i) => {
    const sector = key(r.sector, "sectors", i + 1, "sector");
    const before = firstRow.get(sector);
    if (before !== undefined) badInput("sectors", `sector ${sector} appears twice (rows ${before} and ${i + 1})`, i + 1, "sector");
    firstRow.set(sector, i + 1);
    return sector;
  });
}

/**
 * Projects the NCU and CU shares of imports by sector and year.
 *
 *     s_t = s_{t−1}·(1 + E_t·(P_t/P_{t−1} − 1)),   cu_t = 100 − s_t,   t = 1…T
 *
 * s the NCU share in percent, P the sector's import price index from `prices` (base 1 at
 * step 0), E_t the elasticity of the NCU share for year t (the study's Annex 5 definition,
 * Q = NCU share; see `ncuShareElasticity`). Shares are clamped to [0, 100] and the row
 * marked `clamped`. Diversion from NCU to CU = s_0 − s_T (percentage points); relative
 * diversion = (s_0 − s_T)/s_0 × 100. Economy-wide: Σ_i m_i·(s_0 − s_T)_i / Σ_i m_i and
 * Σ_i m_i·(s_0 − s_T)_i / Σ_i m_i·s_0,i × 100 with m_i base-year imports.
 * Each sector appears once in `sectors`. `elasticities` is a named scenario (a projection
 * shorter than the scenario uses its first years), one array for every sector, or an object
 * with an array per sector; a given array has exactly one elasticity per year after the base.
 * Source: the study, "The impact of tariff shocks on changes in the structure of imports"
 * (en 5762-5822) and Table 2.4 (`../shared/study/README.md`).
 */
export function projectImportShares(
  sectors: Rows<StructureSector>,
  prices: Rows<StructurePrice>,
  elasticities: ElasticitySpec,
): ImportStructure {
  const sectorRows = rowsOf(sectors, "sectors");
  const priceRows = rowsOf(prices, "prices");
  const known = new Set(sectorNames(sectorRows));
  checkSpec(elasticities);
  const bySector = new Map<string, { year: number; index: number }[]>();
  priceRows.forEach((r, i) => {
    const s = key(r.sector, "prices", i + 1, "sector");
    if (!known.has(s)) badInput("prices", `unknown sector ${s} (not in sectors)`, i + 1, "sector");
    const year = finite(r.year, "prices", i + 1, "year");
    const list = bySector.get(s) ?? [];
    if (list.some((p) => p.year === year)) badInput("prices", `sector ${s} has two prices for ${year}`, i + 1, "year");
    list.push({ year, index: positive(r.index, "prices", i + 1, "index") });
    bySector.set(s, list);
  });
  const out = { sector: [] as string[], year: [] as number[], step: [] as number[], price: [] as number[],
    elasticity: [] as (number | null)[], ncuShare: [] as number[], cuShare: [] as number[], clamped: [] as boolean[] };
  const div = { sector: [] as string[], ncuShare0: [] as number[], ncuShare1: [] as number[], diversion: [] as number[],
    relativeDiversion: [] as number[], imports: [] as (number | null)[] };
  // A per-sector elasticity map naming a sector that does not exist is a typo, never ignored.
  if (typeof elasticities === "object" && !Array.isArray(elasticities) && elasticities !== null) {
    for (const k of Object.keys(elasticities)) member(k, "elasticities", [...known], "sector", (_o, _v, why) => badInput("elasticities", why));
  }
  sectorRows.forEach((r, i) => {
    const row = i + 1;
    const sector = key(r.sector, "sectors", row, "sector");
    const s0 = nonNegative(r.ncuShare, "sectors", row, "ncuShare");
    if (s0 > 100) badInput("sectors", `ncuShare must be at most 100, got ${s0}`, row, "ncuShare");
    const series = (bySector.get(sector) ?? []).slice().sort((a, b) => a.year - b.year);
    if (series.length < 2) badInput("prices", `sector ${sector} needs a base price and at least one year`);
    const es = elasticitiesFor(elasticities, sector, series.length - 1);
    let share = s0;
    series.forEach((p, t) => {
      let clamped = false;
      if (t > 0) {
        share = share * (1 + es[t - 1] * (p.index / series[t - 1].index - 1));
        if (share < 0 || share > 100) { share = Math.min(100, Math.max(0, share)); clamped = true; }
      }
      out.sector.push(sector); out.year.push(p.year); out.step.push(t); out.price.push(p.index);
      out.elasticity.push(t > 0 ? es[t - 1] : null); out.ncuShare.push(share); out.cuShare.push(100 - share);
      out.clamped.push(clamped);
    });
    div.sector.push(sector); div.ncuShare0.push(s0); div.ncuShare1.push(share); div.diversion.push(s0 - share);
    div.relativeDiversion.push(s0 > 0 ? ((s0 - share) / s0) * 100 : 0);
    div.imports.push(r.imports === undefined ? null : nonNegative(r.imports, "sectors", row, "imports"));
  });
  let economy: ImportStructure["economy"] = null;
  if (div.imports.every((m) => m !== null)) {
    const m = div.imports as number[];
    const total = m.reduce((a, b) => a + b, 0);
    const ncuBase = m.reduce((a, v, i) => a + v * div.ncuShare0[i], 0);
    const moved = m.reduce((a, v, i) => a + v * div.diversion[i], 0);
    if (total > 0) economy = { diversion: moved / total, relativeDiversion: ncuBase > 0 ? (moved / ncuBase) * 100 : 0 };
  }
  return { shares: rowTable<ShareRow>(out), diversion: rowTable<DiversionRow>(div), economy };
}
