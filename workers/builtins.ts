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
import { POINTERS } from "../src/display/brands";
import { interactiveMarks, type PointerCollector } from "./plotPointer";
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
const { document, SVGElement } = parseHTML("<!doctype html><html><head></head><body></body></html>");

/**
 * Plot's tip measures its text with `getBBox` in an animation frame after rendering (a worker
 * has `requestAnimationFrame`), and linkedom lays nothing out: every tip prepared for the
 * page threw "getBBox is not a function" into the worker's error handler, hundreds per chart,
 * each one a message through the sandbox host to the page. The page draws tips itself
 * (src/ui/outputs/plotPointer.ts), so a box estimated from the text (0.6 em a character,
 * 1.2 em a line, at Plot's 10 px) is all the worker's copy needs.
 */
(SVGElement.prototype as unknown as { getBBox(this: Element): { x: number; y: number; width: number; height: number } }).getBBox = function () {
  const lines = Array.from(this.querySelectorAll("tspan"), (t) => t.textContent ?? "");
  const text = lines.length > 0 ? lines : [this.textContent ?? ""];
  return { x: 0, y: 0, width: Math.max(0, ...text.map((l) => l.length)) * 6, height: text.length * 12 };
};

type PlotOptions = NonNullable<Parameters<typeof PlotLib.plot>[0]>;

/**
 * Plot bound to the worker's DOM. Pointer-driven marks (`tip: true`, `Plot.tip`, pointer
 * transforms, crosshairs) are prepared for every datum and kept on the chart as data
 * (workers/plotPointer.ts), which the page uses to show tips and crosshairs as the pointer
 * moves; and an axis whose tick labels would repeat (integer years on a continuous scale
 * labelled with `tickFormat: "d"`: 2014, 2015, 2015, 2016…) is drawn with whole-number ticks.
 */
function plot(options: PlotOptions = {}) {
  const chart = render(options);
  const fixed = wholeTicks(chart.node, options);
  return fixed ? render(fixed).node : chart.node;
}

function render(options: PlotOptions): { node: ReturnType<typeof PlotLib.plot> } {
  const collector: PointerCollector = { layers: [], budget: 3_000_000 };
  const node = PlotLib.plot({ document: document as unknown as Document, ...options, marks: interactiveMarks(options.marks, collector) as PlotLib.Markish[] });
  if (collector.layers.length) Object.defineProperty(node, POINTERS, { value: collector.layers });
  return { node };
}

/** Options with whole-number ticks for each axis whose labels repeat, or null when none do. */
function wholeTicks(node: ReturnType<typeof PlotLib.plot>, options: PlotOptions): PlotOptions | null {
  let changed: PlotOptions | null = null;
  for (const axis of ["x", "y"] as const) {
    const labels = Array.from(node.querySelectorAll(`[aria-label="${axis}-axis tick label"] text`), (t) => t.textContent ?? "");
    if (labels.length < 2 || new Set(labels).size === labels.length) continue;
    const scale = (node as unknown as { scale(name: string): { type?: string; domain?: unknown[] } | undefined }).scale(axis);
    const domain = scale?.domain;
    if (!scale || !["linear", "pow", "sqrt"].includes(scale.type ?? "") || !Array.isArray(domain) || domain.length !== 2) continue;
    const [lo, hi] = [Math.min(Number(domain[0]), Number(domain[1])), Math.max(Number(domain[0]), Number(domain[1]))];
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi - lo > 1e6) continue;
    const count = new Set(labels).size;
    const step = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo) + 1) / count));
    const ticks: number[] = [];
    for (let t = Math.ceil(lo); t <= hi; t += step) ticks.push(t);
    changed ??= { ...options };
    changed[axis] = { ...(options[axis] as object), ticks };
  }
  return changed;
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
   * The check honours `skip` and `comment` and drops those lines itself (so `skip` is not
   * applied twice), and type inference sees every row unless `autoMax` is given.
   */
  const csv = async (options?: Parameters<typeof aq.fromCSV>[1]) => {
    const checked = checkDelimited(name, await text(), options?.delimiter ?? ",", {
      skip: options?.skip,
      comment: options?.comment,
      header: options?.header,
    });
    if (isStoreError(checked)) throw new Error(`${name}: ${checked.message}`);
    return aq.fromCSV(checked.text, { ...options, skip: 0, autoMax: options?.autoMax ?? Math.max(1, checked.rows) });
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
