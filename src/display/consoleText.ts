/**
 * The text of what a cell writes to its `console`: arguments formatted as a browser console
 * prints them (format specifiers first, strings bare, other values separated by spaces), each
 * value in the inspector's text form (`inspectText`) two levels deep, so only strings leave
 * the worker. Tables, charts, widgets and rich text use their canonical output text.
 */
import { isTable, RICH } from "./brands";
import { Inspector } from "./inspect";
import { inspectText, textOutput } from "./text";
import type { InspectNode } from "./types";
import { isWidget } from "./widgetBrand";

/** Characters of one console line before it is cut. */
export const LINE_CHARS = 4000;
/** Lines (newline-separated) of one console entry before it is cut. */
export const LINE_ROWS = 100;
/** Rows of `console.table` before `… N rows`. */
export const TABLE_ROWS = 50;
/** Characters of one `console.table` cell. */
const TABLE_CELL = 40;

/** The console text of any value: strings in quotes, everything else as the inspector shows it. */
export function valueText(value: unknown): string {
  if (typeof value === "object" && value !== null && (isTable(value) || isWidget(value) || RICH in value || isNodeLike(value))) {
    try {
      return textOutput(value);
    } catch {
      return "[unprintable value]";
    }
  }
  try {
    const inspector = new Inspector();
    return inspectText(expand(inspector.describe(value), inspector, 1), LINE_CHARS);
  } catch {
    return "[unprintable value]";
  }
}

/** Containers one level below the first are listed too (the inspector lists only the first). */
function expand(node: InspectNode, inspector: Inspector, depth: number): InspectNode {
  if (node.type !== "container") return node;
  if (node.entries) return depth <= 0 ? node : { ...node, entries: node.entries.map((e) => ({ key: e.key, value: expand(e.value, inspector, depth - 1) })) };
  if (node.ref === undefined || depth < 0) return node;
  const children = inspector.expand(node.ref);
  return children ? expand(children, inspector, depth - 1) : node;
}

function isNodeLike(value: object): boolean {
  return typeof (value as { nodeType?: unknown }).nodeType === "number";
}

/** The line `console.log(...args)` prints: `%s %d %i %f %o %O %c %%` in a first string argument are substituted. */
export function formatArgs(args: readonly unknown[]): string {
  const parts: string[] = [];
  let rest = 0;
  if (typeof args[0] === "string") {
    rest = 1;
    const first = args[0].replace(/%([sdifoOc%])/g, (match, spec: string) => {
      if (spec === "%") return "%";
      if (rest >= args.length) return match;
      const value = args[rest++];
      switch (spec) {
        case "s":
          return typeof value === "string" ? value : valueText(value);
        case "d":
        case "i":
          return typeof value === "bigint" ? `${value}n` : String(Math.trunc(Number(value)));
        case "f":
          return String(Number(value));
        case "c":
          return ""; // CSS for the developer tools: nothing to show in text.
        default:
          return valueText(value);
      }
    });
    parts.push(first);
  }
  for (let i = rest; i < args.length; i++) parts.push(typeof args[i] === "string" ? (args[i] as string) : valueText(args[i]));
  return clip(parts.join(" "));
}

/** `text` cut to LINE_ROWS lines and LINE_CHARS characters, saying how much was left out. */
export function clip(text: string): string {
  let out = text;
  const rows = out.split("\n");
  if (rows.length > LINE_ROWS) out = `${rows.slice(0, LINE_ROWS).join("\n")}\n… ${rows.length - LINE_ROWS} more lines`;
  if (out.length > LINE_CHARS) out = `${out.slice(0, LINE_CHARS)}… (${text.length} characters)`;
  return out;
}

interface TableSource {
  numRows(): number;
  columnNames(): string[];
  get(column: string, row: number): unknown;
}

/**
 * What `console.table(data, columns)` prints: an aligned text table with an `(index)` column,
 * from an array (of objects, arrays or values), a plain object of rows, or an Arquero table.
 * Anything else prints as `console.log` would.
 */
export function tableText(data: unknown, columns?: readonly string[]): string {
  let rows: [string, unknown][];
  let total: number;
  if (isTable(data)) {
    const table = data as unknown as TableSource;
    total = table.numRows();
    const names = table.columnNames();
    rows = Array.from({ length: Math.min(total, TABLE_ROWS) }, (_, r) => [String(r), Object.fromEntries(names.map((n) => [n, table.get(n, r)]))]);
  } else if (Array.isArray(data)) {
    total = data.length;
    rows = data.slice(0, TABLE_ROWS).map((row, i) => [String(i), row]);
  } else if (typeof data === "object" && data !== null) {
    const keys = Object.keys(data);
    total = keys.length;
    rows = keys.slice(0, TABLE_ROWS).map((k) => [k, (data as Record<string, unknown>)[k]]);
  } else return formatArgs([data]);
  const header = ["(index)"];
  const seen = new Set<string>();
  let hasValues = false;
  for (const [, row] of rows) {
    if (typeof row === "object" && row !== null) {
      for (const key of Object.keys(row)) if (!seen.has(key)) seen.add(key), header.push(key);
    } else hasValues = true;
  }
  const keys = columns ? [...columns] : header.slice(1);
  const head = ["(index)", ...keys, ...(hasValues ? ["Values"] : [])];
  const cell = (value: unknown) => {
    const text = typeof value === "string" ? value : value === undefined ? "" : valueText(value);
    const flat = text.replace(/\s*\n\s*/g, " ");
    return flat.length > TABLE_CELL ? `${flat.slice(0, TABLE_CELL - 1)}…` : flat;
  };
  const body = rows.map(([index, row]) => {
    const object = typeof row === "object" && row !== null;
    return [index, ...keys.map((k) => (object ? cell((row as Record<string, unknown>)[k]) : "")), ...(hasValues ? [object ? "" : cell(row)] : [])];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((text, c) => text.padEnd(widths[c]!)).join(" │ ").trimEnd();
  const out = [line(head), widths.map((w) => "─".repeat(w)).join("─┼─"), ...body.map(line)];
  if (total > rows.length) out.push(`… ${total} rows`);
  return clip(out.join("\n"));
}
