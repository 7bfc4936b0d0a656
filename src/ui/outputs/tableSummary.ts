/**
 * The column summaries of the table explorer: one card per column with its type, nulls,
 * distinct values, and a histogram (numbers) or the most frequent values (other types).
 * The numbers come from the worker (`summary` requests); this module only draws them.
 */
import type { ColumnSummary } from "../../display/types";
import { formatValue, plural } from "./tableFormat";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 120;
const HEIGHT = 32;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A histogram as an SVG of bars, labelled for screen readers. */
export function histogramSvg(bins: number[], min: number, max: number): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "tbl-hist");
  svg.setAttribute("width", String(WIDTH));
  svg.setAttribute("height", String(HEIGHT));
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `histogram of ${bins.length} bins from ${formatValue(min)} to ${formatValue(max)}`);
  const top = Math.max(1, ...bins);
  const width = WIDTH / bins.length;
  bins.forEach((count, i) => {
    if (count === 0) return;
    const height = Math.max(1, (count / top) * HEIGHT);
    const bar = document.createElementNS(SVG, "rect");
    bar.setAttribute("x", (i * width + 0.5).toFixed(1));
    bar.setAttribute("y", (HEIGHT - height).toFixed(1));
    bar.setAttribute("width", Math.max(1, width - 1).toFixed(1));
    bar.setAttribute("height", height.toFixed(1));
    const title = document.createElementNS(SVG, "title");
    const step = (max - min) / bins.length;
    title.textContent = `${formatValue(min + i * step)} – ${formatValue(min + (i + 1) * step)}: ${count.toLocaleString("en-US")}`;
    bar.append(title);
    svg.append(bar);
  });
  return svg;
}

/** One column's card. */
export function summaryCard(summary: ColumnSummary): HTMLElement {
  const card = el("div", "tbl-card");
  card.dataset.column = summary.name;
  card.append(el("div", "tbl-card-name", summary.name), el("div", "tbl-card-type", summary.type));
  const facts = el("dl", "tbl-card-facts");
  const fact = (term: string, value: string) => facts.append(el("dt", "", term), el("dd", "", value));
  fact("nulls", summary.nulls.toLocaleString("en-US"));
  fact("distinct", summary.distinct.toLocaleString("en-US"));
  if (summary.min !== undefined) fact("min", typeof summary.min === "number" ? formatValue(summary.min) : summary.min);
  if (summary.max !== undefined) fact("max", typeof summary.max === "number" ? formatValue(summary.max) : summary.max);
  if (summary.mean !== undefined) fact("mean", formatValue(summary.mean));
  card.append(facts);
  if (summary.histogram && typeof summary.min === "number" && typeof summary.max === "number") card.append(histogramSvg(summary.histogram, summary.min, summary.max));
  if (summary.top && summary.top.length) {
    const list = el("ol", "tbl-card-top");
    list.setAttribute("aria-label", "most frequent values");
    const most = summary.top[0]!.count;
    for (const { value, count } of summary.top) {
      const item = el("li", "");
      const bar = el("span", "tbl-card-bar");
      bar.style.width = `${Math.max(2, (count / most) * 100)}%`;
      item.append(bar, el("span", "tbl-card-value", value === "" ? "(empty)" : value), el("span", "tbl-card-count", count.toLocaleString("en-US")));
      list.append(item);
    }
    card.append(list);
  }
  return card;
}

/** The summary panel for `columns`, over `total` rows. */
export function renderSummary(columns: ColumnSummary[], total: number): HTMLElement {
  const panel = el("div", "tbl-summary");
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-label", `column summaries of ${plural(total, "row")}`);
  panel.append(...columns.map(summaryCard));
  return panel;
}
