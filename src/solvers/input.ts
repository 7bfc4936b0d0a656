/**
 * Option and input normalisation, done once at each solver's boundary: tables or
 * arrays of row objects become arrays of rows, numbers are checked with errors
 * that name the argument, the 1-based row and the column.
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { badInput } from "./errors";
import { describe } from "./options";

/** A tabular argument: an Arquero table or an array of plain row objects. */
export type Rows<T> = ColumnTable | readonly T[];

/** Optional progress hook for iterating solvers; `fraction` in [0, 1]. */
export type OnProgress = (fraction: number, label: string) => void;

/** Whether `input` is an Arquero table (what a sweep returns). */
export function isTable(input: unknown): input is ColumnTable {
  return typeof input === "object" && input !== null && typeof (input as ColumnTable).objects === "function" &&
    typeof (input as ColumnTable).numRows === "function";
}

/** Rows of a table or an array as plain objects (the array itself when it is one). */
export function rowsOf<T>(input: Rows<T>, argument: string): readonly T[] {
  if (Array.isArray(input)) return input as readonly T[];
  if (isTable(input)) return input.objects() as T[];
  return badInput(argument, "expected an Arquero table or an array of row objects");
}

/** Column arrays of a table, or of an array of rows, for the named columns (fast path for large inputs). */
export function columnsOf(input: Rows<Record<string, unknown>>, argument: string, names: readonly string[]):
  { length: number; columns: Record<string, ArrayLike<unknown>> } {
  const columns: Record<string, ArrayLike<unknown>> = {};
  if (isTable(input)) {
    if (input.isFiltered() || input.isOrdered()) return columnsOf(input.objects() as Record<string, unknown>[], argument, names);
    for (const name of names) {
      const column = input.column(name);
      if (!column) return badInput(argument, `missing column "${name}"`);
      columns[name] = Array.isArray(column) || ArrayBuffer.isView(column)
        ? (column as unknown as ArrayLike<unknown>)
        : Array.from(column as Iterable<unknown>);
    }
    return { length: input.numRows(), columns };
  }
  const rows = rowsOf(input, argument);
  for (const name of names) {
    const values = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = rows[i][name];
    columns[name] = values;
  }
  return { length: rows.length, columns };
}

/** A finite number, or a `bad-input` error naming where it came from. */
export function finite(value: unknown, argument: string, row?: number, column?: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return badInput(argument, `expected a finite number, got ${describe(value)}`, row, column);
  }
  return value;
}

/** A finite number ≥ 0. */
export function nonNegative(value: unknown, argument: string, row?: number, column?: string): number {
  const x = finite(value, argument, row, column);
  if (x < 0) badInput(argument, `expected a number ≥ 0, got ${x}`, row, column);
  return x;
}

/** A finite number > 0. */
export function positive(value: unknown, argument: string, row?: number, column?: string): number {
  const x = finite(value, argument, row, column);
  if (x <= 0) badInput(argument, `expected a number > 0, got ${x}`, row, column);
  return x;
}

/** A non-empty key (string, or a number turned into its string). */
export function key(value: unknown, argument: string, row?: number, column?: string): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string" || value.length === 0) {
    return badInput(argument, `expected a non-empty code, got ${String(value)}`, row, column);
  }
  return value;
}

/**
 * A check refusing a name that differs from an earlier one only in case (partner "CN", then
 * "cn"): a misspelling would otherwise become a group of its own. Call it with each name as read.
 */
export function caseTwins(argument: string, column: string): (name: string, row: number) => void {
  const first = new Map<string, { name: string; row: number }>();
  return (name, row) => {
    const folded = name.toLowerCase();
    const earlier = first.get(folded);
    if (earlier === undefined) first.set(folded, { name, row });
    else if (earlier.name !== name) badInput(argument, `${column} '${name}' differs from '${earlier.name}' (row ${earlier.row}) only in case`, row, column);
  };
}

/** An Arquero table whose `objects()` rows have a known shape (the result tables of the solvers). */
export interface RowTable<R extends object> extends ColumnTable {
  objects(options?: Parameters<ColumnTable["objects"]>[0]): R[];
}

/** Builds a result table from columns, typed by its row shape. */
export function rowTable<R extends object>(columns: Record<string, unknown[]>): RowTable<R> {
  return aq.table(columns) as RowTable<R>;
}
