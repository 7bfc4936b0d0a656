/**
 * Interactive charts without running notebook code in the page.
 *
 * Plot's interactions (`tip: true`, `Plot.tip` with a pointer, `Plot.pointer`/`pointerX`/
 * `pointerY` transforms, `Plot.crosshair`) re-render a mark for the datum nearest the
 * pointer, in the page, from live channel values: code the page must not run. Here, in the
 * worker, every pointer-driven mark is rendered ahead of time for each datum, and the chart
 * carries the results as data (`PointerLayer`, src/display/types.ts):
 *
 *  - each datum's pointer position in the chart's pixels (Plot's own anchor: `px`/`py`, the
 *    middle of x1/x2, y1/y2, else x/y, else the frame anchor);
 *  - for a tip, its lines (label, value, swatch colour), read from Plot's own tip rendering,
 *    so formats and channel labels are Plot's; the page draws the box;
 *  - for any other pointer mark (a crosshair's rules and labels, a highlighted dot), the SVG
 *    Plot rendered for that datum; the page sanitises it like any output.
 *
 * The page (src/ui/outputs/plotPointer.ts) picks the nearest datum as Plot does (squashed
 * distance for pointerX/Y, 40 px radius) and shows its tip or fragment in a placeholder left
 * in the SVG. How a mark picks (xy, x or y) is not visible from outside Plot, so it is
 * measured: the mark's own pointer handler is driven at probe positions and the mode whose
 * choices agree is kept. Faceted pointer marks stay static (Plot picks across facets with
 * animation frames). At most MAX_POINTS data per mark are prepared (evenly thinned past it).
 */
import * as PlotLib from "@observablehq/plot";
import type { PointerLayer, PointerMode, PointerPoint, TipLine } from "../src/display/types";
import { nearest, POINTER_RADIUS } from "../src/display/pointerPick";

/** Data per pointer mark prepared ahead of time; a larger mark is thinned evenly. */
export const MAX_POINTS = 1000;
/** Characters of one prepared SVG fragment; a larger one is left out. */
const MAX_FRAGMENT = 8000;
/** Characters of prepared fragments and tips per chart. */
const CHART_BUDGET = 3_000_000;


type Values = Record<string, ArrayLike<number> | undefined>;
type Dimensions = { width: number; height: number; marginTop: number; marginRight: number; marginBottom: number; marginLeft: number };
type Index = number[] & { fi?: number };
type Render = (this: unknown, index: Index, scales: Record<string, { bandwidth?: () => number } | undefined>, values: Values, dimensions: Dimensions, context: Record<string, unknown>) => Element | null;
type Listener = (event: object) => void;
type MarkLike = PlotLib.Mark & { render?: Render; tip?: unknown; data?: unknown; facet?: unknown; facetAnchor?: unknown; frameAnchor?: string };

/** What one chart collects while Plot renders it. */
export interface PointerCollector {
  layers: PointerLayer[];
  budget: number;
}

/** The chart's pixels that select datum `i`, as Plot's pointer computes them. */
function anchors(values: Values, dimensions: Dimensions, frameAnchor: string | undefined): { px: (i: number) => number; py: (i: number) => number } {
  const { width, height, marginTop, marginRight, marginBottom, marginLeft } = dimensions;
  const cx = /left$/.test(frameAnchor ?? "") ? marginLeft : /right$/.test(frameAnchor ?? "") ? width - marginRight : (marginLeft + width - marginRight) / 2;
  const cy = /^top/.test(frameAnchor ?? "") ? marginTop : /^bottom/.test(frameAnchor ?? "") ? height - marginBottom : (marginTop + height - marginBottom) / 2;
  const axis = (P: ArrayLike<number> | undefined, A1: ArrayLike<number> | undefined, A2: ArrayLike<number> | undefined, A: ArrayLike<number> | undefined, c: number) => {
    if (P) return (i: number) => P[i]!;
    if (A1 && A2) return (i: number) => (A1[i]! + A2[i]!) / 2;
    const single = A ?? A1;
    return single ? (i: number) => single[i]! : () => c;
  };
  return { px: axis(values.px, values.x1, values.x2, values.x, cx), py: axis(values.py, values.y1, values.y2, values.y, cy) };
}

/** Tip lines as Plot rendered them: a bold label, the value (or its full text when cut), a colour swatch. */
function tipLines(node: Element): TipLine[] {
  const text = node.querySelector("text");
  if (!text) return [];
  const lines: TipLine[] = [];
  for (const line of Array.from(text.children)) {
    if (line.tagName.toLowerCase() !== "tspan") continue;
    let label = "";
    let value = "";
    let color: string | undefined;
    let full: string | undefined;
    for (const part of Array.from(line.childNodes)) {
      if (part.nodeType === 3) value += part.textContent ?? "";
      else if ((part as Element).tagName?.toLowerCase() === "title") full = part.textContent ?? undefined;
      else if ((part as Element).getAttribute?.("font-weight") === "bold") label += part.textContent ?? "";
      else if ((part as Element).getAttribute?.("fill")) color = (part as Element).getAttribute("fill")!;
      else value += part.textContent ?? "";
    }
    value = (full ?? value).replace(/\u200b/g, "").trim();
    label = label.replace(/\u200b/g, "").trim();
    lines.push(color ? { label: label.slice(0, 200), value: value.slice(0, 500), color: color.slice(0, 100) } : { label: label.slice(0, 200), value: value.slice(0, 500) });
  }
  return lines.slice(0, 30);
}

/** A copy of `mark` (same class, same state) with `changes`: the user's mark objects stay as they were. */
function copy<T extends object>(mark: T, changes: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(mark) as object) as T, mark, changes);
}

/**
 * The marks to render: Plot's implicit tips made explicit (as Plot's `inferTips` makes them,
 * but here, so they can be prepared), and every mark with a render transform wrapped so that
 * a pointer-driven one is prepared into `collector`. Nested arrays are flattened.
 */
export function interactiveMarks(marks: unknown, collector: PointerCollector): unknown[] {
  const flat: unknown[] = [];
  const visit = (m: unknown) => (Array.isArray(m) ? m.forEach(visit) : flat.push(m));
  visit(marks ?? []);
  const out: unknown[] = [];
  const tips: unknown[] = [];
  for (const item of flat) {
    if (!(item instanceof PlotLib.Mark)) {
      out.push(item);
      continue;
    }
    let mark = item as MarkLike;
    if (mark.tip) {
      const tip = mark.tip;
      mark = copy(mark, { tip: false });
      tips.push(inferredTip(mark, tip));
    }
    out.push(prepared(mark, collector, false));
  }
  for (const tip of tips) out.push(prepared(tip as MarkLike, collector, true));
  return out;
}

/** The tip Plot would add for a mark with `tip: …` (plot.js `inferTips`, Plot 0.6.17). */
function inferredTip(mark: MarkLike, tipOption: unknown): MarkLike {
  type Options = Record<string, unknown>;
  const loose = PlotLib as unknown as { initializer(o: Options, f: unknown): Options; tip(data: unknown, o: Options): MarkLike; pointer(o: Options): Options; pointerX(o: Options): Options; pointerY(o: Options): Options };
  let options = (tipOption === true ? {} : typeof tipOption === "string" ? { pointer: tipOption } : tipOption) as Options;
  const p = /^x$/i.test(String(options.pointer)) ? loose.pointerX : /^y$/i.test(String(options.pointer)) ? loose.pointerY : loose.pointer;
  const anchor = options.preferredAnchor;
  const derived = loose.initializer({ ...options, x: null, y: null }, (_d: unknown, _f: unknown, _c: unknown, _s: unknown, _dim: unknown, context: { getMarkState(m: unknown): unknown }) => context.getMarkState(mark));
  options = p(derived);
  options.title = null;
  if (anchor === undefined) options.preferredAnchor = p === loose.pointerY ? "left" : "bottom";
  const tip = loose.tip(mark.data, options);
  tip.facet = mark.facet;
  tip.facetAnchor = mark.facetAnchor;
  return tip;
}

/** `mark` with its render transform wrapped (when it has one) to prepare pointer-driven rendering. */
function prepared(mark: MarkLike, collector: PointerCollector, inferred: boolean): MarkLike {
  if (!Object.prototype.hasOwnProperty.call(mark, "render") || typeof mark.render !== "function") return mark;
  const original = mark.render;
  return copy(mark, {
    render: function (this: MarkLike, index: Index, scales: Parameters<Render>[1], values: Values, dimensions: Dimensions, context: Record<string, unknown>) {
      const svg = context.ownerSVGElement as Element & { addEventListener: unknown };
      const listeners = new Map<string, Listener>();
      // The datum the pointer shows now (Plot dispatches it only when it changes).
      let picked: unknown = null;
      const own = { ...context, dispatchValue: (value: unknown) => void (picked = value) };
      // Plot's pointer listens on the SVG; here nothing would ever fire, so its handler is kept instead.
      svg.addEventListener = (type: string, listener: Listener) => void listeners.set(type, listener);
      let node: Element | null;
      try {
        node = original.call(this, index, scales, values, dimensions, own);
      } finally {
        delete (svg as { addEventListener?: unknown }).addEventListener;
      }
      const move = listeners.get("pointermove");
      if (!move || !node || index.fi != null) return node;
      const document = node.ownerDocument;
      const holder = document.createElementNS("http://www.w3.org/2000/svg", "g");
      holder.appendChild(node);
      const { px, py } = anchors(values, dimensions, this.frameAnchor);
      const tx = scales.x?.bandwidth ? scales.x.bandwidth() / 2 : 0;
      const ty = scales.y?.bandwidth ? scales.y.bandwidth() / 2 : 0;
      const frame: [number, number, number, number] = [dimensions.marginLeft, dimensions.marginTop, dimensions.width - dimensions.marginRight, dimensions.height - dimensions.marginBottom];
      const data = (context.getMarkState as (m: unknown) => { data: ArrayLike<unknown> | { get(i: number): unknown } })(this).data;
      const datum = (i: number) => (Array.isArray(data) ? data[i] : (data as { get(i: number): unknown }).get?.(i) ?? (data as ArrayLike<unknown>)[i]);
      const usable = Array.from(index).filter((i) => Number.isFinite(px(i)) && Number.isFinite(py(i)));
      const chosen = usable.length <= MAX_POINTS ? usable : Array.from({ length: MAX_POINTS }, (_, k) => usable[Math.floor((k * usable.length) / MAX_POINTS)]!);
      const pointAt = (x: number, y: number) => {
        move({ pageX: x + tx, pageY: y + ty, pointerType: "mouse", buttons: 0 });
        return picked;
      };
      const mode = measureMode(usable.map((i) => ({ x: px(i), y: py(i) })), frame, (x, y) => pointAt(x, y), (j) => datum(usable[j]!));
      const isTip = this instanceof PlotLib.Tip;
      const points: PointerPoint[] = [];
      const seen = new Set<string>();
      for (const i of chosen) {
        const x = Math.round(px(i) * 10) / 10;
        const y = Math.round(py(i) * 10) / 10;
        const key = `${x},${y}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pointAt(px(i), py(i));
        const shown = holder.firstElementChild;
        if (!shown || shown.childNodes.length === 0) continue;
        let point: PointerPoint;
        if (isTip) point = { x, y, tip: tipLines(shown) };
        else {
          const svgText = shown.outerHTML;
          if (svgText.length > MAX_FRAGMENT) continue;
          point = { x, y, svg: svgText };
        }
        const cost = 40 + (point.svg?.length ?? JSON.stringify(point.tip).length);
        if (collector.budget < cost) break;
        collector.budget -= cost;
        points.push(point);
      }
      pointAt(Number.NaN, Number.NaN);
      const placeholder = holder.firstElementChild ?? node;
      const id = collector.layers.length;
      placeholder.setAttribute("data-caravan-pointer", String(id));
      // An implicit tip was never a mark of the static chart: its saved text stays as it was.
      if (inferred) placeholder.removeAttribute("aria-label");
      collector.layers.push({ id, kind: isTip ? "tip" : "mark", mode, radius: POINTER_RADIUS, frame, offset: [tx, ty], points });
      holder.removeChild(placeholder);
      return placeholder;
    } as Render,
  });
}

/**
 * Which of Plot's pointers (xy, x or y) `pick` behaves as: probe positions on a grid over the
 * frame and at each datum shifted along one axis, and keep the mode that predicts the most
 * picks (ties go to xy, Plot's default).
 */
function measureMode(points: { x: number; y: number }[], frame: [number, number, number, number], pick: (x: number, y: number) => unknown, datum: (j: number) => unknown): PointerMode {
  if (points.length === 0) return "xy";
  const [left, top, right, bottom] = frame;
  const probes: [number, number][] = [];
  for (let a = 1; a <= 6; a++) for (let b = 1; b <= 4; b++) probes.push([left + ((right - left) * a) / 7, top + ((bottom - top) * b) / 5]);
  const step = Math.max(1, Math.floor(points.length / 8));
  for (let j = 0; j < points.length; j += step) {
    const p = points[j]!;
    probes.push([p.x, p.y + (p.y - top > (bottom - top) / 2 ? -1 : 1) * (bottom - top) * 0.45], [p.x + (p.x - left > (right - left) / 2 ? -1 : 1) * (right - left) * 0.45, p.y]);
  }
  const score: Record<PointerMode, number> = { xy: 0, x: 0, y: 0 };
  for (const [x, y] of probes) {
    const actual = pick(x, y);
    for (const mode of ["xy", "x", "y"] as const) {
      const j = nearest(points, x, y, mode, frame);
      if ((j === null && actual === null) || (j !== null && datum(j) === actual)) score[mode]++;
    }
  }
  return score.x > score.xy && score.x >= score.y ? "x" : score.y > score.xy && score.y > score.x ? "y" : "xy";
}
