import { describe, expect, test } from "vitest";
import * as aq from "arquero";
import { md, Plot } from "../../workers/builtins";
import { errorOutput, numberText, textOutput } from "./text";
import { checkbox, select, slider, table } from "./widgets";

describe("textOutput", () => {
  test.each([
    [1 / 3, "0.333333"],
    [2 / 3, "0.666667"],
    [123456789, "123457000"],
    [1e-9 / 3, "3.33333e-10"],
    [-0, "0"],
    [-1e-300 * 1e-300, "0"],
    [42, "42"],
    [NaN, "NaN"],
    [-Infinity, "-Infinity"],
  ])("the number %s is written %s (6 significant digits)", (value, text) => {
    expect(numberText(value)).toBe(text);
    expect(textOutput(value)).toBe(text);
  });

  test("a cell with nothing to show has empty text", () => {
    expect(textOutput(undefined)).toBe("");
  });

  test("objects read as compact JSON-like text with sorted keys at every depth", () => {
    expect(textOutput({ b: 1 / 3, a: [1, 2, { z: 1, y: "s" }], c: new Map([["k", true]]) })).toBe('{"a": [1, 2, {"y": "s", "z": 1}], "b": 0.333333, "c": Map {"k": true}}');
  });

  test("the same object built in another key order gives the same text", () => {
    expect(textOutput({ x: 1, y: { p: 2, q: 3 } })).toBe(textOutput({ y: { q: 3, p: 2 }, x: 1 }));
  });

  test("a long array lists one entry per line, so a diff points at the entry", () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ id: i, v: i / 7 }));
    const lines = textOutput(rows).split("\n");
    expect(lines[0]).toBe("[");
    expect(lines[2]).toBe('  {"id": 1, "v": 0.142857},');
    expect(lines.at(-1)).toBe("]");
    expect(lines).toHaveLength(32);
  });

  test("huge and cyclic values stay bounded", () => {
    const big = Array.from({ length: 100_000 }, (_, i) => i);
    expect(textOutput(big).length).toBeLessThan(12_000);
    expect(textOutput(big)).toContain("… 100000 entries");
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(textOutput(cyclic)).toBe('{"a": 1, "self": [Circular]}');
    expect(textOutput("x".repeat(5000))).toMatch(/… \(5000 characters\)$/);
  });

  test("leaves: dates, bigints, functions, null, errors as values", () => {
    expect(textOutput([new Date(0), 2n, function f() {}, null, undefined, new RangeError("bad")])).toBe(
      '[1970-01-01T00:00:00.000Z, 2n, ƒ f(), null, undefined, RangeError: bad]',
    );
    expect(textOutput(new Set(["a"]))).toBe('Set ["a"]');
  });

  test("an Arquero table is a header line and tab-separated rows", () => {
    const t = aq.table({ sector: ["agri", "tab\there", null], share: [75, 1 / 3, 2] });
    expect(textOutput(t)).toBe("sector\tshare\nagri\t75\ntab\\there\t0.333333\nnull\t2");
  });

  test("a long table shows its first 20 rows and its row count", () => {
    const lines = textOutput(aq.table({ i: Array.from({ length: 25 }, (_, i) => i) })).split("\n");
    expect(lines).toHaveLength(22);
    expect(lines[20]).toBe("19");
    expect(lines[21]).toBe("… 25 rows");
  });

  test("a Plot chart is summarised by title, marks with element counts and scale domains, not its SVG", () => {
    const chart = Plot.plot({ title: "Prices", marks: [Plot.lineY([1, 2, 3]), Plot.dot([1, 2, 3, 4], { x: (d: number) => d, y: (d: number) => d }), Plot.ruleY([0])] });
    expect(textOutput(chart)).toBe("chart: Prices, 3 marks: line ×1, dot ×4, rule ×1\nx: 0, 4\ny: 0, 4");
    const bars = Plot.barY([{ k: "a", v: 1 }, { k: "b", v: 2 }], { x: "k", y: "v" }).plot({ ariaLabel: "bars" });
    expect(textOutput(bars)).toBe('chart: bars, 1 mark: bar ×2\nx: "a", "b"\ny: 0, 2');
  });

  test("two renderings of the same chart give the same text", () => {
    const make = () => Plot.plot({ marks: [Plot.areaY([3, 1, 2])] });
    expect(textOutput(make())).toBe(textOutput(make()));
  });

  test("widgets read as kind = value", () => {
    expect(textOutput(slider({ min: 0, max: 1, step: 0.1, value: 0.5 }))).toBe("slider = 0.5");
    expect(textOutput(select(["RU", "KZ"], { value: "KZ" }))).toBe('select = "KZ"');
    expect(textOutput(checkbox({ value: true }))).toBe("checkbox = true");
    expect(textOutput(table([{ a: 1 }, { a: 2 }]))).toBe("table = 0 selected of 2 rows");
  });

  test("markdown made with md reads as its text", () => {
    expect(textOutput(md`# Total ${1 + 1}`)).toBe("# Total 2");
  });

  test("an error reads as error: message", () => {
    expect(errorOutput({ message: "x is not defined" })).toBe("error: x is not defined");
  });
});

describe("textOutput of charts with legends", () => {
  test("the marks are counted in the chart, not in a legend's swatches", () => {
    const data = [{ s: "a", x: 1, y: 2 }, { s: "b", x: 2, y: 3 }];
    const chart = Plot.plot({ title: "With legend", color: { legend: true }, marks: [Plot.dot(data, { x: "x", y: "y", stroke: "s" })] });
    expect(textOutput(chart).split("\n")[0]).toBe("chart: With legend, 1 mark: dot ×2");
    const captioned = Plot.plot({ caption: "Figure 1", marks: [Plot.dot(data, { x: "x", y: "y" })] });
    expect(textOutput(captioned).split("\n")[0]).toBe("chart: Figure 1, 1 mark: dot ×2");
  });
});
