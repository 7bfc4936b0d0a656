/**
 * Tips, crosshairs and pointer marks of a chart, in the page, from data only: the worker
 * prepared each pointer-driven mark for every datum (workers/plotPointer.ts); here the
 * pointer picks the nearest datum by Plot's own rule (`nearest`) and the chart shows its tip
 * (drawn here from the tip's text lines) or its prepared SVG (sanitised like every output) in
 * the mark's placeholder. No notebook code and no Plot run in the page. As in Plot, a click
 * pins what is shown until the next click, and leaving the chart hides it.
 */
import type { PointerLayer, TipLine } from "../../display/types";
import { nearest } from "../../display/pointerPick";
import { sanitize } from "./sanitize";
import { svgElement } from "../dom";

const SVG = "http://www.w3.org/2000/svg";

interface Target {
  layer: PointerLayer;
  g: SVGGElement;
  shown: number | null;
  fragments: Map<number, Node[]>;
}

/** Makes the chart in `root` (an output's shadow root) follow the pointer through `layers`. */
export function attachPointers(root: ParentNode, layers: readonly PointerLayer[]): void {
  const targets: Target[] = [];
  for (const layer of layers) {
    const g = root.querySelector<SVGGElement>(`g[data-caravan-pointer="${layer.id}"]`);
    if (g && layer.points.length) targets.push({ layer, g, shown: null, fragments: new Map() });
  }
  const svg = targets[0]?.g.ownerSVGElement;
  if (!svg) return;
  svg.classList.add("caravan-pointer-chart");
  let sticky = false;
  const pick = (event: PointerEvent) => {
    const ctm = svg.getScreenCTM();
    if (!ctm) return;
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
    for (const t of targets) show(t, nearest(t.layer.points, p.x - t.layer.offset[0], p.y - t.layer.offset[1], t.layer.mode, t.layer.frame, t.layer.radius));
  };
  svg.addEventListener("pointerenter", (event) => sticky || pick(event));
  svg.addEventListener("pointermove", (event) => {
    // While a mouse button is held the user is dragging (selecting text, say): Plot does not move then.
    if (sticky || (event.pointerType === "mouse" && event.buttons === 1)) return;
    pick(event);
  });
  svg.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "mouse" || !targets.some((t) => t.shown !== null)) return;
    sticky = !sticky;
    if (!sticky) pick(event);
  });
  svg.addEventListener("pointerleave", (event) => {
    if (event.pointerType !== "mouse" || sticky) return;
    for (const t of targets) show(t, null);
  });
}

function show(target: Target, index: number | null): void {
  if (target.shown === index) return;
  target.shown = index;
  if (index === null) return target.g.replaceChildren();
  const point = target.layer.points[index]!;
  if (target.layer.kind === "tip") return drawTip(target.g, point.x, point.y, point.tip ?? []);
  let nodes = target.fragments.get(index);
  if (!nodes) target.fragments.set(index, (nodes = fragment(point.svg ?? "")));
  target.g.replaceChildren(...nodes);
}

/** The children of a prepared `<g>`: its own attributes are already on the placeholder. */
function fragment(markup: string): Node[] {
  const holder = document.createElementNS(SVG, "svg");
  holder.innerHTML = sanitize(`<svg xmlns="${SVG}">${markup}</svg>`, "output");
  const g = holder.querySelector("svg > g");
  return g ? [...g.childNodes] : [];
}

/**
 * A tip in Plot's style: a box with a pointer notch above the datum (below it, or to a side,
 * when it would leave the chart), one line per channel, bold labels, colour swatches.
 */
function drawTip(g: SVGGElement, x: number, y: number, lines: readonly TipLine[]): void {
  const tip = svgElement("g", { class: "caravan-tip", role: "tooltip" });
  const path = svgElement("path", { fill: "var(--plot-background, white)", stroke: "currentColor", "stroke-opacity": "0.6", filter: "drop-shadow(0 3px 4px rgba(0,0,0,0.2))" });
  const text = svgElement("text", { fill: "currentColor", stroke: "none", "font-size": "10" });
  for (const line of lines) {
    const row = svgElement("tspan", { x: "0", dy: "1.2em" });
    if (line.label) {
      const label = svgElement("tspan", { "font-weight": "bold" });
      label.textContent = line.label;
      row.append(label, " ");
    }
    row.append(line.value);
    if (line.color) {
      const swatch = svgElement("tspan", { fill: line.color });
      swatch.textContent = " ■";
      row.append(swatch);
    }
    text.append(row);
  }
  tip.append(path, text);
  g.replaceChildren(tip);
  const box = text.getBBox();
  const pad = 8;
  const notch = 8;
  const w = Math.ceil(box.width) + pad * 2;
  const h = Math.ceil(box.height) + pad * 2;
  const svg = g.ownerSVGElement!;
  const view = svg.viewBox.baseVal;
  const width = view && view.width ? view.width : svg.clientWidth;
  const below = y - h - notch < 0;
  // Centred on the datum, moved in to stay inside the chart.
  const left = Math.max(0, Math.min(x - w / 2, width - w));
  const top = below ? y + notch : y - h - notch;
  const nx = Math.max(left + 4, Math.min(x, left + w - 4));
  const d = below
    ? `M${x},${y}L${nx - notch / 2},${top}H${left}V${top + h}H${left + w}V${top}H${nx + notch / 2}Z`
    : `M${x},${y}L${nx - notch / 2},${top + h}H${left}V${top}H${left + w}V${top + h}H${nx + notch / 2}Z`;
  path.setAttribute("d", d);
  text.setAttribute("transform", `translate(${left + pad},${top + pad - box.y})`);
}
