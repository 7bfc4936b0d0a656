/**
 * The variable list: every top-level name the cells declare, with a type and a short
 * summary taken from what the page already received (the display descriptor of the cell
 * that shows the name's value). Values stay in the worker: nothing here asks for them.
 */
import type { CellError, CellStatus } from "../../kernel/types";
import type { Display, InspectNode } from "../../display/types";
import type { DependencyGraph } from "./dependencies";

/** One row of the variable list. */
export interface VariableRow {
  name: string;
  /** The defining cell's id and 0-based position. */
  cell: string;
  index: number;
  /** A short type: `number`, `Array`, `Table`, `Map`; `—` when the page has not seen the value. */
  type: string;
  /** True when `type` is the declared type from the type checker, not the value's. */
  declared?: boolean;
  /** A short size or value: `0.25`, `12 items`, `1,000 rows`; why it is unknown otherwise. */
  summary: string;
}

/** Longest summary text before it is cut with an ellipsis. */
const SUMMARY_CHARS = 40;

const TONE_TYPES: Record<string, string> = { date: "Date", regexp: "RegExp" };

function cut(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > SUMMARY_CHARS ? `${flat.slice(0, SUMMARY_CHARS - 1)}…` : flat;
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

function describeNode(node: InspectNode): { type: string; summary: string } {
  switch (node.type) {
    case "primitive":
      return { type: TONE_TYPES[node.tone] ?? node.tone, summary: cut(node.text) };
    case "container": {
      const type = node.label.replace(/\(\d+\)$/, "");
      if (node.shape === "array") return { type, summary: count(node.size, "item", "items") };
      if (node.shape === "map") return { type, summary: count(node.size, "entry", "entries") };
      if (node.shape === "set") return { type, summary: count(node.size, "value", "values") };
      return { type, summary: count(node.size, "key", "keys") };
    }
    case "circular":
      return { type: node.label, summary: "circular" };
    case "error":
      return { type: node.name, summary: cut(node.message) };
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** The type and summary of a value from its display descriptor. */
export function describeDisplay(display: Display): { type: string; summary: string } {
  switch (display.kind) {
    case "empty":
      return { type: "undefined", summary: "" };
    case "inspect":
      return describeNode(display.node);
    case "table":
      return { type: "Table", summary: count(display.table.rows, "row", "rows") };
    case "plot":
      return { type: "chart", summary: "SVG" };
    case "html":
      return { type: "HTML", summary: cut(display.html.replace(/<[^>]*>/g, " ").trim()) };
    case "markdown":
      return { type: "Markdown", summary: cut(display.markdown) };
    case "widget": {
      const w = display.widget;
      switch (w.type) {
        case "slider":
        case "number":
          return { type: "number", summary: `${w.type}: ${w.value}` };
        case "select":
          return { type: "string", summary: cut(`select: ${w.options[w.value] ?? ""}`) };
        case "checkbox":
          return { type: "boolean", summary: `checkbox: ${w.value}` };
        case "text":
          return { type: "string", summary: cut(`text: ${JSON.stringify(w.value)}`) };
        case "button":
          return { type: "number", summary: `button: ${count(w.value, "click", "clicks")}` };
        case "table":
          return { type: "Array", summary: `table: ${count(w.value.length, "row", "rows")} selected` };
        default: {
          const never: never = w;
          return never;
        }
      }
    }
    default: {
      const never: never = display;
      return never;
    }
  }
}

const DISPLAY_KINDS = new Set<string>(["empty", "inspect", "table", "plot", "html", "markdown", "widget"]);

/** Whether a cell's last output is a display (else it is a cell error). */
function isDisplay(shown: Display | CellError): shown is Display {
  return DISPLAY_KINDS.has(shown.kind);
}

/**
 * The variables of the notebook, in document order. `outputs` is each cell's last display
 * or error; `status` its status, so that an out-of-date or never-run value says so.
 */
export function variableRows(graph: DependencyGraph, outputs: ReadonlyMap<string, Display | CellError>, status: (id: string) => CellStatus | undefined): VariableRow[] {
  const rows: VariableRow[] = [];
  for (const cell of graph.cells) {
    const shown = outputs.get(cell.id);
    const state = status(cell.id);
    for (const name of cell.declares) {
      let type = "—";
      let summary = "";
      if (shown && !isDisplay(shown)) {
        type = "error";
        summary = cut(shown.message);
      } else if (state === "idle" || state === undefined) summary = "not run";
      else if (name === cell.shown && shown) ({ type, summary } = describeDisplay(shown));
      else summary = "not shown by its cell";
      if (state === "stale" && type !== "error") summary = summary ? `${summary} (stale)` : "stale";
      rows.push({ name, cell: cell.id, index: cell.index, type, summary });
    }
  }
  return rows;
}
