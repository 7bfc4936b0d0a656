/**
 * The rows a table view shows (worker side): the positions that pass the search (a
 * case-insensitive substring of any column's text, search.ts) and every column filter, in
 * the order of the sort (stable, nulls last in both directions). Runs on the column arrays
 * in plain loops.
 */
import type { CategoryValue, ColumnFilter, TableViewSpec } from "../types";
import { isNull, valueText, type Columns } from "./values";

/** The view that shows every row in the table's own order. */
export const ALL_ROWS: TableViewSpec = { search: "", filters: [], sort: null };

/** A key naming the rows a view selects, sort aside (views with equal keys share the filtered positions). */
export function filterKey(view: TableViewSpec): string {
  return JSON.stringify([view.search.trim().toLowerCase(), view.filters]);
}

/** The positions of the rows `view` selects, unsorted (table order). */
export function filterRows(columns: Columns, view: TableViewSpec): Uint32Array {
  const n = columns.rows;
  // Substring tests go through each column's search index and leave a mask per test.
  const masks: Uint8Array[] = [];
  const tests: ((p: number) => boolean)[] = [];
  const search = view.search.trim().toLowerCase();
  if (search) {
    const hits = new Uint8Array(n);
    for (const name of columns.names) columns.markContaining(name, search, hits);
    masks.push(hits);
  }
  for (const filter of view.filters) {
    if (filter.kind === "contains") {
      const needle = filter.text.toLowerCase();
      if (!needle) continue;
      const hits = new Uint8Array(n);
      columns.markContaining(filter.column, needle, hits);
      masks.push(hits);
    } else tests.push(columnTest(columns, filter));
  }
  const out = new Uint32Array(n);
  let count = 0;
  rows: for (let p = 0; p < n; p++) {
    for (const mask of masks) if (!mask[p]) continue rows;
    for (const test of tests) if (!test(p)) continue rows;
    out[count++] = p;
  }
  return count === n ? out : out.slice(0, count);
}

/** `positions` in the order of `sort` (a new array; ties keep table order). */
export function sortRows(columns: Columns, positions: Uint32Array, sort: TableViewSpec["sort"]): Uint32Array {
  if (!sort) return positions;
  const values = columns.values(sort.column);
  const sign = sort.descending ? -1 : 1;
  const out = positions.slice();
  out.sort((a, b) => {
    const x = values[a];
    const y = values[b];
    const xNull = isNull(x);
    const yNull = isNull(y);
    if (xNull || yNull) return xNull === yNull ? a - b : xNull ? 1 : -1;
    return sign * compare(x, y) || a - b;
  });
  return out;
}

function compare(x: unknown, y: unknown): number {
  if (typeof x === typeof y && (typeof x === "number" || typeof x === "string" || typeof x === "bigint" || typeof x === "boolean")) return x! < y! ? -1 : x! > y! ? 1 : 0;
  if (x instanceof Date && y instanceof Date) return +x - +y;
  const a = valueText(x);
  const b = valueText(y);
  return a < b ? -1 : a > b ? 1 : 0;
}

function columnTest(columns: Columns, filter: Exclude<ColumnFilter, { kind: "contains" }>): (p: number) => boolean {
  const values = columns.values(filter.column);
  switch (filter.kind) {
    case "range": {
      const min = filter.min ?? -Infinity;
      const max = filter.max ?? Infinity;
      return (p) => {
        const value = values[p];
        const x = typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : value instanceof Date ? +value : NaN;
        return x >= min && x <= max;
      };
    }
    case "equals": {
      const wanted = new Set<CategoryValue>(filter.values);
      return (p) => wanted.has(categoryOf(values[p]));
    }
    default: {
      const never: never = filter;
      return never;
    }
  }
}

/** The value an "equals" filter compares: primitives as they are, null for missing values, dates and objects as their text. */
export function categoryOf(value: unknown): CategoryValue {
  if (isNull(value)) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return Number(value);
  return valueText(value);
}
