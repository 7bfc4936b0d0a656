/**
 * Import price shocks: the import price equation applied to customs-union (CU) and other
 * (NCU) partners, a cut of non-tariff barriers for CU partners only, phased over a
 * transition, as an index per sector and year with base 1.
 */
import { badInput, badOptionInput } from "./errors";
import { numberOption, record } from "./options";
import { finite, key, nonNegative, rowTable, rowsOf, type Rows, type RowTable } from "./input";

/** One sector: CU share of imports and tariffs before and after accession (percent). */
export interface PriceShockSector {
  sector: string | number;
  /** Share of imports from CU partners in the base year, percent (75 = 75%). */
  cuShare: number;
  tariffCu0: number;
  tariffCu1: number;
  tariffNcu0: number;
  tariffNcu1: number;
  /** Ad valorem equivalent τ of NTBs and transaction costs, percent, for CU and NCU partners (default `options.ntbAve`). */
  ntbCu?: number;
  ntbNcu?: number;
  /** Base-year imports, any unit; when every sector has them, an economy-wide row is added. */
  imports?: number;
}

/** Options of `importPriceShocks`. */
export interface PriceShockOptions {
  /** Proportional cut of the CU partners' NTB equivalent (default 0.25, the study's optimistic Kazakhstan scenario). */
  ntbCut?: number;
  /** τ in percent for sectors without their own `ntbCu` / `ntbNcu` (default 0: no NTB effect). */
  ntbAve?: number;
  /** First and last year of the transition (default 2015-2019); the base year is `from − 1`. */
  from?: number;
  to?: number;
  /**
   * Share of the full shock reached by each transition year: `linear` (default; (y − from + 1)/(to − from + 1)),
   * `immediate` (all of it in `from`), or cumulative fractions in year order: one per year, each in [0, 1],
   * never falling, the last equal to 1 (within 1e-9). Percents (20, 40, …) are refused.
   */
  schedule?: "linear" | "immediate" | readonly number[];
}

/** One row of `PriceShocks.shocks`. */
export interface PriceShockRow {
  sector: string;
  year: number;
  index: number;
  yearOnYear: number;
}

/** One row of `PriceShocks.components`: full effects as indices with base 1. */
export interface PriceShockComponents {
  sector: string;
  cu: number;
  ncu: number;
  total: number;
  tariffOnly: number;
  ntbEffect: number;
}

/** Result of `importPriceShocks`. */
export interface PriceShocks {
  /** `sector, year, index, yearOnYear`: index = price relative to the base year; yearOnYear = index / previous index. */
  shocks: RowTable<PriceShockRow>;
  /** Full (end-of-transition) effects per sector: `sector, cu, ncu, total, tariffOnly, ntbEffect`, each an index with base 1. */
  components: RowTable<PriceShockComponents>;
}

/**
 * The import price equation PM = PW·(1 + t)·(1 + τ), with t and τ as fractions.
 * Each argument must be a finite number (a string, NaN or ±Infinity is a `bad-input` error naming it).
 */
export function importPrice(worldPrice: number, tariff: number, ntbAve: number): number {
  return finite(worldPrice, "worldPrice") * (1 + finite(tariff, "tariff")) * (1 + finite(ntbAve, "ntbAve"));
}

/** Slack allowed on the last fraction of a given schedule (it must reach 1). */
const scheduleEndTolerance = 1e-9;

/** A given schedule: cumulative fractions of the full shock, each in [0, 1], never falling, ending at 1. */
function cumulativeFractions(schedule: readonly unknown[]): number[] {
  const fractions = schedule.map((f, i) => finite(f, "options.schedule", i + 1));
  fractions.forEach((f, i) => {
    if (f < 0 || f > 1) {
      badInput("options.schedule", `expected a cumulative fraction of the shock in [0, 1], got ${f}${f > 1 ? " (give 0.2 for 20 %)" : ""}`, i + 1);
    }
    if (i > 0 && f < fractions[i - 1]) badInput("options.schedule", `fractions are cumulative and cannot fall: ${f} after ${fractions[i - 1]}`, i + 1);
  });
  const last = fractions[fractions.length - 1];
  if (Math.abs(last - 1) > scheduleEndTolerance) {
    badInput("options.schedule", `the last fraction must be 1 (the full shock is reached by the last year), got ${last}`, fractions.length);
  }
  return fractions;
}

function phase(options: PriceShockOptions) {
  const from = options.from ?? 2015, to = options.to ?? 2019;
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) badInput("options.to", `expected whole years with from ≤ to, got ${from}-${to}`);
  const years = to - from + 1;
  const schedule = options.schedule ?? "linear";
  let fractions: number[];
  if (schedule === "linear") fractions = Array.from({ length: years }, (_, i) => (i + 1) / years);
  else if (schedule === "immediate") fractions = Array.from({ length: years }, () => 1);
  else if (Array.isArray(schedule)) {
    if (schedule.length !== years) badInput("options.schedule", `expected ${years} fractions (${from}-${to}), got ${schedule.length}`);
    fractions = cumulativeFractions(schedule);
  } else return badInput("options.schedule", `expected "linear", "immediate" or an array, got ${String(schedule)}`);
  return { from, to, fractions };
}

/** Name of the economy-wide row of the results, so no sector may have it. */
const economyRow = "economy";

/** Refuses a sector name already seen (`firstRow` maps names to their rows). */
function unique(sector: string, row: number, firstRow: Map<string, number>): void {
  const before = firstRow.get(sector);
  if (before !== undefined) badInput("sectors", `sector ${sector} appears twice (rows ${before} and ${row})`, row, "sector");
  firstRow.set(sector, row);
}

/**
 * Import price indices by sector and year.
 *
 * For partner group j ∈ {CU, NCU} the import price equation PM_j = PW_j·(1 + t_j)·(1 + τ_j)
 * (the MAMS import price equation cited by the study, Annex 3) gives, with world prices fixed,
 *
 *     I_j   = (1 + t_j1)(1 + τ_j1) / ((1 + t_j0)(1 + τ_j0)),   τ_CU,1 = τ_CU,0·(1 − cut),  τ_NCU,1 = τ_NCU,0
 *     I*    = w_CU·I_CU + (1 − w_CU)·I_NCU                      (w_CU the base CU import share)
 *     I(y)  = 1 + φ(y)·(I* − 1)                                  (φ the transition schedule)
 *
 * so the NTB cut enters weighted by the CU share of imports, as the study prescribes.
 * `tariffOnly` is I* with no NTB change; `ntbEffect` = total − tariffOnly. Tariffs, τ and
 * shares in percent; indices have base 1 in the year before the transition. When every
 * sector has base-year `imports`, an "economy" row averages the sectors weighted by imports
 * (the CU index by CU imports m·w, the NCU index by NCU imports m·(1 − w)). Sector names are
 * unique, and a sector may be named "economy" only when no such row is added; a repeated name,
 * or an "economy" sector beside the economy-wide row, is refused naming its row.
 * Sources: the study, "Import price equation" and "Price-shock assumptions"
 * (`../shared/study/README.md`); Diaz-Bonilla and Lofgren, *MAMS*, World Bank, 2010.
 */
export function importPriceShocks(sectors: Rows<PriceShockSector>, options: PriceShockOptions = {}): PriceShocks {
  record(options, "options", ["ntbCut", "ntbAve", "from", "to", "schedule"], badOptionInput);
  const cut = options.ntbCut === undefined ? 0.25 : numberOption(options.ntbCut, "options.ntbCut", { min: 0, max: 1 }, badOptionInput);
  const ave = nonNegative(options.ntbAve ?? 0, "options.ntbAve");
  const { from, fractions } = phase(options);
  const rows = rowsOf(sectors, "sectors");
  if (rows.length === 0) badInput("sectors", "no sectors");
  const comp = { sector: [] as string[], cu: [] as number[], ncu: [] as number[], total: [] as number[],
    tariffOnly: [] as number[], ntbEffect: [] as number[] };
  const weights: number[] = [];
  const firstRow = new Map<string, number>();
  rows.forEach((r, i) => {
    const row = i + 1;
    const sector = key(r.sector, "sectors", row, "sector");
    const w = nonNegative(r.cuShare, "sectors", row, "cuShare") / 100;
    if (w > 1) badInput("sectors", `cuShare must be at most 100, got ${w * 100}`, row, "cuShare");
    const pct = (name: keyof PriceShockSector, fallback?: number) =>
      nonNegative(r[name] ?? fallback, "sectors", row, name) / 100;
    const tc0 = pct("tariffCu0"), tc1 = pct("tariffCu1"), tn0 = pct("tariffNcu0"), tn1 = pct("tariffNcu1");
    const nc = pct("ntbCu", ave), nn = pct("ntbNcu", ave);
    const cu = importPrice(1, tc1, nc * (1 - cut)) / importPrice(1, tc0, nc);
    const ncu = importPrice(1, tn1, nn) / importPrice(1, tn0, nn);
    const total = w * cu + (1 - w) * ncu;
    const tariffOnly = w * ((1 + tc1) / (1 + tc0)) + (1 - w) * ((1 + tn1) / (1 + tn0));
    // Checked after the row's numbers, so a row that is wrong twice reports its values first.
    unique(sector, row, firstRow);
    comp.sector.push(sector); comp.cu.push(cu); comp.ncu.push(ncu); comp.total.push(total);
    comp.tariffOnly.push(tariffOnly); comp.ntbEffect.push(total - tariffOnly);
    weights.push(r.imports === undefined ? NaN : nonNegative(r.imports, "sectors", row, "imports"));
  });
  if (weights.every((w) => !Number.isNaN(w))) {
    const clash = firstRow.get(economyRow);
    if (clash !== undefined) {
      badInput("sectors", `a sector named "${economyRow}" would clash with the economy-wide row added when every sector has imports; rename the sector`, clash, "sector");
    }
    if (weights.reduce((a, b) => a + b, 0) <= 0) badInput("sectors", "imports sum to 0; cannot weight the economy-wide row");
    // CU and NCU indices are weighted by each group's own imports; the rest by total imports.
    const avg = (a: number[], by: (i: number) => number) => {
      let num = 0, den = 0;
      a.forEach((v, i) => { num += v * by(i); den += by(i); });
      return den > 0 ? num / den : 1;
    };
    const shares = rows.map((r) => Number(r.cuShare) / 100);
    comp.sector.push(economyRow);
    comp.cu.push(avg(comp.cu, (i) => weights[i] * shares[i]));
    comp.ncu.push(avg(comp.ncu, (i) => weights[i] * (1 - shares[i])));
    for (const k of ["total", "tariffOnly", "ntbEffect"] as const) comp[k].push(avg(comp[k], (i) => weights[i]));
  }
  const out = { sector: [] as string[], year: [] as number[], index: [] as number[], yearOnYear: [] as number[] };
  comp.sector.forEach((sector, s) => {
    let previous = 1;
    [0, ...fractions].forEach((f, y) => {
      const index = 1 + f * (comp.total[s] - 1);
      out.sector.push(sector);
      out.year.push(from - 1 + y);
      out.index.push(index);
      out.yearOnYear.push(index / previous);
      previous = index;
    });
  });
  return { shocks: rowTable<PriceShockRow>(out), components: rowTable<PriceShockComponents>(comp) };
}
