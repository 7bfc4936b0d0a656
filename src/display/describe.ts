/**
 * Chooses how a cell's value is shown and builds its display descriptor (worker side).
 * Order matters: widgets, then Arquero tables, then DOM nodes (Plot charts, `html`),
 * then marked Markdown/HTML strings, and everything else goes to the inspector.
 */
import { toArrowIPC } from "arquero";
import { isTable, POINTERS, RICH, type ArqueroLike, type RichText } from "./brands";
import { TABLE_HEAD_ROWS, type Display, type PointerLayer, type TableDisplay } from "./types";
import type { Inspector } from "./inspect";
import { isWidget, widgetSpec, widgetTable } from "./widgetBrand";

export { isTable, rich, RICH, type RichText } from "./brands";

/** A table's first rows as Arrow IPC bytes, and its row count (the page asks for the rest with the `ref` the worker adds). */
export function tableDisplay(table: ArqueroLike): TableDisplay {
  const ipc = toArrowIPC(table as never, { limit: TABLE_HEAD_ROWS }) as Uint8Array;
  return { ipc, rows: table.numRows() };
}

interface NodeLike {
  nodeType: number;
  outerHTML?: string;
  tagName?: string;
  textContent?: string | null;
}

function isNode(value: unknown): value is NodeLike {
  const v = value as Partial<NodeLike> | null;
  return typeof v === "object" && v !== null && typeof v.nodeType === "number" && ("outerHTML" in v || "textContent" in v);
}

/** HTML, SVG or Markdown longer than this is not shown: sanitising it would stall the UI. */
export const MAX_MARKUP = 4_000_000;

function capped(display: Display): Display {
  const size = display.kind === "html" ? display.html.length : display.kind === "plot" ? display.svg.length : display.kind === "markdown" ? display.markdown.length : 0;
  if (size <= MAX_MARKUP) return display;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return { kind: "markdown", markdown: `*This ${display.kind} output is too large to show: ${mb(size)} MB (limit ${mb(MAX_MARKUP)} MB).*` };
}

/** The descriptor for `value`; `inspector` keeps the refs of lazily expanded objects. */
export function describe(value: unknown, inspector: Inspector): Display {
  return capped(describeRaw(value, inspector));
}

function describeRaw(value: unknown, inspector: Inspector): Display {
  if (value === undefined) return { kind: "empty" };
  if (isWidget(value)) {
    const widget = widgetSpec(value);
    const source = widgetTable(value);
    if (widget.type === "table" && source) widget.table.ref = inspector.keepTable(source);
    return { kind: "widget", widget };
  }
  if (isTable(value)) return { kind: "table", table: { ...tableDisplay(value), ref: inspector.keepTable(value) } };
  if (isNode(value)) {
    const tag = (value.tagName ?? "").toLowerCase();
    const html = value.outerHTML ?? value.textContent ?? "";
    const isPlot = tag === "svg" || (tag === "figure" && html.includes("<svg"));
    if (!isPlot) return { kind: "html", html };
    const pointers = (value as { [POINTERS]?: PointerLayer[] })[POINTERS];
    return pointers?.length ? { kind: "plot", svg: html, pointers } : { kind: "plot", svg: html };
  }
  if (typeof value === "object" && value !== null && RICH in value) {
    const text = (value as RichText).text;
    return (value as RichText)[RICH] === "markdown" ? { kind: "markdown", markdown: text } : { kind: "html", html: text };
  }
  return { kind: "inspect", node: inspector.describe(value) };
}

/** Buffers to transfer (not copy) along with a descriptor. */
export function transferables(display: Display): ArrayBuffer[] {
  switch (display.kind) {
    case "table":
      return [display.table.ipc.buffer as ArrayBuffer];
    case "widget":
      return display.widget.type === "table" ? [display.widget.table.ipc.buffer as ArrayBuffer] : [];
    case "empty":
    case "inspect":
    case "plot":
    case "html":
    case "markdown":
      return [];
    default: {
      const never: never = display;
      return never;
    }
  }
}
