/**
 * Results as Arquero tables: every variable's level and % change from the base, and the
 * headline indicators (GDP, utility, equivalent variation, trade, tariff revenue).
 * Units: SAM units (e.g. billion JPY) for values, base-price units for quantities, prices relative to base.
 */
import { table, type ColumnTable } from "arquero";
import type { CgeModel, Levels } from "./model";
import type { LabelledMatrix } from "./sam";
import type { Solution } from "./solve";

const sumOf = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);
const pct = (level: number, base: number) => (base !== 0 ? (level / base - 1) * 100 : null);

/** Headline numbers of one equilibrium. */
export interface Indicators {
  /** Σ pq(Xp+Xg+Xv) + Σ pe E − Σ pm M (expenditure side, current prices). */
  gdpNominal: number;
  /** The same quantities at base prices. */
  gdpReal: number;
  /** UU = Π Xp_i^α_i (the STDCGE objective). */
  utility: number;
  /** Hicksian equivalent variation at base prices: (UU − UU0)·Π (pq0_i/α_i)^α_i (SAM units). */
  ev: number;
  consumption: number;
  exports: number;
  /** Import quantities (base-price units) by source. */
  imports: Record<string, number>;
  /** Tariff revenue by source (current prices). */
  tariffRevenue: Record<string, number>;
  exchangeRate: number;
}

/** UU = Π_i Xp_i^α_i */
export function utility(m: CgeModel, l: Pick<Levels, "Xp">): number {
  return m.params.alpha.reduce((a, al, i) => (al > 0 ? a * Math.pow(l.Xp[i], al) : a), 1);
}

/**
 * Σ_i pq_i·(Xp_i + Xg_i + Xv_i) + pe_i·E_i − Σ_s Σ_i pm_si·Ms_si: the expenditure side of GDP for the
 * quantities of `L` at prices pq, pe, pm, each sum taken in that order (plain loops: see `indicators`).
 */
function finalDemand(m: CgeModel, L: Levels, pq: number[], pe: number[], pm: number[][]): number {
  const N = m.sectors.length;
  let home = 0;
  for (let i = 0; i < N; i++) home += pq[i] * (L.Xp[i] + L.Xg[i] + L.Xv[i]) + pe[i] * L.E[i];
  let imports = 0;
  for (let s = 0; s < m.sources.length; s++) for (let i = 0; i < N; i++) imports += pm[s][i] * L.Ms[s][i];
  return home - imports;
}

/** The sum of each row of a [source][…] matrix, by source name. */
function bySource(m: CgeModel, a: number[][]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = 0; k < m.sources.length; k++) out[m.sources[k]] = sumOf(a[k]);
  return out;
}

/**
 * Headline indicators of levels `l`, with EV measured against the model's base. A sweep computes
 * them once per scenario, so they are written as loops and small functions (no closures or arrays
 * made per call for V8 to optimise and re-optimise).
 */
export function indicators(m: CgeModel, l: Levels, base: Levels = m.base): Indicators {
  const uu = utility(m, l);
  const uu0 = utility(m, base);
  const evFactor = m.params.alpha.reduce((a, al, i) => (al > 0 ? a * Math.pow(base.pq[i] / al, al) : a), 1);
  let consumption = 0;
  for (let i = 0; i < m.sectors.length; i++) consumption += l.pq[i] * l.Xp[i];
  return {
    gdpNominal: finalDemand(m, l, l.pq, l.pe, l.pm),
    gdpReal: finalDemand(m, l, base.pq, base.pe, base.pm),
    utility: uu,
    ev: (uu - uu0) * evFactor,
    consumption,
    exports: sumOf(l.E),
    imports: bySource(m, l.Ms),
    tariffRevenue: bySource(m, l.Tm),
    exchangeRate: l.eps,
  };
}

/** Every variable as rows `{variable, index, base, level, change_pct}` (flat, one row per element). */
export function variableRows(m: CgeModel, l: Levels, base: Levels = m.base) {
  const rows: { variable: string; index: string; base: number; level: number; change_pct: number | null }[] = [];
  const push = (variable: string, index: string, b: number, v: number) => rows.push({ variable, index, base: b, level: v, change_pct: pct(v, b) });
  const perSector = ["Y", "Z", "py", "pz", "pq", "pd", "pe", "PM", "Xp", "Xg", "Xv", "E", "D", "Q", "M", "Tz"] as const;
  for (const name of perSector) m.sectors.forEach((s, i) => push(name, s, base[name][i], l[name][i]));
  m.sectors.forEach((r, i) => m.sectors.forEach((c, j) => push("X", `${r},${c}`, base.X[i][j], l.X[i][j])));
  m.factors.forEach((f, h) => m.sectors.forEach((s, j) => {
    if (base.F[h][j] !== 0 || l.F[h][j] !== 0) {
      push("F", `${f},${s}`, base.F[h][j], l.F[h][j]);
      push("pf", `${f},${s}`, base.pf[h][j], l.pf[h][j]);
    }
  }));
  m.factors.forEach((f, h) => push("FF", f, base.FF[h], l.FF[h]));
  for (const name of ["Ms", "pm", "pms", "Tm"] as const) {
    m.sources.forEach((src, k) => m.sectors.forEach((s, i) => push(name, `${src},${s}`, base[name][k][i], l[name][k][i])));
  }
  for (const name of ["eps", "Sf", "Sp", "Sg", "Td", "S", "sspScale", "income"] as const) push(name, "", base[name], l[name]);
  return rows;
}

/** Every variable of a solution: columns variable, index, base, level, change_pct. */
export function variables(s: Solution): ColumnTable {
  return table(columns(variableRows(s.model, s.levels)));
}

/** Headline rows `{indicator, base, level, change_pct}` of levels against the base. */
export function summaryRows(m: CgeModel, l: Levels, base: Levels = m.base) {
  const a = indicators(m, l, base);
  const b = indicators(m, base, base);
  const rows = [
    { indicator: "GDP, nominal", base: b.gdpNominal, level: a.gdpNominal },
    { indicator: "GDP, real (base prices)", base: b.gdpReal, level: a.gdpReal },
    { indicator: "household utility (UU)", base: b.utility, level: a.utility },
    { indicator: "equivalent variation", base: 0, level: a.ev },
    { indicator: "household consumption", base: b.consumption, level: a.consumption },
    { indicator: "exports", base: b.exports, level: a.exports },
    { indicator: "imports, total", base: sumOf(Object.values(b.imports)), level: sumOf(Object.values(a.imports)) },
    ...m.sources.map((s) => ({ indicator: `imports from ${s}`, base: b.imports[s], level: a.imports[s] })),
    { indicator: "tariff revenue, total", base: sumOf(Object.values(b.tariffRevenue)), level: sumOf(Object.values(a.tariffRevenue)) },
    ...m.sources.map((s) => ({ indicator: `tariff revenue on ${s}`, base: b.tariffRevenue[s], level: a.tariffRevenue[s] })),
    { indicator: "exchange rate", base: b.exchangeRate, level: a.exchangeRate },
  ];
  return rows.map((r) => ({ ...r, change_pct: pct(r.level, r.base) }));
}

/** Headline indicators of a solution: columns indicator, base, level, change_pct. */
export function summary(s: Solution): ColumnTable {
  return table(columns(summaryRows(s.model, s.levels)));
}

/** Rows of objects to an Arquero column object. */
export function columns<T extends Record<string, unknown>>(rows: readonly T[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  if (rows.length === 0) return out;
  for (const k of Object.keys(rows[0])) out[k] = rows.map((r) => r[k]);
  return out;
}

/**
 * The SAM implied by levels (current prices): the inverse of calibration. At the base it
 * reproduces the calibration SAM; exports and foreign savings are split across
 * rest-of-world accounts in base shares.
 */
export function socialAccounts(m: CgeModel, l: Levels): LabelledMatrix {
  const a = m.accounts;
  const labels = a.labels.length > 0 ? [...a.labels] : [
    ...m.sectors, ...m.factors, a.indirectTax, ...a.sources.flatMap((s) => (s.tariff ? [s.tariff] : [])),
    a.household, a.government, a.investment, ...a.sources.map((s) => s.account),
  ];
  const n = labels.length;
  const at = new Map(labels.map((x, i) => [x, i]));
  const v = labels.map(() => new Array<number>(n).fill(0));
  const set = (r: string | null, c: string | null, x: number) => {
    if (r !== null && c !== null) v[at.get(r)!][at.get(c)!] += x;
  };
  m.sectors.forEach((si, i) => {
    m.sectors.forEach((sj, j) => set(si, sj, l.pq[i] * l.X[i][j]));
    set(si, a.household, l.pq[i] * l.Xp[i]);
    set(si, a.government, l.pq[i] * l.Xg[i]);
    set(si, a.investment, l.pq[i] * l.Xv[i]);
    a.sources.forEach((src, k) => {
      set(si, src.account, m.exportShares[k][i] * l.pe[i] * l.E[i]);
      set(src.account, si, l.pm[k][i] * l.Ms[k][i]);
      set(src.tariff, si, l.Tm[k][i]);
    });
    set(a.indirectTax, si, l.Tz[i]);
    m.factors.forEach((f, h) => set(f, si, l.pf[h][i] * l.F[h][i]));
  });
  m.factors.forEach((f, h) => set(a.household, f, sumOf(m.sectors.map((_, j) => l.pf[h][j] * l.F[h][j]))));
  set(a.government, a.household, l.Td);
  set(a.government, a.indirectTax, sumOf(l.Tz));
  a.sources.forEach((src, k) => {
    set(a.government, src.tariff, sumOf(l.Tm[k]));
    set(a.investment, src.account, m.savingShares[k] * l.eps * l.Sf);
  });
  set(a.investment, a.household, l.Sp);
  set(a.investment, a.government, l.Sg);
  return { labels, values: v };
}
