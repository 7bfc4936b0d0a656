/**
 * Reading an Arquero table's values by position for the table explorer (worker side, no
 * DOM). A position counts rows in the table's own order (after its filters and sort), as
 * the user sees them; `Columns` maps positions to the stored rows once and decodes each
 * column at most once, however many searches, filters and summaries ask for it.
 */

import { SearchIndex, markSlowly } from "./search";

/** The part of an Arquero table the explorer reads. */
export interface ExplorerTable {
  numRows(): number;
  columnNames(): string[];
  column(name: string): { length: number; at(row: number): unknown } | ArrayLike<unknown> | undefined;
  indices(order?: boolean): Uint32Array;
  isFiltered(): boolean;
  isOrdered(): boolean;
}

/** A table's columns as arrays indexed by position. */
export class Columns {
  readonly names: string[];
  readonly rows: number;
  private readonly cache = new Map<string, ArrayLike<unknown>>();
  private readonly indexes = new Map<string, SearchIndex | null>();

  constructor(readonly table: ExplorerTable) {
    this.names = table.columnNames();
    this.rows = table.numRows();
  }

  /** The column's values by position (decoded on first use, then kept). */
  values(name: string): ArrayLike<unknown> {
    let values = this.cache.get(name);
    if (!values) {
      values = read(this.table, name, this.rows);
      this.cache.set(name, values);
    }
    return values;
  }

  /** Marks in `hits` the positions whose value's text in column `name` contains `needle` (lower case). */
  markContaining(name: string, needle: string, hits: Uint8Array): void {
    if (!this.indexes.has(name)) this.indexes.set(name, SearchIndex.build(this.values(name)));
    const index = this.indexes.get(name);
    if (index) index.mark(needle, hits);
    else markSlowly(this.values(name), needle, hits);
  }
}

function read(table: ExplorerTable, name: string, rows: number): ArrayLike<unknown> {
  const column = table.column(name);
  if (!column) throw new Error(`unknown column: ${name}`);
  const direct = !table.isFiltered() && !table.isOrdered();
  const stored = Array.isArray(column) || ArrayBuffer.isView(column);
  if (direct && stored) return column as ArrayLike<unknown>;
  const at = stored ? (row: number) => (column as ArrayLike<unknown>)[row] : (row: number) => (column as { at(row: number): unknown }).at(row);
  const out = new Array<unknown>(rows);
  if (direct) for (let i = 0; i < rows; i++) out[i] = at(i);
  else {
    const index = table.indices();
    for (let i = 0; i < rows; i++) out[i] = at(index[i]!);
  }
  return out;
}

/** True for values shown as numbers. */
export function isNumber(value: unknown): value is number | bigint {
  return typeof value === "number" || typeof value === "bigint";
}

/** The text a value is searched, summarised and exported as: numbers in full, dates in ISO form (date only at midnight UTC), objects as JSON, null as empty. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (value instanceof Date) return Number.isNaN(+value) ? "" : value.toISOString().replace("T00:00:00.000Z", "");
  if (typeof value === "object") return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v)) ?? "";
  return String(value);
}

/** True for missing values: null, undefined and NaN. */
export function isNull(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "number" && Number.isNaN(value));
}
