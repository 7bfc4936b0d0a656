/**
 * A short plain-text form of a display descriptor: what a saved notebook keeps as a cell's
 * output (`Cell.output`), what an HTML export or a safe preview can show without running.
 */
import type { Display, InspectNode } from "./types";

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
