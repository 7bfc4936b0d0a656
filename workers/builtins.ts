/**
 * The names every cell can read without defining them: Arquero (`aq`), Observable Plot
 * (`Plot`, rendering into linkedom so charts are SVG strings), the solvers, the widget
 * factories, `FileAttachment`, and the `md`/`html`/`svg` helpers. The kernel adds
 * `invalidation` and `progress` per cell.
 */
import * as aq from "arquero";
import * as PlotLib from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { rich } from "../src/display/describe";
import { button, checkbox, number, select, slider, table, text } from "../src/display/widgets";
import type { AppServices } from "./protocol";
import { checkDelimited, parseAttachment } from "../src/store/parseAttachment";
import { isStoreError } from "../src/store/errors";

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

/** A file the notebook reads; bytes come from the app (the sandbox itself cannot fetch). */
export class Attachment {
  constructor(
    readonly name: string,
    private readonly services: AppServices,
  ) {}
  private async bytes(): Promise<Uint8Array> {
    const reply = await this.services.attachment(this.name);
    if (!reply.ok) throw new Error(reply.message);
    return reply.bytes;
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes());
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  /**
   * An Arquero table parsed from CSV. Every row is checked against the header first
   * (Arquero alone pads ragged rows silently), so a bad row fails with its line number.
   */
  async csv(options?: Parameters<typeof aq.fromCSV>[1]) {
    const checked = checkDelimited(this.name, await this.text(), options?.delimiter ?? ",");
    if (isStoreError(checked)) throw new Error(`${this.name}: ${checked.message}`);
    return aq.fromCSV(checked.text, options);
  }
  /** An Arquero table parsed from tab-separated text, checked row by row as `csv`. */
  async tsv(options?: Parameters<typeof aq.fromCSV>[1]) {
    return this.csv({ ...options, delimiter: "\t" });
  }
  /** An Arquero table from a .csv, .tsv, .json or .arrow file, chosen by the file's name. */
  async table() {
    const table = parseAttachment(this.name, await this.bytes());
    if (isStoreError(table)) throw new Error(`${this.name}: ${table.message}`);
    return table;
  }
  /** An Arquero table decoded from Arrow IPC bytes. */
  async arrow() {
    return aq.fromArrow(await this.bytes());
  }
}

/** The builtins for one worker session. */
export function builtins(services: AppServices, solvers: unknown): Record<string, unknown> {
  return {
    aq,
    op: aq.op,
    Plot,
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
    FileAttachment: (name: string) => new Attachment(String(name), services),
  };
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
