/**
 * Tariff aggregation: product lines (HS code, partner, tariff, import value) to sector
 * averages through a concordance, with every line that cannot enter an average
 * reported beside the result rather than dropped.
 */
import { badInput, badOptionInput } from "./errors";
import { describe, record } from "./options";
import { caseTwins, columnsOf, finite, isTable, key, rowTable, rowsOf, type Rows, type RowTable } from "./input";

/** Options of `tariffAverages`; column names default to `hs`, `partner`, `tariff`, `imports`, `sector`. */
export interface TariffAverageOptions {
  hsColumn?: string;
  partnerColumn?: string;
  tariffColumn?: string;
  importsColumn?: string;
  /** Column of the concordance holding the sector (its code column is `hsColumn`). */
  sectorColumn?: string;
  /** Average per sector and partner group (`true`, the default) or per sector over all partners (`false`); nothing else. */
  byPartner?: boolean;
  /** Maps a partner to its group name, a non-empty string (e.g. `{RU: "CU", KZ: "CU"}`); unmapped partners are their own group. */
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

/** A code (HS or partner) as text; leading or trailing spaces would make a second, invisible group, so they are refused. */
function code(value: unknown, argument: string, row: number, column: string): string {
  const text = key(value, argument, row, column);
  if (text.trim() !== text) badInput(argument, `code '${text}' has leading or trailing spaces; trim it`, row, column);
  return text;
}

/** `options.partnerGroups`: a plain object mapping partners to non-empty group names. */
function partnerGroupsOption(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return badOptionInput("options.partnerGroups", value, `must be an object mapping partners to group names, got ${describe(value)}`);
  }
  for (const [partner, group] of Object.entries(value)) {
    if (typeof group !== "string" || group.length === 0) {
      badOptionInput(`options.partnerGroups.${partner}`, group, `must be a group name (non-empty text), got ${describe(group)}`);
    }
  }
  return value as Record<string, string>;
}

/** Whether `input` has column `name`: a table's column, or a key of at least one row object. */
function hasColumn(input: Rows<Record<string, unknown>>, name: string): boolean {
  if (isTable(input)) return input.columnNames().includes(name);
  return rowsOf(input, "lines").some((r) => Object.hasOwn(r, name));
}

/**
 * Refuses an array of rows none of which has the tariff column (a table is checked by `columnsOf`):
 * a missing tariff is reported, not refused, so a misspelt column would otherwise read as every
 * line missing its tariff. Other absent columns already fail on row 1.
 */
function requireTariffColumn(input: Rows<Record<string, unknown>>, name: string): void {
  if (isTable(input) || rowsOf(input, "lines").length === 0) return;
  if (!hasColumn(input, name)) badInput("lines", `missing column "${name}" (no row has it)`);
}

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
 * naming the 1-based row (NaN included); so are concordance codes mapped to two sectors,
 * codes with leading or trailing spaces, a tariff column absent from every line, and the same code
 * and partner given twice (both rows named; without `byPartner` and without a partner
 * column, the same code twice).
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
  if (typeof byPartner !== "boolean") badOptionInput("options.byPartner", byPartner, `must be true or false, got ${describe(byPartner)}`);
  const digits = options.hsDigits;
  if (digits !== undefined && (!Number.isInteger(digits) || digits < 1)) {
    badInput("options.hsDigits", `expected a positive integer, got ${digits}`);
  }
  const groups = partnerGroupsOption(options.partnerGroups);

  // The concordance is small: index it once, refusing codes mapped to two sectors.
  const sectorOfCode = new Map<string, number>();
  const sectors: string[] = [];
  const sectorIndex = new Map<string, number>();
  const conc = rowsOf(concordance, "concordance");
  for (let i = 0; i < conc.length; i++) {
    const hsCode = code(conc[i][hsCol], "concordance", i + 1, hsCol);
    const sector = key(conc[i][sectorCol], "concordance", i + 1, sectorCol);
    let s = sectorIndex.get(sector);
    if (s === undefined) {
      s = sectors.length;
      sectors.push(sector);
      sectorIndex.set(sector, s);
    }
    const before = sectorOfCode.get(hsCode);
    if (before !== undefined && before !== s) {
      badInput("concordance", `code ${hsCode} is mapped to both ${sectors[before]} and ${sector}`, i + 1, hsCol);
    }
    sectorOfCode.set(hsCode, s);
  }

  const names = byPartner ? [hsCol, partnerCol, tariffCol, importsCol] : [hsCol, tariffCol, importsCol];
  requireTariffColumn(lines, tariffCol);
  // Without byPartner the partner column is optional, but still read (when present) to tell lines apart.
  const readPartner = byPartner || hasColumn(lines, partnerCol);
  const { length: n, columns } = columnsOf(lines, "lines", readPartner && !byPartner ? [...names, partnerCol] : names);
  const hs = columns[hsCol], tariff = columns[tariffCol], imports = columns[importsCol];
  const partnerColumn = readPartner ? columns[partnerCol] : undefined;

  // Raw code → text, and text → sector index (−1: no concordance), cached so each distinct code is converted once.
  const hsText = new Map<unknown, string>();
  const hsOf = (raw: unknown, row: number): string => {
    let text = hsText.get(raw);
    if (text === undefined) hsText.set(raw, (text = code(raw, "lines", row, hsCol)));
    return text;
  };
  const codeCache = new Map<string, number>();
  const lookup = (text: string): number => {
    let s = codeCache.get(text);
    if (s === undefined) {
      s = sectorOfCode.get(digits === undefined ? text : text.slice(0, digits)) ?? -1;
      codeCache.set(text, s);
    }
    return s;
  };
  const partnerText = new Map<unknown, string>();
  const partnerTwin = caseTwins("lines", partnerCol);
  const partnerOf = (raw: unknown, row: number): string => {
    let text = partnerText.get(raw);
    if (text === undefined) {
      partnerText.set(raw, (text = code(raw, "lines", row, partnerCol)));
      partnerTwin(text, row);
    }
    return text;
  };
  const groupNames: string[] = [];
  const groupCache = new Map<string, number>();
  const groupOf = (p: string): number => {
    let g = groupCache.get(p);
    if (g === undefined) {
      const name = Object.hasOwn(groups, p) ? groups[p] : p;
      g = groupNames.indexOf(name);
      if (g < 0) g = groupNames.push(name) - 1;
      groupCache.set(p, g);
    }
    return g;
  };
  // The same code from the same partner twice would be counted twice: refused, naming both rows.
  const firstRow = new Map<string, number>();
  const once = (hsCode: string, p: string | undefined, row: number) => {
    const line = p === undefined ? hsCode : `${hsCode}\u0000${p}`;
    const before = firstRow.get(line);
    if (before !== undefined) {
      badInput("lines", `code ${hsCode}${p === undefined ? "" : ` from ${p}`} appears twice (rows ${before} and ${row})`, row, hsCol);
    }
    firstRow.set(line, row);
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
    const hsCode = hsOf(hs[i], i + 1);
    const p = partnerColumn ? partnerOf(partnerColumn[i], i + 1) : undefined;
    once(hsCode, p, i + 1);
    const s = lookup(hsCode);
    const g = byPartner ? groupOf(p as string) : 0;
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
