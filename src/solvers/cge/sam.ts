/**
 * Social accounting matrix: a square table of flows, rows receive and columns pay,
 * with every account typed (sectors, factors, taxes, institutions, rest of the world).
 * Units are whatever the table uses (e.g. billion JPY); they carry through to results.
 */
import type { ColumnTable } from "arquero";
import { CgeError } from "./errors";
import { checkSamOptions } from "./options";
import { describe } from "../options";

/** Which account plays which role. Rest-of-world and tariff accounts may be split by import source. */
export interface SamAccounts {
  /** Activities/commodities (one account per sector, as in the textbook SAM). */
  sectors: readonly string[];
  /** Primary factors, e.g. ["CAP", "LAB"]. */
  factors: readonly string[];
  household: string;
  government: string;
  investment: string;
  /** Production (indirect) tax account. */
  indirectTax: string;
  /** One rest-of-world account, or one per import source: `{ CU: "EXT_CU", ROW: "EXT_ROW" }`. */
  restOfWorld: string | Readonly<Record<string, string>>;
  /** Tariff account(s), keyed by the same sources as `restOfWorld`; a source without one pays no tariff. */
  tariffs: string | Readonly<Record<string, string>>;
}

/** A balanced, typed SAM (plain data: survives structured cloning). */
export interface Sam {
  labels: string[];
  /** Row-major n × n flows: `values[r * n + c]` is paid by column c to row r. */
  values: number[];
  sectors: string[];
  factors: string[];
  household: string;
  government: string;
  investment: string;
  indirectTax: string;
  /** Import sources in order, each with its rest-of-world account and tariff account (or null). */
  sources: { name: string; account: string; tariff: string | null }[];
}

/** Labelled matrix input: `values[r][c]` is paid by account `labels[c]` to account `labels[r]`. */
export interface LabelledMatrix {
  labels: readonly string[];
  values: readonly (readonly number[])[];
}

/** Options for `sam`: account roles and the balance tolerance (absolute, in SAM units; default 1e-6 × largest flow). */
export interface SamOptions extends SamAccounts {
  tolerance?: number;
}

function isTable(x: unknown): x is ColumnTable {
  return typeof x === "object" && x !== null && typeof (x as ColumnTable).columnNames === "function" &&
    typeof (x as ColumnTable).array === "function";
}

/** Refuses a label seen before (`where` says where each one is, e.g. "table rows 1 and 11"). */
function refuseDuplicate(seen: Map<string, number>, label: string, at: number, what: string, where: (first: number, second: number) => string): void {
  const first = seen.get(label);
  if (first !== undefined) {
    throw new CgeError({ kind: "bad-sam", account: label, message: `${what} ${label} appears twice (${where(first, at)}): each account needs one ${what}` });
  }
  seen.set(label, at);
}

/**
 * One cell of an Arquero table: a number as it is, null or undefined (a missing value) as 0;
 * anything else (`true`, the string "20") is refused with its row and column, never coerced.
 */
function tableCell(v: unknown, label: string, column: string, row: number): number {
  if (typeof v === "number") return v;
  if (v === null || v === undefined) return 0;
  throw new CgeError({
    kind: "bad-sam", account: label,
    message: `SAM[${label}][${column}] (table row ${row}, column ${column}) must be a number, got ${describe(v)}`,
  });
}

/** Row labels and numbers of an Arquero table whose first column holds the row account names. */
function fromTable(table: ColumnTable): LabelledMatrix {
  const [labelColumn, ...columns] = table.columnNames();
  const rowLabels = Array.from(table.array(labelColumn) as ArrayLike<unknown>, String);
  const index = new Map<string, number>();
  rowLabels.forEach((l, r) => refuseDuplicate(index, l, r, "row", (a, b) => `table rows ${a + 1} and ${b + 1}`));
  for (const c of columns) {
    if (!index.has(c)) throw new CgeError({ kind: "bad-sam", account: c, message: `column ${c} has no matching row` });
  }
  if (columns.length !== rowLabels.length) {
    throw new CgeError({ kind: "bad-sam", message: `a SAM must be square: ${rowLabels.length} rows, ${columns.length} columns` });
  }
  const values = rowLabels.map(() => new Array<number>(columns.length).fill(0));
  const order = columns.map((c) => index.get(c)!);
  columns.forEach((c, k) => {
    const col = table.array(c) as ArrayLike<unknown>;
    for (let r = 0; r < rowLabels.length; r++) values[r][order[k]] = tableCell(col[r], rowLabels[r], c, r + 1);
  });
  return { labels: rowLabels, values };
}

function named(role: string, value: string | Readonly<Record<string, string>>, defaultName: string): [string, string][] {
  if (typeof value === "string") return [[defaultName, value]];
  const entries = Object.entries(value);
  if (entries.length === 0) throw new CgeError({ kind: "bad-sam", message: `${role} lists no accounts` });
  return entries;
}

/** A labelled matrix as given: `labels` an array of account names and `values` an array of rows (checked cell by cell later). */
function labelledMatrix(input: unknown): LabelledMatrix {
  const m = input as Partial<LabelledMatrix> | null;
  if (typeof m !== "object" || m === null || !Array.isArray(m.labels) || !m.labels.every((l) => typeof l === "string") || !Array.isArray(m.values)) {
    throw new CgeError({ kind: "bad-sam", message: `a SAM must be an Arquero table or {labels: account names, values: rows of numbers}, got ${describe(input)}` });
  }
  return m as LabelledMatrix;
}

/**
 * Reads a SAM from an Arquero table (first column: row account names; other columns: paying
 * accounts) or a labelled matrix, types its accounts and checks its balance.
 * Balance: for every account a, Σ_c SAM[a][c] (receipts) = Σ_r SAM[r][a] (payments) within `tolerance`.
 * Throws `CgeError` `unbalanced-sam` naming every failing account with its imbalance, or `bad-sam`
 * for unknown or duplicated accounts.
 */
export function sam(input: ColumnTable | LabelledMatrix, options: SamOptions): Sam {
  checkSamOptions(options);
  const matrix = isTable(input) ? fromTable(input) : labelledMatrix(input);
  const labels = [...matrix.labels];
  const n = labels.length;
  const seen = new Map<string, number>();
  labels.forEach((l, k) => refuseDuplicate(seen, l, k, "label", (a, b) => `labels[${a}] and labels[${b}]`));
  const values: number[] = [];
  for (let r = 0; r < n; r++) {
    const row = matrix.values[r];
    if (!row || row.length !== n) throw new CgeError({ kind: "bad-sam", account: labels[r], message: `row ${labels[r]} must have ${n} values` });
    for (let c = 0; c < n; c++) {
      const v = row[c];
      if (!Number.isFinite(v)) throw new CgeError({ kind: "bad-sam", account: labels[r], message: `SAM[${labels[r]}][${labels[c]}] is not a finite number` });
      values.push(v);
    }
  }
  const ext = named("restOfWorld", options.restOfWorld, "ROW");
  const trf = new Map(named("tariffs", options.tariffs, ext[0][0]));
  if (typeof options.tariffs === "string" && ext.length > 1) {
    throw new CgeError({ kind: "bad-sam", account: options.tariffs, message: "with several import sources, give one tariff account per source" });
  }
  for (const src of trf.keys()) {
    if (!ext.some(([s]) => s === src)) throw new CgeError({ kind: "bad-sam", account: trf.get(src), message: `tariff source ${src} has no rest-of-world account` });
  }
  const result: Sam = {
    labels, values,
    sectors: [...options.sectors], factors: [...options.factors],
    household: options.household, government: options.government, investment: options.investment,
    indirectTax: options.indirectTax,
    sources: ext.map(([name, account]) => ({ name, account, tariff: trf.get(name) ?? null })),
  };
  const used = [
    ...result.sectors, ...result.factors, result.household, result.government, result.investment, result.indirectTax,
    ...result.sources.map((s) => s.account), ...result.sources.flatMap((s) => (s.tariff ? [s.tariff] : [])),
  ];
  const roles = new Set<string>();
  for (const a of used) {
    if (!labels.includes(a)) throw new CgeError({ kind: "bad-sam", account: a, message: `account ${a} is not in the SAM` });
    if (roles.has(a)) throw new CgeError({ kind: "bad-sam", account: a, message: `account ${a} is given two roles` });
    roles.add(a);
  }
  for (const a of labels) {
    if (!roles.has(a)) throw new CgeError({ kind: "bad-sam", account: a, message: `account ${a} has no role` });
  }
  const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const failing = imbalances(result, options.tolerance ?? 1e-6 * Math.max(largest, 1));
  if (failing.length > 0) {
    const list = failing.map((f) => `${f.account} (${f.imbalance > 0 ? "+" : ""}${f.imbalance.toPrecision(4)})`).join(", ");
    throw new CgeError({ kind: "unbalanced-sam", accounts: failing, message: `unbalanced SAM: ${list}` });
  }
  return result;
}

/** Every account whose receipts and payments differ by more than `tolerance`, in SAM order. */
export function imbalances(s: Pick<Sam, "labels" | "values">, tolerance: number) {
  const n = s.labels.length;
  const out: { account: string; rowTotal: number; columnTotal: number; imbalance: number }[] = [];
  for (let a = 0; a < n; a++) {
    let row = 0;
    let col = 0;
    for (let k = 0; k < n; k++) {
      row += s.values[a * n + k];
      col += s.values[k * n + a];
    }
    if (Math.abs(row - col) > tolerance) out.push({ account: s.labels[a], rowTotal: row, columnTotal: col, imbalance: row - col });
  }
  return out;
}

/** SAM[row][column] by account names (0 when either is absent). */
export function cell(s: Sam, row: string | null, column: string | null): number {
  if (row === null || column === null) return 0;
  const r = s.labels.indexOf(row);
  const c = s.labels.indexOf(column);
  if (r < 0 || c < 0) return 0;
  return s.values[r * s.labels.length + c];
}

/** The non-blank lines of `text` with their 1-based line numbers. */
function numberedLines(text: string): { line: number; text: string }[] {
  return text.split(/\r?\n/).map((t, k) => ({ line: k + 1, text: t })).filter((l) => l.text.trim() !== "");
}

/**
 * Parses a SAM CSV as distributed with the reference models (`row\col,A,B,…` header, one row per
 * account; blank lines skipped). A label twice in the header, a row label on two lines or a row
 * whose label is not in the header is refused (`bad-sam`) with its line number, never overwritten or dropped.
 */
export function parseSamCsv(text: string): LabelledMatrix {
  const [head, ...body] = numberedLines(text);
  if (head === undefined) throw new CgeError({ kind: "bad-sam", message: "the SAM CSV is empty: expected a header row\\col,A,B,… and one row per account" });
  const header = head.text.split(",").slice(1).map((s) => s.trim());
  const columns = new Map<string, number>();
  header.forEach((l, k) => refuseDuplicate(columns, l, k, "column label", (a, b) => `line ${head.line}, columns ${a + 2} and ${b + 2}`));
  const rows = new Map<string, number[]>();
  const lineOf = new Map<string, number>();
  for (const { line, text: t } of body) {
    const [raw, ...cells] = t.split(",");
    const label = raw.trim();
    refuseDuplicate(lineOf, label, line, "row label", (a, b) => `lines ${a} and ${b}`);
    if (!columns.has(label)) throw new CgeError({ kind: "bad-sam", account: label, message: `row ${label} (line ${line}) has no matching column in the header (line ${head.line})` });
    rows.set(label, cells.map(Number));
  }
  const labels = header;
  const values = labels.map((l) => {
    const r = rows.get(l);
    if (!r) throw new CgeError({ kind: "bad-sam", account: l, message: `column ${l} has no matching row` });
    return r;
  });
  return { labels, values };
}
