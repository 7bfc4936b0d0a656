/**
 * The notebook shown on first start: a slider drives an Arquero filter and a Plot chart,
 * with a Markdown cell reading the slider's value.
 */
import { makeCell, makeDoc, type NotebookDoc } from "../notebook/document";

/** A fresh copy of the demo notebook. */
export function defaultNotebook(): NotebookDoc {
  return makeDoc(
    [
      makeCell("# Tariffs and trade\nA toy example: imports by partner fall as the tariff rises. Move the slider.", "markdown"),
      makeCell('const tariff = slider({ min: 0, max: 50, step: 1, value: 10, label: "Tariff (%)" })'),
      makeCell(
        [
          "const flows = aq.table({",
          '  partner: ["China", "EU", "Mexico", "Canada", "Japan", "Korea", "India", "Vietnam"],',
          "  imports: [536, 575, 475, 437, 148, 116, 87, 114],",
          "  elasticity: [-1.8, -1.2, -0.9, -0.8, -1.4, -1.5, -2.1, -2.4],",
          "})",
        ].join("\n"),
      ),
      makeCell(
        [
          "const projected = flows",
          "  .params({ t: tariff / 100 })",
          "  .derive({ after: (d, $) => d.imports * op.pow(1 + $.t, d.elasticity) })",
          "  .filter((d) => d.imports > 100)",
          '  .orderby(aq.desc("after"))',
        ].join("\n"),
      ),
      makeCell(
        [
          "Plot.plot({",
          "  marginLeft: 70,",
          '  x: { label: "Imports after tariff (US$ bn)", grid: true },',
          "  marks: [",
          '    Plot.barX(projected.objects(), { x: "after", y: "partner", fill: "steelblue", sort: { y: "-x" } }),',
          '    Plot.ruleX([0])',
          "  ]",
          "})",
        ].join("\n"),
      ),
      makeCell("md`Total imports at a **${tariff}%** tariff: **${projected.rollup({ s: aq.op.sum(\"after\") }).get(\"s\", 0).toFixed(0)}** bn.`"),
    ],
    { title: "Tariffs and trade" },
  );
}
