/**
 * How a value reads in a table cell, the same on the page and in the HTML export: numbers
 * with at most four decimals (3067.4, not 3067.400000 or 3067.4000000000005), thousands
 * separators from 10,000 up (four-digit integers are usually years or codes), dates as ISO
 * days, objects as JSON.
 */

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });
const plain = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4, useGrouping: false });

/** A table cell's text for `value`. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? (Math.abs(value) < 10000 ? plain : grouped).format(value) : String(value);
  if (typeof value === "bigint") return Math.abs(Number(value)) < 10000 ? String(value) : grouped.format(value);
  if (value instanceof Date) return value.toISOString().replace("T00:00:00.000Z", "");
  if (typeof value === "object") return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v)) ?? "";
  return String(value);
}
