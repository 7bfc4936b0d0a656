/**
 * Static HTML export: one self-contained file with each cell's code and its current output
 * (tables as HTML tables, charts as inline SVG, Markdown rendered) that reads offline from
 * `file://`. It contains no script, and its Content-Security-Policy forbids any: even a
 * hostile output that slipped past sanitising cannot run when the file is opened.
 *
 * Every string from the notebook goes through `escapeHtml`; HTML and SVG outputs go through
 * the caller's sanitiser and then `inertHtml`, so nothing in the page can act, refresh or
 * fetch. The notebook file is embedded last, in one marked block with its CRC-32, at a fixed
 * place before the footer: `notebookFromHtmlExport` (files.ts) reads only that block.
 */
import { fromArrow } from "arquero";
import { markdownHtml } from "../display/markdownHtml";
import type { CellError } from "../kernel/types";
import { formatValue } from "../display/formatValue";
import type { Display, InspectNode } from "../display/types";
import type { NotebookDoc } from "../notebook/document";
import { serialize } from "../notebook/format";
import { SOURCE_MARK, sourceChecksum } from "./exportMark";
import { inertHtml, inertStyleElements } from "./inertHtml";

/** A cell's current output: a display, or the error it stopped with. */
export type CellOutput = Display | CellError;

/** Options of `exportHtml`. */
export interface ExportOptions {
  /**
   * Cleans HTML and SVG before it is written into the file. The UI passes its DOMPurify
   * `sanitize`; the default strips scripts, event handlers and script URLs by pattern.
   */
  readonly sanitize?: (html: string) => string;
  /** Rows shown per table (1000 by default). */
  readonly tableRows?: number;
  /** When the export was made, shown in the footer. */
  readonly now?: Date;
  /** Each cell's console lines as the app shows them (cells that logged nothing may be absent). */
  readonly consoles?: ReadonlyMap<string, ExportedConsole>;
}

/** One cell's console as exported: its lines (a repeated line once, with its count) and how many past the cap were not kept. */
export interface ExportedConsole {
  readonly lines: readonly { readonly level: "log" | "info" | "warn" | "error" | "debug"; readonly text: string; readonly count: number }[];
  readonly omitted: number;
}

/** The exported page's policy: nothing but inline styles and data: images and fonts; no script, form, base or frame. */
export const EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'; base-uri 'none'; frame-src 'none'; object-src 'none'; script-src 'none'";


/** Escapes text for HTML element content and attribute values: the one function every string in the export goes through. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** The export's cleaner when the caller gives none: `inertHtml`, then `<style>` text made inert. */
export function stripScripts(html: string): string {
  return inertStyleElements(inertHtml(html));
}


/** A table's first `rows` rows as HTML, every name and value escaped. */
function tableHtml(ipc: Uint8Array, rows: number): string {
  const t = fromArrow(ipc);
  const names = t.columnNames();
  const n = Math.min(rows, t.numRows());
  const head = names.map((name) => `<th>${escapeHtml(name)}</th>`).join("");
  let body = "";
  for (let r = 0; r < n; r++) {
    body += `<tr>${names
      .map((name) => {
        const value = t.get(name, r);
        const numeric = typeof value === "number" || typeof value === "bigint";
        return `<td${numeric ? ' class="num"' : ""}>${escapeHtml(formatValue(value))}</td>`;
      })
      .join("")}</tr>`;
  }
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function inspectText(node: InspectNode, depth = 0): string {
  switch (node.type) {
    case "primitive":
      return node.text;
    case "circular":
      return `[circular ${node.label}]`;
    case "error":
      return `${node.name}: ${node.message}`;
    case "container": {
      const open = node.shape === "array" ? "[" : "{";
      const close = node.shape === "array" ? "]" : "}";
      if (!node.entries || depth > 3) return `${node.label} ${open}…${close}`;
      const items = node.entries.map((e) => (node.shape === "array" ? inspectText(e.value, depth + 1) : `${e.key}: ${inspectText(e.value, depth + 1)}`));
      if (node.more > 0) items.push(`… ${node.more} more`);
      return `${node.label}${node.label ? " " : ""}${open}${items.join(", ")}${close}`;
    }
    default: {
      const never: never = node;
      return String(never);
    }
  }
}

function renderOutput(output: CellOutput, clean: (html: string) => string, rows: number): string {
  switch (output.kind) {
    case "empty":
      return "";
    case "inspect":
      return `<pre class="value">${escapeHtml(inspectText(output.node))}</pre>`;
    case "table": {
      try {
        const more = output.table.rows > rows ? `<p class="note">${escapeHtml(`${rows} of ${output.table.rows} rows shown`)}</p>` : "";
        return `<div class="table">${tableHtml(output.table.ipc, rows)}</div>${more}`;
      } catch {
        return `<p class="error">table could not be read</p>`;
      }
    }
    case "plot":
      return `<div class="plot">${clean(output.svg)}</div>`;
    case "html":
      return `<div class="html">${clean(output.html)}</div>`;
    case "markdown":
      return `<div class="markdown">${clean(markdownHtml(output.markdown))}</div>`;
    case "widget": {
      const w = output.widget;
      const value = w.type === "select" ? w.options[w.value] : w.type === "table" ? `${w.value.length} rows selected` : formatValue(w.value);
      return `<p class="widget">${escapeHtml(w.label ?? w.type)}: <strong>${escapeHtml(String(value))}</strong></p>`;
    }
    default:
      return `<pre class="error">${escapeHtml(output.message)}</pre>`;
  }
}

const CONSOLE_MARK = { log: "", info: "ℹ ", warn: "⚠ ", error: "✖ ", debug: "" } as const;

/** A cell's console as a block of lines under its output, each escaped, levels marked as in the app. */
function consoleHtml(console: ExportedConsole): string {
  const lines = console.lines.map((l) => {
    const level = Object.hasOwn(CONSOLE_MARK, l.level) ? l.level : "log";
    const count = l.count > 1 ? ` <span class="count">×${escapeHtml(l.count.toLocaleString("en-US"))}</span>` : "";
    return `<div class="line ${level}">${escapeHtml(CONSOLE_MARK[level] + l.text)}${count}</div>`;
  });
  const more = console.omitted > 0 ? `<div class="more">${escapeHtml(`${console.omitted.toLocaleString("en-US")} more line${console.omitted === 1 ? "" : "s"} not shown`)}</div>` : "";
  return lines.length > 0 || more ? `<div class="console" role="log" aria-label="Console output">${lines.join("")}${more}</div>` : "";
}

// Long lines and wide tables wrap rather than being cut (on screen and on paper); numbers keep
// their digits together. Dark when the reader's system is.
const STYLE = `:root{color-scheme:light dark}body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}
pre{background:#f5f5f7;padding:.75rem;border-radius:4px;font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
.cell{margin:1.5rem 0}.value{background:none;padding:0}.error{color:#b00020}.note,footer{color:#666;font-size:13px}
table{border-collapse:collapse;font-size:13px;max-width:100%}th,td{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top;overflow-wrap:anywhere}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}th{position:sticky;top:0;background:inherit}
.table{max-width:100%}details{margin-top:2rem}svg{max-width:100%;height:auto}
.console{margin-top:.5rem;border-top:1px solid #ddd;font:12px/1.45 ui-monospace,monospace}.console .line{padding:1px 6px;white-space:pre-wrap;overflow-wrap:anywhere}
.console .warn{background:#fdf3dc;color:#7a4d00}.console .error{background:#fbe6e6;color:#a11b1b}.console .debug{opacity:.7}.console .count{color:#666}.console .more{color:#666;font-style:italic;padding:1px 6px}
@media (prefers-color-scheme:dark){body{color:#e3e7ec;background:#14171c}pre{background:#1e232b}.error{color:#ff7b7b}.console .warn{background:#3a2f12;color:#fcd34d}.console .error{background:#3a1a1a;color:#fca5a5}.note,footer{color:#9aa4b0}th,td{border-color:#343b46}a{color:#6ea0ff}}`;

/** The fixed end of every export, after the marked source block's `</pre>`; the importer checks it. */
export function exportTail(when: string): string {
  return `</details>\n<footer>${escapeHtml(`Exported from Caravan on ${when}. This page runs no code.`)}</footer>\n</body>\n</html>\n`;
}

/**
 * Builds the export. `outputs` maps cell ids to their current outputs; a cell with none
 * shows its saved output text, if any. The notebook file itself is embedded last, in the
 * marked block with its checksum, so the export can be turned back into a notebook.
 */
export function exportHtml(doc: NotebookDoc, outputs: ReadonlyMap<string, CellOutput> | Readonly<Record<string, CellOutput>>, options: ExportOptions = {}): string {
  const clean = options.sanitize ? (html: string) => stripScripts(options.sanitize!(html)) : stripScripts;
  const source = serialize(doc);
  const checksum = sourceChecksum(source);
  const rows = options.tableRows ?? 1000;
  // Own entries only: an id such as "constructor" must not find Object.prototype's.
  const outputOf = (id: string) => (outputs instanceof Map ? outputs.get(id) : Object.hasOwn(outputs, id) ? (outputs as Record<string, CellOutput>)[id] : undefined);
  const cells = doc.cells.map((cell) => {
    const output = outputOf(cell.id);
    if (cell.kind === "markdown") {
      const body = output && output.kind === "markdown" ? renderOutput(output, clean, rows) : `<div class="markdown">${clean(markdownHtml(cell.source))}</div>`;
      return `<section class="cell markdown-cell" id="cell-${escapeHtml(cell.id)}">${body}</section>`;
    }
    const shown = output ? renderOutput(output, clean, rows) : cell.output !== undefined ? `<pre class="value">${escapeHtml(cell.output)}</pre>` : "";
    const logged = options.consoles?.get(cell.id);
    return `<section class="cell code-cell" id="cell-${escapeHtml(cell.id)}"><pre class="code"><code>${escapeHtml(cell.source)}</code></pre>${shown}${logged ? consoleHtml(logged) : ""}</section>`;
  });
  const title = escapeHtml(doc.title);
  const when = (options.now ?? new Date()).toISOString();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(EXPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Caravan">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
${cells.join("\n")}
<details><summary>Notebook file (save as .ts and open in Caravan)</summary><pre class="source" ${SOURCE_MARK}="crc32-${checksum}">${escapeHtml(source)}</pre>${exportTail(when)}`;
}
