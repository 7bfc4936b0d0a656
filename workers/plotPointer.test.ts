import { describe, expect, test } from "vitest";
import { Plot } from "./builtins";
import { describe as describeValue } from "../src/display/describe";
import { Inspector } from "../src/display/inspect";
import { textOutput } from "../src/display/text";
import { nearest } from "../src/display/pointerPick";
import type { Display, PointerLayer } from "../src/display/types";
import { parseWorkerBatch } from "./door";

const layers = (chart: unknown): PointerLayer[] => (describeValue(chart, new Inspector()) as Extract<Display, { kind: "plot" }>).pointers ?? [];
const countries = [
  { gdp: 1.5, growth: 2.1, name: "Chile" },
  { gdp: 4.25, growth: 3.3, name: "Peru" },
  { gdp: 3, growth: -0.5, name: "Bolivia" },
];

describe("tips in a worker, which has animation frames but no layout", () => {
  test("Plot's tip sizes its box after rendering without throwing (it measured with getBBox, which linkedom lacks)", () => {
    const frames: FrameRequestCallback[] = [];
    const had = Object.getOwnPropertyDescriptor(globalThis, "requestAnimationFrame");
    // As in a dedicated worker: Plot's tip waits a frame, then measures its text.
    Object.defineProperty(globalThis, "requestAnimationFrame", { configurable: true, writable: true, value: (f: FrameRequestCallback) => frames.push(f) });
    try {
      const chart = Plot.plot({ marks: [Plot.lineY([1, 3, 2], { tip: true }), Plot.tip([{ x: 1, y: 2, name: "a long label" }], { x: "x", y: "y", title: "name" })] });
      expect(frames.length).toBeGreaterThan(0);
      for (const frame of frames.splice(0)) frame(0);
      expect(layers(chart).some((l) => l.kind === "tip")).toBe(true);
    } finally {
      if (had) Object.defineProperty(globalThis, "requestAnimationFrame", had);
      else delete (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame;
    }
  });
});

describe("pointer marks prepared in the worker", () => {
  test("tip: true gives one tip per datum, with Plot's labels and formats, at the datum's pixels", () => {
    const chart = Plot.dot(countries, { x: "gdp", y: "growth", channels: { country: "name" }, tip: true }).plot({ width: 500 });
    const [tip] = layers(chart);
    expect(tip).toMatchObject({ kind: "tip", mode: "xy", radius: 40 });
    expect(tip!.points.map((p) => p.tip)).toEqual([
      [{ label: "country", value: "Chile" }, { label: "gdp", value: "1.5" }, { label: "growth", value: "2.1" }],
      [{ label: "country", value: "Peru" }, { label: "gdp", value: "4.25" }, { label: "growth", value: "3.3" }],
      [{ label: "country", value: "Bolivia" }, { label: "gdp", value: "3" }, { label: "growth", value: "-0.5" }],
    ]);
    // The tip's position is the dot's: the circles Plot drew are where the points say.
    const circles = Array.from(chart.querySelectorAll("circle"), (c) => [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))]);
    expect(tip!.points.map((p) => [p.x, p.y])).toEqual(circles.map(([x, y]) => [Math.round(x! * 10) / 10, Math.round(y! * 10) / 10]));
  });

  test("the mode is measured: pointerX marks pick by x, the crosshair by x and y", () => {
    const rows = [{ x: 1, y: 10 }, { x: 2, y: 30 }, { x: 3, y: 20 }];
    const byX = layers(Plot.dot(rows, Plot.pointerX({ x: "x", y: "y", fill: "red" })).plot());
    expect(byX.map((l) => [l.kind, l.mode, l.points.length])).toEqual([["mark", "x", 3]]);
    expect(byX[0]!.points[1]!.svg).toMatch(/^<g [^>]*fill="red"[^>]*><circle /);
    const byY = layers(Plot.dot(rows, Plot.pointerY({ x: "x", y: "y" })).plot());
    expect(byY[0]!.mode).toBe("y");
    const cross = layers(Plot.plot({ marks: [Plot.crosshair(rows, { x: "x", y: "y" })] }));
    expect(cross.map((l) => l.mode)).toEqual(["xy", "xy", "xy", "xy"]);
    expect(cross[2]!.points[1]!.svg).toContain(">2</text>");
  });

  test("an implicit tip leaves the chart's saved text as it was; the user's marks are not changed", () => {
    const dot = Plot.dot(countries, { x: "gdp", y: "growth", tip: true });
    const before = { ...dot };
    const chart = dot.plot();
    expect(textOutput(chart)).toBe("chart: untitled, 1 mark: dot ×3\nx: 1.5, 4.25\ny: -0.5, 3.3");
    expect({ ...dot }).toEqual(before);
    expect(chart.outerHTML).toContain('data-caravan-pointer="0"');
  });

  test("a large mark is thinned to at most 1,000 prepared data", () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ x: i, y: Math.sin(i / 100) }));
    const [tip] = layers(Plot.lineY(many, { x: "x", y: "y", tip: "x" }).plot());
    expect(tip!.mode).toBe("x");
    expect(tip!.points.length).toBeLessThanOrEqual(1000);
    expect(tip!.points.length).toBeGreaterThan(500);
  });

  test("prepared layers pass the page's door; a swatch colour that is a url() does not", () => {
    const chart = Plot.dot(countries, { x: "gdp", y: "growth", fill: "name", tip: true }).plot();
    const display = describeValue(chart, new Inspector());
    const ok = parseWorkerBatch({ caravan: "events", events: [{ type: "display", cell: "a", display, at: 1 }] }, () => true)!;
    expect(ok.dropped).toBe(0);
    expect((ok.events[0] as { display: Display }).display).toEqual(display);
    const layer = (display as Extract<Display, { kind: "plot" }>).pointers![0]!;
    expect(layer.points[0]!.tip![0]!.color).toMatch(/^#[0-9a-f]{6}$/);
    const evil = { ...display, pointers: [{ ...layer, points: [{ x: 1, y: 1, tip: [{ label: "a", value: "b", color: "url(https://evil.example/x)" }] }] }] };
    expect(parseWorkerBatch({ caravan: "events", events: [{ type: "display", cell: "a", display: evil, at: 1 }] }, () => true)!.dropped).toBe(1);
  });
});

describe("nearest, Plot's pointer rule", () => {
  const frame = [0, 0, 100, 100] as const;
  const points = [{ x: 10, y: 10 }, { x: 50, y: 90 }];
  test.each([
    ["xy picks within 40 px", 12, 14, "xy", 0],
    ["xy picks nothing farther than 40 px", 50, 20, "xy", null],
    ["x squashes y distances", 50, 20, "x", 1],
    ["y squashes x distances", 90, 88, "y", 1],
    ["outside the frame nothing is squashed", 50, -20, "x", null],
  ] as const)("%s", (_, x, y, mode, expected) => {
    expect(nearest(points, x, y, mode, frame)).toBe(expected);
  });
});

describe("axis ticks", () => {
  test("integer years on a continuous axis formatted 'd' are labelled once each", () => {
    const rows = [2014, 2015, 2016, 2017, 2018, 2019].map((year, i) => ({ year, v: 1 + i / 10 }));
    const chart = Plot.plot({ width: 760, marginRight: 150, x: { tickFormat: "d" }, marks: [Plot.line(rows, { x: "year", y: "v" })] });
    const labels = Array.from(chart.querySelectorAll('[aria-label="x-axis tick label"] text'), (t) => t.textContent);
    expect(labels).toEqual(["2014", "2015", "2016", "2017", "2018", "2019"]);
  });

  test("an axis whose labels do not repeat is left as Plot draws it", () => {
    const chart = Plot.plot({ width: 760, marks: [Plot.line([0, 0.5, 1, 1.5, 2].map((x) => ({ x, y: x })), { x: "x", y: "y" })] });
    const labels = Array.from(chart.querySelectorAll('[aria-label="x-axis tick label"] text'), (t) => t.textContent);
    expect(labels).toContain("0.2");
  });
});
