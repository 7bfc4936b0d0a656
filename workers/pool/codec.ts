/**
 * Values that cross between the kernel worker and a solver worker: plain data as is, and
 * Arquero tables (class instances, which structured cloning would strip) as their columns.
 * Typed arrays made by the encoder are listed for transfer, so results move instead of
 * being copied.
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";

const TABLE = "$caravanTable";

function isTable(value: unknown): value is ColumnTable {
  return typeof value === "object" && value !== null && typeof (value as ColumnTable).columnNames === "function" && typeof (value as ColumnTable).array === "function";
}

/** `value` with every Arquero table replaced by `{$caravanTable: {column: values}}`; `transfer` receives buffers that may move. */
export function encode(value: unknown, transfer: Transferable[] = []): unknown {
  if (isTable(value)) {
    const columns: Record<string, unknown> = {};
    for (const name of value.columnNames()) {
      const column = value.array(name) as unknown;
      if (ArrayBuffer.isView(column) && column.buffer instanceof ArrayBuffer) transfer.push(column.buffer);
      columns[name] = column;
    }
    return { [TABLE]: columns };
  }
  if (Array.isArray(value)) return value.map((v) => encode(v, transfer));
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v, transfer)]));
  }
  return value;
}

/** The inverse of `encode`: tables rebuilt as Arquero tables. */
export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    if (TABLE in record) return aq.table(record[TABLE] as Record<string, unknown[]>);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}
