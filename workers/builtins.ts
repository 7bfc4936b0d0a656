/**
 * The names every cell can read without defining them: Arquero (`aq`), Observable Plot
 * (`Plot`, rendering into linkedom so charts are SVG strings), the solvers, the widget
 * factories, `FileAttachment`, and the `md`/`html`/`svg` helpers. The kernel adds
 * `invalidation` and `progress` per cell.
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import * as PlotLib from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { rich } from "../src/display/describe";
import { button, checkbox, number, select, slider, table, text } from "../src/display/widgets";
import type { AttachmentReply } from "./protocol";
import { checkDelimited, parseAttachment } from "../src/store/parseAttachment";
import { isStoreError } from "../src/store/errors";
import type { CellScope } from "../src/kernel/types";
import type * as Solvers from "../src/solvers/index";
import { cellSolvers } from "./pool/api";
import type { SolverPool } from "./pool/pool";

// One DOM implementation for the whole worker: Plot builds its SVG in it.
const { document } = parseHTML("<!doctype html><html><head></head><body></body></html>");

type PlotOptions = Parameters<typeof PlotLib.plot>[0];

// Plot's interactive `tip` needs pointer events on a live SVG, which a chart rendered here as
// markup does not get. Marks asking for tips render their `title` channel as native SVG
// <title> tooltips instead.
function staticTips(marks: unknown): void {
  if (Array.isArray(marks)) marks.forEach(staticTips);
  else if (marks instanceof PlotLib.Mark && (marks as { tip?: unknown }).tip) (marks as { tip?: unknown }).tip = false;
}

function plot(options: PlotOptions = {}) {
  staticTips(options.marks);
  return PlotLib.plot({ document: document as unknown as Document, ...options });
}

// `mark.plot()` calls Plot's internal plot, which would look for `window.document`.
(PlotLib.Mark.prototype as { plot: (options?: PlotOptions & { marks?: unknown[] }) => unknown }).plot = function (this: PlotLib.Mark, { marks = [], ...options } = {}) {
  return plot({ ...options, marks: [...(marks as PlotLib.Markish[]), this as unknown as PlotLib.Markish] });
};

/** Plot with `plot` bound to the worker's DOM. */
export const Plot = { ...PlotLib, plot };

function template(strings: TemplateStringsArray, values: unknown[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ""), "");
}

/** `md\`…\`` renders its text as Markdown (the UI sanitises it). */
export function md(strings: TemplateStringsArray, ...values: unknown[]) {
  return rich("markdown", template(strings, values));
}

/** `html\`…\`` renders its text as HTML (the UI sanitises it; scripts never run). */
export function html(strings: TemplateStringsArray, ...values: unknown[]) {
  return rich("html", template(strings, values));
}

/** `svg\`…\`` renders an SVG fragment. */
export function svg(strings: TemplateStringsArray, ...values: unknown[]) {
  const body = template(strings, values);
  return rich("html", body.trimStart().startsWith("<svg") ? body : `<svg xmlns="http://www.w3.org/2000/svg">${body}</svg>`);
}

/** Where `FileAttachment` gets bytes: the page (in the app) or a data folder (headless runner). */
export type AttachmentSource = (name: string) => Promise<AttachmentReply>;

/** What `FileAttachment(name)` returns: its name and methods, nothing else (frozen). */
export interface Attachment {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
  csv(options?: Parameters<typeof aq.fromCSV>[1]): Promise<ReturnType<typeof aq.fromCSV>>;
  tsv(options?: Parameters<typeof aq.fromCSV>[1]): Promise<ReturnType<typeof aq.fromCSV>>;
  table(): Promise<ColumnTable>;
  arrow(): Promise<ReturnType<typeof aq.fromArrow>>;
}

/**
 * A file the notebook reads. The source of its bytes is held in this closure, never in a
 * property: cell code gets the methods and the name, and no path from them to the page.
 */
export function fileAttachment(name: string, source: AttachmentSource): Attachment {
  const bytes = async (): Promise<Uint8Array> => {
    const reply = await source(name);
    if (!reply.ok) throw new Error(reply.message);
    return reply.bytes;
  };
  const text = async () => new TextDecoder().decode(await bytes());
  /**
   * An Arquero table parsed from CSV. Every row is checked against the header first
   * (Arquero alone pads ragged rows silently), so a bad row fails with its line number.
   */
  const csv = async (options?: Parameters<typeof aq.fromCSV>[1]) => {
    const checked = checkDelimited(name, await text(), options?.delimiter ?? ",");
    if (isStoreError(checked)) throw new Error(`${name}: ${checked.message}`);
    return aq.fromCSV(checked.text, options);
  };
  return Object.freeze({
    name,
    async arrayBuffer() {
      const b = await bytes();
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
    text,
    async json() {
      return JSON.parse(await text()) as unknown;
    },
    csv,
    /** An Arquero table parsed from tab-separated text, checked row by row as `csv`. */
    tsv: (options?: Parameters<typeof aq.fromCSV>[1]) => csv({ ...options, delimiter: "\t" }),
    /** An Arquero table from a .csv, .tsv, .json or .arrow file, chosen by the file's name. */
    async table() {
      const table = parseAttachment(name, await bytes());
      if (isStoreError(table)) throw new Error(`${name}: ${table.message}`);
      return table;
    },
    /** An Arquero table decoded from Arrow IPC bytes. */
    async arrow() {
      return aq.fromArrow(await bytes());
    },
  });
}

/**
 * The builtins for one worker session, frozen so that one cell cannot swap a builtin under
 * another (the objects they hold are the libraries' own).
 */
export function builtins(source: AttachmentSource, solvers: unknown): Record<string, unknown> {
  return Object.freeze({
    aq,
    op: aq.op,
    Plot: Object.freeze(Plot),
    solvers,
    slider,
    number,
    select,
    checkbox,
    text,
    button,
    table,
    md,
    html,
    svg,
    FileAttachment: (name: string) => fileAttachment(String(name), source),
  });
}

/**
 * The libraries a cell may `import` by name: the ones the app bundles. Cells run in a
 * sandbox with no network, so nothing else can be imported.
 */
export function bundledModules(solvers: Record<string, unknown>): Record<string, unknown> {
  return {
    arquero: aq,
    "@observablehq/plot": Plot,
    "caravan/solvers": solvers,
    ...(solvers.cge ? { "caravan/cge": solvers.cge } : {}),
  };
}

/**
 * The `solvers` builtin over one solver pool: `scoped` makes it for each cell run (so the
 * cell's pooled solves are cancelled when it moves on and report on its progress bar), and
 * `global` serves `import … from "caravan/solvers"` and hosts without scoped builtins.
 */
export function solverBuiltins(base: typeof Solvers, pool: SolverPool): { global: Record<string, unknown>; scoped: Record<string, (scope: CellScope) => unknown> } {
  return { global: cellSolvers(base, pool), scoped: { solvers: (scope: CellScope) => cellSolvers(base, pool, scope) } };
}
