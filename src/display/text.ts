/**
 * Plain-text forms of cell outputs.
 *
 * `textOutput(value)` is the canonical text of a raw display value: what a notebook file
 * saves in its `// %% output` block and what the headless runner (`src/runner/`) compares
 * later. Deterministic by construction: numbers rounded to 6 significant digits, object
 * keys sorted, tables and long values cut at fixed sizes, charts summarised (marks, element
 * counts, scale domains) instead of their SVG, whose ids and float noise are unstable.
 *
 * `displayText(display)` is a short text of a display descriptor, for the app, which only
 * sees descriptors (an HTML export, a safe preview).
 */
import { functionText } from "./functionText";
import { isTable, RICH, type RichText } from "./brands";
import type { Display, InspectNode } from "./types";
import { isWidget, widgetSpec, type Widget } from "./widgetBrand";

/** Significant digits kept for every number. */
export const SIGNIFICANT_DIGITS = 6;
/** Table rows written before `… N rows`. */
export const TABLE_ROWS = 20;
/** Characters of one value's text (an object, an array, a string) before it is cut. */
export const MAX_TEXT = 2000;
/** Entries of an array, map, set or object listed before `… N more`. */
export const MAX_ITEMS = 100;
/** A value whose one-line form is longer than this lists its first level one entry per line. */
export const LINE_WIDTH = 100;

/** The canonical text of `value` as a cell displays it; `""` for a cell with nothing to show. */
export function textOutput(value: unknown): string {
  if (value === undefined) return "";
  if (isWidget(value)) return widgetText(value);
  if (isTable(value)) return tableText(value as unknown as TableLike);
  if (isNode(value)) return domText(value);
  if (typeof value === "object" && value !== null && RICH in value) return (value as RichText).text;
  if (typeof value === "string") return cut(value);
  return valueText(value);
}

/** The text saved for a cell that failed: `error: <message>`. */
export function errorOutput(error: { message: string }): string {
  return `error: ${error.message}`;
}

/** A number rounded to 6 significant digits; `-0` and rounded-away negatives print as `0`. */
export function numberText(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const rounded = Number(x.toPrecision(SIGNIFICANT_DIGITS));
  return rounded === 0 ? "0" : String(rounded);
}

function cut(text: string, limit = MAX_TEXT): string {
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters)` : text;
}

function widgetText(widget: Widget): string {
  const spec = widgetSpec(widget);
  if (spec.type === "table") return `table = ${spec.value.length} selected of ${spec.table.rows} rows`;
  return `${spec.type} = ${valueText(widget.value)}`;
}

interface TableLike {
  numRows(): number;
  columnNames(): string[];
  get(column: string, row: number): unknown;
}

function tableText(table: TableLike): string {
  const names = table.columnNames();
  const rows = table.numRows();
  const lines = [names.map(field).join("\t")];
  for (let r = 0; r < Math.min(rows, TABLE_ROWS); r++) lines.push(names.map((name) => field(table.get(name, r))).join("\t"));
  if (rows > TABLE_ROWS) lines.push(`… ${rows} rows`);
  return lines.join("\n");
}

/** One table cell: strings bare (tabs and newlines escaped so rows stay one line each). */
function field(value: unknown): string {
  const text = typeof value === "string" ? value : valueText(value);
  return cut(text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\r?\n/g, "\\n"), 200);
}

interface NodeLike {
  nodeType: number;
  tagName?: string;
  outerHTML?: string;
  textContent?: string | null;
  children?: ArrayLike<NodeLike>;
  getAttribute?(name: string): string | null;
  querySelector?(selector: string): NodeLike | null;
  scale?(name: string): { domain?: unknown[] } | undefined;
}

function isNode(value: unknown): value is NodeLike {
  const v = value as Partial<NodeLike> | null;
  return typeof v === "object" && v !== null && typeof v.nodeType === "number" && ("outerHTML" in v || "textContent" in v);
}

function domText(node: NodeLike): string {
  const tag = (node.tagName ?? "").toLowerCase();
  // In a figure, legends (which may be SVG too) come before the chart: take its last SVG child.
  const svg = tag === "svg" ? node : tag === "figure" ? Array.from(node.children ?? []).filter((c) => (c.tagName ?? "").toLowerCase() === "svg").at(-1) : null;
  if (svg) return chartText(node, svg);
  return cut(node.outerHTML ?? node.textContent ?? "");
}

const AXIS = /(^|-)(axis|grid)\b/;

/** A Plot chart: title, its marks with rendered element counts, and the domains of its scales. */
function chartText(root: NodeLike, svg: NodeLike): string {
  const caption = (selector: string) => root.querySelector?.(selector)?.textContent?.trim();
  const title = caption("h2") || svg.getAttribute?.("aria-label") || caption("h3") || caption("figcaption") || "untitled";
  const marks: string[] = [];
  const visit = (parent: NodeLike) => {
    for (const child of Array.from(parent.children ?? [])) {
      const label = child.getAttribute?.("aria-label");
      if ((child.tagName ?? "").toLowerCase() !== "g" || !label || AXIS.test(label)) continue;
      // Facets wrap every mark once per panel; count the marks inside.
      if (label === "facet") visit(child);
      else marks.push(`${label} ×${child.children?.length ?? 0}`);
    }
  };
  visit(svg);
  const lines = [`chart: ${title}, ${marks.length} mark${marks.length === 1 ? "" : "s"}${marks.length ? `: ${marks.join(", ")}` : ""}`];
  for (const name of ["x", "y", "fx", "fy", "color", "r"]) {
    let domain: unknown[] | undefined;
    try {
      domain = typeof root.scale === "function" ? root.scale(name)?.domain : undefined;
    } catch {
      domain = undefined; // Plot throws for a scale the chart does not have.
    }
    if (Array.isArray(domain)) lines.push(`${name}: ${cut(domain.slice(0, 30).map((d) => valueText(d)).join(", ") + (domain.length > 30 ? `, … ${domain.length} values` : ""), 400)}`);
  }
  return lines.join("\n");
}

/** Any other value: JSON-like, keys sorted, one entry per line when the one-line form is long. */
function valueText(value: unknown): string {
  const budget = { left: MAX_TEXT };
  const flat = compact(value, new Set(), budget);
  if (flat.length <= LINE_WIDTH) return cut(flat);
  const parts = entries(value);
  if (!parts) return cut(flat);
  const lines = [parts.open];
  const inner = { left: MAX_TEXT * 4 };
  for (const [key, child] of parts.items) {
    if (inner.left <= 0) break;
    lines.push(`  ${key === null ? "" : `${key}: `}${cut(compact(child, new Set([value]), { left: MAX_TEXT }))},`);
    inner.left -= lines[lines.length - 1]!.length;
  }
  if (parts.more > 0 || inner.left <= 0) lines.push(`  … ${parts.size} entries`);
  lines.push(parts.close);
  return lines.join("\n");
}

interface Parts {
  open: string;
  close: string;
  items: [string | null, unknown][];
  size: number;
  more: number;
}

/** The first level of a container as keyed items (keys already rendered), or null for a leaf. */
function entries(value: unknown): Parts | null {
  if (typeof value !== "object" || value === null || value instanceof Date || value instanceof RegExp || value instanceof Error) return null;
  const name = constructorName(value);
  const prefix = (plain: string) => (name === plain ? "" : `${name} `);
  let items: [string | null, unknown][];
  let size: number;
  let open: string;
  let close: string;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const list = value as ArrayLike<unknown>;
    size = list.length;
    items = Array.from({ length: Math.min(size, MAX_ITEMS) }, (_, i) => [null, list[i]] as [null, unknown]);
    [open, close] = [`${prefix("Array")}[`, "]"];
  } else if (value instanceof Map) {
    size = value.size;
    items = [...value].slice(0, MAX_ITEMS).map(([k, v]) => [compact(k, new Set(), { left: 200 }), v]);
    [open, close] = ["Map {", "}"];
  } else if (value instanceof Set) {
    size = value.size;
    items = [...value].slice(0, MAX_ITEMS).map((v) => [null, v]);
    [open, close] = ["Set [", "]"];
  } else {
    const keys = Object.keys(value).sort();
    size = keys.length;
    items = keys.slice(0, MAX_ITEMS).map((k) => [JSON.stringify(k), (value as Record<string, unknown>)[k]]);
    [open, close] = [`${prefix("Object")}{`, "}"];
  }
  return { open, close, items, size, more: size - items.length };
}

function compact(value: unknown, seen: Set<unknown>, budget: { left: number }): string {
  const leaf = leafText(value);
  if (leaf !== null) {
    budget.left -= leaf.length;
    return leaf;
  }
  if (seen.has(value)) return "[Circular]";
  const parts = entries(value)!;
  seen.add(value);
  const out: string[] = [];
  for (const [key, child] of parts.items) {
    if (budget.left <= 0) break;
    out.push(`${key === null ? "" : `${key}: `}${compact(child, seen, budget)}`);
    budget.left -= 2 + (key?.length ?? 0);
  }
  seen.delete(value);
  const hidden = parts.size - out.length;
  if (hidden > 0) out.push(`… ${hidden} more`);
  return `${parts.open}${out.join(", ")}${parts.close}`;
}

function leafText(value: unknown): string | null {
  switch (typeof value) {
    case "number":
      return numberText(value);
    case "string":
      return JSON.stringify(cut(value, 200));
    case "boolean":
      return String(value);
    case "undefined":
      return "undefined";
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "function":
      return functionText(value);
    default:
      if (value === null) return "null";
      if (value instanceof Date) return Number.isNaN(+value) ? "Invalid Date" : value.toISOString();
      if (value instanceof RegExp) return String(value);
      if (value instanceof Error) return `${value.name}: ${value.message}`;
      if (isTable(value)) return `Table (${(value as { numRows(): number }).numRows()} rows)`;
      return null;
  }
}

function constructorName(value: object): string {
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return proto === null ? "Object" : proto.constructor?.name || "Object";
}

// The text of display descriptors, for the app.


/** Inspector tree → one line, cut at `max` characters. */
export function inspectText(node: InspectNode, max = 500): string {
  const out = nodeText(node);
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

function nodeText(node: InspectNode): string {
  switch (node.type) {
    case "primitive":
      return node.text;
    case "circular":
      return node.label;
    case "error":
      return `${node.name}: ${node.message}`;
    case "container": {
      if (!node.entries) return node.label;
      const keyed = node.shape === "object" || node.shape === "map";
      const items = node.entries.map((e) => (keyed ? `${e.key}: ${nodeText(e.value)}` : nodeText(e.value)));
      if (node.more) items.push(`… ${node.more} more`);
      const [open, close] = node.shape === "array" ? ["[", "]"] : ["{", "}"];
      const prefix = node.label === "Object" || node.label === "Array" ? "" : `${node.label} `;
      return `${prefix}${open}${items.join(", ")}${close}`;
    }
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** The text form of a display (see file comment). */
export function displayText(display: Display): string {
  switch (display.kind) {
    case "empty":
      return "";
    case "inspect":
      return inspectText(display.node);
    case "table":
      return `table: ${display.table.rows} rows`;
    case "plot":
      return "chart";
    case "html":
      return display.html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 500);
    case "markdown":
      return display.markdown;
    case "widget": {
      const w = display.widget;
      return w.type === "table" ? `table: ${w.table.rows} rows, ${w.value.length} selected` : w.type === "select" ? `${w.label ?? "select"}: ${w.options[w.value] ?? ""}` : `${w.label ?? w.type}: ${String(w.value)}`;
    }
    default: {
      const never: never = display;
      return never;
    }
  }
}
