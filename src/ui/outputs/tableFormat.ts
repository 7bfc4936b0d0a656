/**
 * How the table viewer writes things: Arrow type names, cell values (rounded for reading;
 * exports carry them in full), and counts with the right plural.
 */

const TYPE_NAMES: Record<number, string> = { 1: "null", 2: "int", 3: "float", 4: "binary", 5: "string", 6: "bool", 7: "decimal", 8: "date", 9: "time", 10: "date", 11: "interval", 12: "list", 13: "struct", 14: "union", 17: "map", 20: "string" };

/** The short name of an Arrow type (dictionaries by their values' type). */
export function typeName(type: { typeId: number; dictionary?: { typeId: number } }): string {
  if (type.typeId === -1 && type.dictionary) return typeName(type.dictionary);
  return TYPE_NAMES[type.typeId] ?? "value";
}

/** True for the type names of number columns (shown right-aligned, filtered by range). */
export function isNumericType(name: string): boolean {
  return name === "int" || name === "float" || name === "decimal";
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });
// Four-digit integers are usually years or codes: no thousands separator.
const shortFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4, useGrouping: false });

/** A value as a table cell shows it. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? (Math.abs(value) < 10000 ? shortFormat : numberFormat).format(value) : String(value);
  if (value instanceof Date) return value.toISOString().replace("T00:00:00.000Z", "");
  if (typeof value === "object") return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v)) ?? "";
  return String(value);
}

/** A count with its noun, singular for exactly one: "1 row", "1,000,000 rows". */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}

/** The table's caption: "6 rows × 3 columns", or "2 of 6 rows × 3 columns" when a search or filter narrows it. */
export function captionText(shown: number, rows: number, columns: number, narrowed: boolean): string {
  const of = narrowed ? `${shown.toLocaleString("en-US")} of ${plural(rows, "row")}` : plural(rows, "row");
  return `${of} × ${plural(columns, "column")}`;
}
