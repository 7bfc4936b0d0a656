/**
 * Tariff aggregation: product lines (HS code, partner, tariff, import value) to sector
 * averages through a concordance, with every line that cannot enter an average
 * reported beside the result rather than dropped.
 */
import { badInput, badOptionInput } from "./errors";
import { numberOption, record } from "./options";
import { columnsOf, finite, key, rowTable, rowsOf, type Rows, type RowTable } from "./input";

/** Options of `tariffAverages`; column names default to `hs`, `partner`, `tariff`, `imports`, `sector`. */
export interface TariffAverageOptions {
  hsColumn?: string;
  partnerColumn?: string;
  tariffColumn?: string;
  importsColumn?: string;
  /** Column of the concordance holding the sector (its code column is `hsColumn`). */
  sectorColumn?: string;
  /** Average per sector and partner group (default) or per sector over all partners. */
  byPartner?: boolean;
  /** Maps a partner to its group (e.g. `{RU: "CU", KZ: "CU"}`); unmapped partners are their own group. */
  partnerGroups?: Record<string, string>;
  /** Match lines to the concordance on the first `hsDigits` characters of the code (e.g. 6 for HS6). */
  hsDigits?: number;
}

/** One row of `TariffAverages.averages`: tariffs in percent, `weighted` null when the group has no imports. */
export interface TariffAverageRow {
  sector: string;
  partner: string;
  lines: number;
  simple: number;
  weighted: number | null;
  imports: number;
}

/** One reported line: its 1-based `row` in the input and the named input columns. */
export type ReportedLine = { row: number } & Record<string, unknown>;

/** Result of `tariffAverages`: the averages and the three lists of lines kept out of some average. */
export interface TariffAverages {
  /** One row per sector (and partner group): `sector, partner, lines, simple, weighted, imports`. */
  averages: RowTable<TariffAverageRow>;
  /** Lines whose tariff is missing (null, undefined or empty; NaN is an error): `row, hs, partner, imports`. Left out of both averages. */
  missingTariff: RowTable<ReportedLine>;
  /** Lines with zero imports: `row, hs, partner, tariff`. In the simple average, weight 0 in the weighted one. */
  zeroImports: RowTable<ReportedLine>;
  /** Lines whose code has no concordance entry: `row, hs, partner`. Left out of every average. */
  unmatched: RowTable<ReportedLine>;
}

const isMissing = (v: unknown) => v === null || v === undefined || v === "";

/**
 * Simple, import-weighted and line-count tariff averages by sector.
 *
 *     simple_s   = (1/n_s) Σ_{i∈s} t_i                 (percent)
 *     weighted_s = Σ_{i∈s} t_i·m_i / Σ_{i∈s} m_i       (percent; null when Σ m_i = 0)
 *     lines_s    = n_s, the number of lines with a tariff in sector s (and partner group)
 *
 * t_i is the tariff of line i in percent ad valorem, m_i its import value (any currency
 * unit; only ratios matter). Lines are mapped to sectors by the concordance (the study's
 * TN VED ↔ GKVED step, `../shared/study/README.md`, "Weighted average import tariffs";
 * WITS/TRAINS define the simple and trade-weighted averages the same way). A missing
 * tariff is not read as zero. Negative or non-numeric tariffs and imports are errors
 * naming the 1-based row (NaN included); so are concordance codes mapped to two sectors.
 * Sums run relative to the first tariff of each group, so identical lines average exactly.
 * Codes are compared as text: a numeric code loses its leading zeros, so give HS codes as strings.
 */
export function tariffAverages(
  lines: Rows<Record<string, unknown>>,
  concordance: Rows<Record<string, unknown>>,
  options: TariffAverageOptions = {},
): TariffAverages {
  record(options, "options", ["hsColumn", "partnerColumn", "tariffColumn", "importsColumn", "sectorColumn", "byPartner",
    "partnerGroups", "hsDigits"], badOptionInput);
  const hsCol = options.hsColumn ?? "hs";
  const partnerCol = options.partnerColumn ?? "partner";
  const tariffCol = options.tariffColumn ?? "tariff";
  const importsCol = options.importsColumn ?? "imports";
  const sectorCol = options.sectorColumn ?? "sector";
  const byPartner = options.byPartner ?? true;
  const digits = options.hsDigits;
  if (digits !== undefined && (!Number.isInteger(digits) || digits < 1)) {
    badInput("options.hsDigits", `expected a positive integer, got ${digits}`);
  }
  const groups = options.partnerGroups ?? {};

  // The concordance is small: index it once, refusing codes mapped to two sectors.
  const sectorOfCode = new Map<string, number>();
  const sectors: string[] = [];
  const sectorIndex = new Map<string, number>();
  const conc = rowsOf(concordance, "concordance");
  for (let i = 0; i < conc.length; i++) {
    const code = key(conc[i][hsCol], "concordance", i + 1, hsCol);
    const sector = key(conc[i][sectorCol], "concordance", i + 1, sectorCol);
    let s = sectorIndex.get(sector);
    if (s === undefined) {
      s = sectors.length;
      sectors.push(sector);
      sectorIndex.set(sector, s);
    }
    const before = sectorOfCode.get(code);
    if (before !== undefined && before !== s) {
      badInput("concordance", `code ${code} is mapped to both ${sectors[before]} and ${sector}`, i + 1, hsCol);
    }
    sectorOfCode.set(code, s);
  }

  const names = byPartner ? [hsCol, partnerCol, tariffCol, importsCol] : [hsCol, tariffCol, importsCol];
  const { length: n, columns } = columnsOf(lines, "lines", names);
  const hs = columns[hsCol], tariff = columns[tariffCol], imports = columns[importsCol];
  const partner = byPartner ? columns[partnerCol] : undefined;

  // Raw code → sector index (−1: no concordance), cached so each distinct code is converted once.
  const codeCache = new Map<unknown, number>();
  const lookup = (raw: unknown, row: number): number => {
    let s = codeCache.get(raw);
    if (s === undefined) {
      let code = key(raw, "lines", row, hsCol);
      if (digits !== undefined) code = code.slice(0, digits);
      s = sectorOfCode.get(code) ?? -1;
      codeCache.set(raw, s);
    }
    return s;
  };
  const groupNames: string[] = [];
  const groupCache = new Map<unknown, number>();
  const groupOf = (raw: unknown, row: number): number => {
    let g = groupCache.get(raw);
    if (g === undefined) {
      const p = key(raw, "lines", row, partnerCol);
      const name = Object.hasOwn(groups, p) ? groups[p] : p;
      g = groupNames.indexOf(name);
      if (g < 0) g = groupNames.push(name) - 1;
      groupCache.set(raw, g);
    }
    return g;
  };

  // Accumulators per (sector, group) cell, grown as groups appear.
  let width = 8;
  let count = new Float64Array(sectors.length * width);
  let sumT = new Float64Array(sectors.length * width);
  let sumTM = new Float64Array(sectors.length * width);
  let sumM = new Float64Array(sectors.length * width);
  // Sums are kept relative to the first tariff of each cell, so identical lines average exactly.
  let ref = new Float64Array(sectors.length * width);
  const grow = () => {
    const w2 = width * 2;
    const widen = (a: Float64Array) => {
      const b = new Float64Array(sectors.length * w2);
      for (let s = 0; s < sectors.length; s++) b.set(a.subarray(s * width, s * width + width), s * w2);
      return b;
    };
    count = widen(count); sumT = widen(sumT); sumTM = widen(sumTM); sumM = widen(sumM); ref = widen(ref);
    width = w2;
  };
  const missingRows: number[] = [], zeroRows: number[] = [], unmatchedRows: number[] = [];

  for (let i = 0; i < n; i++) {
    const m = imports[i];
    if (typeof m !== "number" || !Number.isFinite(m)) finite(m, "lines", i + 1, importsCol);
    if ((m as number) < 0) badInput("lines", `imports must be ≥ 0, got ${m}`, i + 1, importsCol);
    const s = lookup(hs[i], i + 1);
    const g = partner ? groupOf(partner[i], i + 1) : 0;
    if (s < 0) {
      unmatchedRows.push(i);
      continue;
    }
    const t = tariff[i];
    if (typeof t !== "number") {
      if (isMissing(t)) {
        missingRows.push(i);
        continue;
      }
      finite(t, "lines", i + 1, tariffCol);
    }
    if (Number.isNaN(t)) finite(t, "lines", i + 1, tariffCol);
    const tv = t as number;
    if (!(tv >= 0) || tv === Infinity) badInput("lines", `tariff must be a finite percent ≥ 0, got ${tv}`, i + 1, tariffCol);
    const mv = m as number;
    if (mv === 0) zeroRows.push(i);
    while (g >= width) grow();
    const c = s * width + g;
    if (count[c] === 0) ref[c] = tv;
    const d = tv - ref[c];
    count[c] += 1;
    sumT[c] += d;
    sumTM[c] += d * mv;
    sumM[c] += mv;
  }

  const out = { sector: [] as string[], partner: [] as string[], lines: [] as number[], simple: [] as number[],
    weighted: [] as (number | null)[], imports: [] as number[] };
  for (let s = 0; s < sectors.length; s++) {
    for (let g = 0; g < Math.max(groupNames.length, 1); g++) {
      const c = s * width + g;
      if (count[c] === 0) continue;
      out.sector.push(sectors[s]);
      out.partner.push(byPartner ? groupNames[g] : "all");
      out.lines.push(count[c]);
      out.simple.push(ref[c] + sumT[c] / count[c]);
      out.weighted.push(sumM[c] > 0 ? ref[c] + sumTM[c] / sumM[c] : null);
      out.imports.push(sumM[c]);
    }
  }
  const report = (rows: number[], cols: string[]) => {
    const data: Record<string, unknown[]> = { row: rows.map((i) => i + 1) };
    for (const col of cols) data[col] = rows.map((i) => columns[col][i]);
    return rowTable<ReportedLine>(data);
  };
  const withPartner = (cols: string[]) => (byPartner ? cols : cols.filter((c) => c !== partnerCol));
  return {
    averages: rowTable<TariffAverageRow>(out),
    missingTariff: report(missingRows, withPartner([hsCol, partnerCol, importsCol])),
    zeroImports: report(zeroRows, withPartner([hsCol, partnerCol, tariffCol])),
    unmatched: report(unmatchedRows, withPartner([hsCol, partnerCol])),
  };
}
