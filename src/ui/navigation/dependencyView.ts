/**
 * The dependency view: the cells in document order, each with the names it reads and the
 * cell each comes from (a list of links with arrows, what a screen reader reads), and beside
 * it a small arc diagram of the same edges (decorative, hidden from assistive technology).
 * Choosing a cell or a link jumps to that cell.
 */
import type { CellStatus } from "../../kernel/types";
import type { NotebookDoc } from "../../notebook/document";
import type { DependencyGraph } from "./dependencies";
import { cellLabel } from "./host";

const SVG = "http://www.w3.org/2000/svg";
/** Width of the arc diagram, in CSS pixels. */
const ARC_WIDTH = 44;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Renders the view of `graph` into a new element. */
export function dependencyView(graph: DependencyGraph, doc: NotebookDoc, status: (id: string) => CellStatus | undefined, reveal: (id: string) => void): HTMLElement {
  const root = el("div", "dep-view");
  const declares = new Map(graph.cells.map((c) => [c.id, c.declares]));
  const label = (id: string) => cellLabel(doc, id, declares.get(id));
  const jump = (id: string, text: string, className: string) => {
    const b = el("button", className, text);
    b.type = "button";
    b.dataset.cell = id;
    b.addEventListener("click", () => reveal(id));
    return b;
  };
  const list = el("ol", "dep-list");
  list.setAttribute("aria-label", "Cells and what each reads");
  for (const cell of graph.cells) {
    const li = el("li", "dep-item");
    li.dataset.cell = cell.id;
    const state = status(cell.id);
    if (state) li.dataset.status = state;
    const head = jump(cell.id, label(cell.id), "dep-cell");
    head.title = `Go to cell ${cell.index + 1}${state && state !== "done" ? ` (${state})` : ""}`;
    li.append(head);
    if (cell.syntax) li.append(el("div", "dep-note dep-error", `does not parse: ${cell.syntax.message} (line ${cell.syntax.line})`));
    const reads = graph.edges.filter((e) => e.reader === cell.id);
    if (reads.length) {
      const line = el("div", "dep-reads");
      line.append(el("span", "dep-note", "reads "));
      reads.forEach((edge, i) => {
        if (i) line.append(", ");
        const names = el("code", undefined, edge.names.join(", "));
        line.append(names, el("span", "dep-arrow", " ← "), jump(edge.definer, `cell ${doc.cells.findIndex((c) => c.id === edge.definer) + 1}`, "dep-link"));
        if (edge.names.some((n) => graph.duplicates.has(n))) line.append(el("span", "dep-error", " (defined more than once)"));
      });
      li.append(line);
    }
    const external = graph.external.get(cell.id);
    if (external?.length) li.append(el("div", "dep-note", `uses ${external.join(", ")} (not from a cell)`));
    const readers = graph.edges.filter((e) => e.definer === cell.id);
    if (readers.length) {
      const line = el("div", "dep-readers");
      line.append(el("span", "dep-note", "read by "));
      readers.forEach((edge, i) => {
        if (i) line.append(", ");
        line.append(el("span", "dep-arrow", "→ "), jump(edge.reader, `cell ${doc.cells.findIndex((c) => c.id === edge.reader) + 1}`, "dep-link"));
      });
      li.append(line);
    }
    list.append(li);
  }
  if (graph.cells.length === 0) list.append(el("li", "dep-note", "No cells yet."));
  const svg = document.createElementNS(SVG, "svg");
  svg.classList.add("dep-arcs");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("width", String(ARC_WIDTH));
  root.append(svg, list);
  // The arcs need the rows' laid-out positions.
  requestAnimationFrame(() => drawArcs(svg, list, graph));
  return root;
}

/** Draws a dot per cell and an arc from each definer to each reader, at the rows' heights. */
function drawArcs(svg: SVGSVGElement, list: HTMLElement, graph: DependencyGraph): void {
  if (!list.isConnected) return;
  const top = list.getBoundingClientRect().top;
  const y = new Map<string, number>();
  for (const item of list.querySelectorAll<HTMLElement>(".dep-item")) {
    const head = item.querySelector(".dep-cell")!.getBoundingClientRect();
    y.set(item.dataset.cell!, head.top - top + head.height / 2);
  }
  svg.setAttribute("height", String(Math.ceil(list.getBoundingClientRect().height)));
  const x = ARC_WIDTH - 6;
  const parts: SVGElement[] = [];
  const span = Math.max(1, ...graph.edges.map((e) => Math.abs((y.get(e.reader) ?? 0) - (y.get(e.definer) ?? 0))));
  for (const edge of graph.edges) {
    const y1 = y.get(edge.definer);
    const y2 = y.get(edge.reader);
    if (y1 === undefined || y2 === undefined) continue;
    const reach = 6 + ((ARC_WIDTH - 14) * Math.abs(y2 - y1)) / span;
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", `M${x},${y1} C${x - reach},${y1} ${x - reach},${y2} ${x},${y2}`);
    path.setAttribute("class", y2 < y1 ? "dep-arc dep-arc-up" : "dep-arc");
    path.dataset.definer = edge.definer;
    path.dataset.reader = edge.reader;
    parts.push(path);
  }
  for (const [, cy] of y) {
    const dot = document.createElementNS(SVG, "circle");
    dot.setAttribute("cx", String(x));
    dot.setAttribute("cy", String(cy));
    dot.setAttribute("r", "3");
    dot.setAttribute("class", "dep-dot");
    parts.push(dot);
  }
  svg.replaceChildren(...parts);
}
