/**
 * Rows as delimited text (worker side): CSV for downloads and TSV for the clipboard, both
 * quoted as RFC 4180 says (a field holding the separator, a quote, or a line break is
 * wrapped in quotes, and its quotes doubled), which spreadsheets read back unchanged.
 * Values are written in full (`valueText`), not as the viewer rounds them.
 */
import { valueText, type Columns } from "./values";

/** Characters of exported text at most; the rows that would pass it are left out (and the reply says so). */
export const MAX_EXPORT_CHARS = 128 * 1024 * 1024;

/** One field, quoted when it must be. */
export function field(text: string, separator: string): string {
  return text.includes(separator) || text.includes('"') || text.includes("\n") || text.includes("\r") ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line and the rows at `positions` (at most `limit` of them, and at most `maxChars` characters) as delimited text with CRLF line ends. */
export function delimited(columns: Columns, positions: ArrayLike<number>, separator: "," | "\t", limit: number, maxChars = MAX_EXPORT_CHARS): { text: string; rows: number; truncated: boolean } {
  const arrays = columns.names.map((name) => columns.values(name));
  const lines: string[] = [columns.names.map((name) => field(name, separator)).join(separator)];
  let size = lines[0]!.length + 2;
  const n = Math.min(limit, positions.length);
  let rows = 0;
  for (; rows < n; rows++) {
    const p = positions[rows]!;
    let line = "";
    for (let c = 0; c < arrays.length; c++) line += (c ? separator : "") + field(valueText(arrays[c]![p]), separator);
    size += line.length + 2;
    if (size > maxChars) break;
    lines.push(line);
  }
  return { text: lines.join("\r\n") + "\r\n", rows, truncated: rows < positions.length };
}
