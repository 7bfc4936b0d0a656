/**
 * Column summaries for the table explorer (worker side): the type of the values, nulls,
 * distinct values, and for numbers the range, the mean and a histogram; for other values
 * the most frequent ones. Computed over the rows of the current view.
 */
import type { CategoryValue, ColumnSummary } from "../types";
import { isNull, valueText, type Columns } from "./values";

/** Equal-width bins of a number column's histogram. */
export const HISTOGRAM_BINS = 20;
/** Most frequent values listed for a column that is not numeric. */
export const TOP_VALUES = 5;
/** A column with at most this many distinct values lists them (for an "equals" filter). */
export const MAX_CATEGORIES = 50;

/** The summary of column `name` over the rows at `positions`. */
export function summarize(columns: Columns, name: string, positions: Uint32Array): ColumnSummary {
  const values = columns.values(name);
  const kinds = new Set<ColumnSummary["type"]>();
  const counts = new Map<unknown, number>();
  let nulls = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  for (let i = 0; i < positions.length; i++) {
    const value = values[positions[i]!];
    if (isNull(value)) {
      nulls++;
      continue;
    }
    const kind = kindOf(value);
    kinds.add(kind);
    const key = kind === "number" || kind === "string" || kind === "boolean" ? (typeof value === "bigint" ? Number(value) : value) : kind === "date" ? +(value as Date) : valueText(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (kind === "number" || kind === "date") {
      const x = key as number;
      if (Number.isFinite(x)) {
        if (x < min) min = x;
        if (x > max) max = x;
        sum += x;
        finite++;
      }
    }
  }
  const type: ColumnSummary["type"] = kinds.size === 0 ? "empty" : kinds.size > 1 ? "mixed" : [...kinds][0]!;
  const summary: ColumnSummary = { name, type, count: positions.length, nulls, distinct: counts.size };
  if (type === "number" && finite > 0) {
    summary.min = min;
    summary.max = max;
    summary.mean = sum / finite;
    summary.histogram = histogram(values, positions, min, max);
  } else if (type === "date" && finite > 0) {
    summary.min = valueText(new Date(min));
    summary.max = valueText(new Date(max));
  }
  if (type !== "number") summary.top = top(counts, type);
  if (counts.size <= MAX_CATEGORIES && type !== "other" && type !== "mixed") {
    const categories: CategoryValue[] = [...counts.keys()].map((key) => (type === "date" ? valueText(new Date(key as number)) : (key as CategoryValue)));
    categories.sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
    if (nulls > 0) categories.push(null);
    summary.categories = categories;
  }
  return summary;
}

function kindOf(value: unknown): ColumnSummary["type"] {
  switch (typeof value) {
    case "number":
    case "bigint":
      return "number";
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    default:
      return value instanceof Date ? "date" : "other";
  }
}

function histogram(values: ArrayLike<unknown>, positions: Uint32Array, min: number, max: number): number[] {
  const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = (max - min) / HISTOGRAM_BINS;
  for (let i = 0; i < positions.length; i++) {
    const value = values[positions[i]!];
    const x = typeof value === "bigint" ? Number(value) : (value as number);
    if (typeof x !== "number" || !Number.isFinite(x)) continue;
    // The largest value belongs to the last bin, not one past it.
    bins[width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((x - min) / width)) : 0]!++;
  }
  return bins;
}

function top(counts: Map<unknown, number>, type: ColumnSummary["type"]): { value: string; count: number }[] {
  const entries = [...counts.entries()];
  entries.sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1));
  return entries.slice(0, TOP_VALUES).map(([key, count]) => ({ value: type === "date" ? valueText(new Date(key as number)) : valueText(key), count }));
}
