/**
 * What a finished cell computed, in a form that survives the worker: the kernel worker
 * sends it to its sandbox host, and a worker started after Stop gets it back and returns it
 * from the cell instead of running the cell again. Only values that keep their meaning
 * through structured cloning are saved: primitives, plain objects and arrays of them, dates,
 * maps, sets, typed arrays, and Arquero tables (as column arrays). Anything else (a class
 * instance, a function, a widget, a DOM node) makes the cell run again instead.
 */
import * as aq from "arquero";
import type { CompiledCell } from "../src/kernel/compile";
import type { SavedCell } from "./protocol";

/** A cell is worth saving once it took this many milliseconds. */
export const SAVE_AFTER_MS = 25;
/** Rough bytes a cell's saved values may take. */
export const SAVE_MAX_BYTES = 32 * 1024 * 1024;
/** …and a quick cell's (under SAVE_AFTER_MS): small enough that copying costs less than a run would. */
export const QUICK_SAVE_MAX_BYTES = 256 * 1024;

const TABLE = "caravan.table";

/** Why a value cannot be saved (thrown inside this module only). */
class Unsaveable extends Error {}

interface Budget {
  bytes: number;
}

function charge(budget: Budget, bytes: number): void {
  budget.bytes -= bytes;
  if (budget.bytes < 0) throw new Unsaveable("too large");
}

function isTable(value: object): value is aq.ColumnTable {
  return value instanceof aq.ColumnTable;
}

/** The value in a form structured cloning keeps intact, or a throw of Unsaveable. */
function encode(value: unknown, budget: Budget, seen: Set<object>): unknown {
  switch (typeof value) {
    case "undefined":
    case "boolean":
    case "number":
    case "bigint":
      charge(budget, 8);
      return value;
    case "string":
      charge(budget, value.length * 2);
      return value;
    case "symbol":
    case "function":
      throw new Unsaveable(typeof value);
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) throw new Unsaveable("shared or circular");
  seen.add(object);
  if (isTable(object)) {
    // Sized before encoding: a table far over the budget is not worth writing out to find out.
    if (object.numRows() * object.numCols() * 2 > budget.bytes) throw new Unsaveable("too large");
    return { [TABLE]: encodeColumns(object, budget, seen) };
  }
  if (ArrayBuffer.isView(object)) {
    charge(budget, object.byteLength);
    return object;
  }
  if (object instanceof Date || object instanceof RegExp) return object;
  if (object instanceof Map) return new Map([...object].map(([k, v]) => [encode(k, budget, seen), encode(v, budget, seen)]));
  if (object instanceof Set) return new Set([...object].map((v) => encode(v, budget, seen)));
  if (Array.isArray(object)) {
    charge(budget, 8 * object.length);
    return object.map((v) => encode(v, budget, seen));
  }
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) throw new Unsaveable("class instance");
  if (Object.getOwnPropertySymbols(object).length) throw new Unsaveable("symbol keys");
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const descriptor = Object.getOwnPropertyDescriptor(object, key)!;
    if (!("value" in descriptor)) throw new Unsaveable("accessor");
    charge(budget, key.length * 2);
    Object.defineProperty(copy, key, { value: encode(descriptor.value, budget, seen), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/**
 * A table as its column names and value arrays, which structured cloning copies natively:
 * encoding the study notebook's tables as Arrow IPC instead took a tenth of a second of the
 * kernel worker's first computation. Values other than primitives and dates are encoded as
 * any other value (or make the table unsaveable).
 */
function encodeColumns(table: aq.ColumnTable, budget: Budget, seen: Set<object>): SavedColumns {
  const names = table.columnNames();
  const columns = names.map((name) => {
    charge(budget, name.length * 2);
    const values = table.array(name) as ArrayLike<unknown>;
    if (ArrayBuffer.isView(values)) {
      charge(budget, (values as unknown as ArrayBufferView).byteLength);
      return values;
    }
    const copy = new Array<unknown>(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === "number") charge(budget, 8);
      copy[i] = typeof v === "number" || v === null || v === undefined || v instanceof Date ? v : encode(v, budget, seen);
    }
    return copy;
  });
  return { names, columns };
}

interface SavedColumns {
  names: string[];
  columns: ArrayLike<unknown>[];
}

function isSavedColumns(value: unknown): value is SavedColumns {
  if (typeof value !== "object" || value === null) return false;
  const { names, columns } = value as Partial<SavedColumns>;
  return Array.isArray(names) && Array.isArray(columns) && names.length === columns.length && names.every((n) => typeof n === "string");
}

/** The saved form of a value again, tables rebuilt. */
function decode(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof RegExp) return value;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [decode(k), decode(v)]));
  if (value instanceof Set) return new Set([...value].map(decode));
  if (Array.isArray(value)) return value.map(decode);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === TABLE && isSavedColumns(record[TABLE])) {
    const { names, columns } = record[TABLE];
    return aq.table(names.map((name, i) => [name, Array.isArray(columns[i]) ? (columns[i] as unknown[]).map(decode) : columns[i]]) as never);
  }
  for (const key of keys) record[key] = decode(record[key]);
  return record;
}

/** The record to keep for a cell that finished with `display` and `declared`, or null if they cannot be kept. */
export function saveValues(cell: string, source: string, display: unknown, declared: unknown[], maxBytes = SAVE_MAX_BYTES): SavedCell | null {
  const budget = { bytes: maxBytes };
  try {
    const seen = new Set<object>();
    const encodedDeclared = declared.map((v) => encode(v, budget, seen));
    // The display is usually one of the declared values: encode it apart so sharing is allowed.
    const encodedDisplay = encode(display, budget, new Set());
    return { type: "saved", cell, source, result: { ok: true, display: encodedDisplay, declared: encodedDeclared } };
  } catch (error) {
    if (error instanceof Unsaveable) return null;
    throw error;
  }
}

/** The record to keep for a cell that threw `thrown` at `line`/`column`, or null if it cannot be kept. */
export function saveError(cell: string, source: string, thrown: unknown, at: { line?: number; column?: number }): SavedCell | null {
  let kept: unknown;
  if (thrown instanceof Error) kept = { name: thrown.name, message: thrown.message };
  else {
    try {
      kept = { value: encode(thrown, { bytes: 1024 * 1024 }, new Set()) };
    } catch {
      return null;
    }
  }
  return { type: "saved", cell, source, result: { ok: false, thrown: kept, ...at } };
}

/**
 * The compiled code a restarted kernel runs for a saved cell: it returns the saved values (or
 * throws the saved error, located where it was) without running the cell's code, until one of
 * the cell's inputs changes; from then on it runs the code.
 */
export function restoredCell(saved: SavedCell, compiled: CompiledCell): CompiledCell | null {
  const result = saved.result;
  if (result.ok && result.declared.length !== compiled.declares.length) return null;
  let answer: () => unknown[];
  let locate = compiled.locate;
  if (result.ok) {
    const out = [compiled.hasDisplay ? decode(result.display) : undefined, ...result.declared.map(decode)];
    answer = () => out;
  } else {
    const thrown = result.thrown as { name?: string; message?: string; value?: unknown };
    const error = "value" in thrown ? decode(thrown.value) : Object.assign(new Error(thrown.message), { name: thrown.name ?? "Error" });
    const at = result.line !== undefined ? { line: result.line, column: result.column ?? 1 } : null;
    answer = () => {
      throw error;
    };
    locate = (e) => (e === error ? at : compiled.locate(e));
  }
  // The kept values answer while the cell's inputs are what they were at its first run (a
  // widget restored to its value schedules its readers again); once an input changes (a
  // widget moved, a cell above edited) the cell runs its own code from then on (the kernel
  // reads `body` and `async` afresh for every run).
  let inputs: unknown[] | null = null;
  const restored: CompiledCell = {
    ...compiled,
    async: false,
    locate,
    body: (...args: unknown[]) => {
      if (inputs === null || sameInputs(inputs, args)) {
        inputs = args;
        return answer();
      }
      restored.body = compiled.body;
      restored.async = compiled.async;
      return compiled.body(...args);
    },
  };
  return restored;
}

function sameInputs(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}
