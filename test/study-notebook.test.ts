/**
 * The study notebook (the app's default) against the study's printed figures
 * (data/study/*.csv), recomputed here by hand or by independent code: its trade checks, its
 * claims about Annex 4, the year-one and chained readings, the figures the economy-wide
 * averages imply, the saved general equilibrium sweep, and what a first open shows.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as aq from "arquero";
import { isFormatError, parse } from "../src/notebook/format";
import type { NotebookDoc } from "../src/notebook/document";
import { checkNotebook } from "../src/runner/check";
import type { RunResult } from "../src/runner/run";

const text = readFileSync(new URL("../notebooks/kyrgyzstan-customs-union.caravan.ts", import.meta.url), "utf8");
const parsed = parse(text);
if (isFormatError(parsed)) throw new Error(parsed.message);
const doc: NotebookDoc = parsed;
const csv = (name: string) => aq.fromCSV(readFileSync(new URL(`../data/study/${name}`, import.meta.url), "utf8"));

let run: RunResult;
beforeAll(async () => {
  ({ run } = await checkNotebook(doc, {}));
}, 180_000);

const cell = (id: string) => {
  const found = run.cells.find((c) => c.id === id);
  if (!found) throw new Error(`no cell ${id}`);
  return found;
};
/** A table cell's saved-text output as rows of named fields (first 20 rows). */
const rows = (id: string): Record<string, string>[] => {
  const lines = cell(id).output!.split("\n").filter((l) => !l.startsWith("… "));
  const header = lines[0]!.split("\t");
  return lines.slice(1).map((l) => Object.fromEntries(l.split("\t").map((v, i) => [header[i], v])));
};

describe("study notebook: every cell", () => {
  it("runs without an error, Markdown included, and no Markdown shows NaN, undefined or null", () => {
    expect(run.cells.filter((c) => c.status !== "done").map((c) => [c.id, c.error?.message])).toEqual([]);
    for (const c of run.cells.filter((c) => c.kind === "markdown")) expect(c.output, c.id).not.toMatch(/NaN|undefined|null|Infinity/);
  });

  it("opens without manual work except the GE sweep, and no text or auto cell waits on that sweep", () => {
    const manual = doc.cells.filter((c) => c.mode === "manual").map((c) => c.id);
    expect(manual).toEqual(["geSensitivity"]);
    expect(doc.cells.find((c) => c.id === "equilibrium")?.mode).toBe("auto");
    const sweepNames = cell("geSensitivity").names;
    const readers = doc.cells.filter((c) => c.id !== "geSensitivity" && sweepNames.some((n) => new RegExp(`\\b${n}\\b`).test(c.source)));
    expect(readers.map((c) => c.id)).toEqual(["ge-bands-chart"]);
  });

  it("shows the GE sweep's saved result in an automatic cell, equal to what the manual sweep computes", () => {
    expect(cell("geSaved").output).toBe(cell("geSensitivity").output);
  });
});

describe("study notebook: the union's trade (Tables 1.2-1.7)", () => {
  it("reports the pass/fail counts that independent sums, mirrors and indices give", () => {
    const flows = csv("cu_trade_flows.csv").objects() as Array<{ table_no: number; partner: string; year: string | number; value: number; measure: string }>;
    const v = (t: number, p: string, y: number) => flows.find((f) => f.table_no === t && f.partner === p && Number(f.year) === y && f.measure === "value")?.value;
    const years = [2010, 2011, 2012, 2013];
    let sumPass = 0;
    for (const [t, parts] of [[1.4, ["Belarus", "Kazakhstan"]], [1.5, ["Belarus", "Kazakhstan"]], [1.7, ["Kazakhstan", "Russia"]]] as const)
      for (const y of years) if (Math.abs(parts.reduce((s, p) => s + v(t, p, y)!, 0) - v(t, "CU total", y)!) <= 0.15 + 1e-9) sumPass++;
    let mirrorPass = 0;
    let mirrorFail = 0;
    for (const y of years) {
      for (const [a, b] of [[v(1.4, "Belarus", y), v(1.7, "Russia", y)], [v(1.6, "Russia", y), v(1.5, "Belarus", y)], [v(1.3, "CU total", y), v(1.4, "Kazakhstan", y)! + v(1.6, "Kazakhstan", y)!]])
        if (Math.abs(a! - b!) <= 0.15 + 1e-9) mirrorPass++;
        else mirrorFail++;
    }
    const indices = flows.filter((f) => f.measure === "index_2013_as_pct_of_2010");
    const indexPass = indices.filter((f) => Math.abs((100 * v(f.table_no, f.partner, 2013)!) / v(f.table_no, f.partner, 2010)! - f.value) <= 0.05).length;
    // By hand: 18254.1 + 12465.0 = 30719.1 (Table 1.4, 2010); 12465.0 + 464.8 = 12929.8 ≠ 12896.3 (Table 1.3).
    expect([sumPass, mirrorPass, mirrorFail, indexPass, indices.length]).toEqual([12, 8, 4, 12, 12]);
    expect(rows("tradeSummary")).toEqual([
      { kind: "total = sum of its rows", checks: "14", pass: String(sumPass), fail: "0", cannot_check: "2" },
      { kind: "mirror flows agree", checks: "14", pass: String(mirrorPass), fail: String(mirrorFail), cannot_check: "2" },
      { kind: "2013 in % of 2010", checks: "12", pass: String(indexPass), fail: "0", cannot_check: "0" },
    ]);
    expect(cell("trade-checks-result").output).toContain(`**${sumPass + mirrorPass + indexPass} pass**`);
  });

  it("recomputes the study's 36.1% growth of mutual trade from both sides, by hand", () => {
    // Importers: (22636.3 + 22971.2 + 18367.3) / (15613.5 + 18662.1 + 12896.3) − 1.
    const byImports = (22636.3 + 22971.2 + 18367.3) / (15613.5 + 18662.1 + 12896.3) - 1;
    // Exporters: Russia's total, Belarus's two rows, Kazakhstan's exports as its partners' imports.
    const byExports = (40574.4 + 16829.8 + 868.2 + 5806.5 + 82.3) / (30719.1 + 9951.2 + 464.8 + 5662.3 + 408.0) - 1;
    const claim = rows("tradeClaims")[0]!;
    expect(claim.recomputed).toBe(`${(byExports * 100).toFixed(1)}% from exporters' figures, ${(byImports * 100).toFixed(1)}% from importers'`);
  });
});

describe("study notebook: import prices", () => {
  it("the agriculture price shock matches Annex 4's 2015 index (1.0038) to its printed 4 decimals", () => {
    const printed = csv("price_shocks.csv").filter((d: { sector_id: number }) => d.sector_id === 1).get("y2015", 0) as number;
    const [row] = rows("agriculture");
    expect(Math.abs(Number(row!.total) - printed)).toBeLessThanOrEqual(0.00005);
    // Tariffs alone: 0.75·1 + 0.25·(1.05415/1.03561) = 1.0044754, by hand.
    expect(Number(row!.tariffOnly)).toBeCloseTo(0.75 + 0.25 * (1.05415 / 1.03561), 5);
  });

  it("says that mechanic engineering does not end at 1, and matches the text's first-year rises with half-up rounding", () => {
    const claims = rows("annex4Claims");
    const ends = claims.find((c) => c.claim!.includes("ends at 1"))!;
    expect(ends.verdict).toBe("does not hold");
    expect(ends.data).toContain("Mechanic engineering (cut after 2017)");
    // 1.0525 is 5.25% and the text prints 5.3% (en 5743): rounded half up, not lost to binary error.
    expect(claims.find((c) => c.claim!.startsWith("first-year rise, food"))!.verdict).toBe("holds");
    expect(claims.filter((c) => c.claim!.startsWith("first-year rise") && c.verdict === "holds")).toHaveLength(5);
    expect(cell("annex4-md").output).toContain("10 of the 11 printed rows end at 1");
    expect(cell("annex4-md").output).not.toMatch(/every printed row (starts and )?ends at 1/i);
  });

  it("computes agriculture's chained index as the year-one value times the later factors", () => {
    const chained = 1.0038 * 1.0013 * 1.0014 * 1.0014 * 1;
    const agriculture = rows("readings").find((r) => r.sector!.startsWith("Agriculture"))!;
    expect(Number(agriculture.year_one)).toBe(1.0038);
    expect(Number(agriculture.chained)).toBeCloseTo(chained, 5);
    expect(Number(agriculture.log_ratio)).toBeCloseTo(Math.log(chained) / Math.log(1.0038), 4);
    expect(cell("readings-md").output).toContain(`reaches ${chained.toFixed(4)} in`);
  });

  it("states the economy-wide figures with their place, and what they imply, never as recomputed", () => {
    const figures = rows("economyFigures");
    expect(figures.slice(0, 4).map((f) => [f.study, f.where, f.status])).toEqual([
      ["3.2", "en 5751; ky 1067", "cannot be recomputed"],
      ["6.4", "en 5755; ky 1075", "cannot be recomputed"],
      ["3.6", "en 5761; ru 3385; ky 1081", "cannot be recomputed"],
      ["9.4", "en 5747", "stated only"],
    ]);
    // 3.6 / 6.4 = 56.25% NCU share; (3.6 − 3.2) / (0.4375 · 25%) = 3.657% non-tariff cost.
    expect(figures[4]!.notebook).toContain("56.25%");
    expect(figures[5]!.notebook).toContain(`τ = ${((0.4 / (0.4375 * 0.25))).toFixed(2)}%`);
    expect(figures.slice(4).every((f) => f.study === "null" && f.status!.startsWith("implied"))).toBe(true);
  });

  it("shows only the tariff rows and columns that kept a number", () => {
    const tariffs = rows("tariffs");
    expect(tariffs.map((r) => r.sector)).toEqual(["1", "2"]);
    for (const column of Object.keys(tariffs[0]!)) expect(tariffs.some((r) => r[column] !== "null"), column).toBe(true);
  });
});

describe("study notebook: the illustrative Kyrgyz SAM", () => {
  it("labels every input with its kind and builds GDP and imports from the study's printed figures", () => {
    const inputs = rows("kgInputs");
    expect(inputs.every((r) => ["study", "derived", "other source", "assumed"].includes(r.kind!))).toBe(true);
    expect(inputs.find((r) => r.name === "GDP")).toMatchObject({ value: "7200", kind: "study" });
    // 729.3 million USD are 12.2% of all imports (ru 3265-3269): 729.3 / 0.122 = 5977.87.
    expect(Number(inputs.find((r) => r.name === "imports")!.value)).toBeCloseTo(729.3 / 0.122, 1);
    // NCU tariff t1 with (1 + t1) = 1.064 · 1.05 from the assumed 5%: 11.72%.
    expect(Number(inputs.find((r) => r.name === "NCU tariff under the union")!.value)).toBeCloseTo(100 * (1.064 * 1.05 - 1), 4);
    expect(inputs.filter((r) => r.kind === "assumed").length).toBeGreaterThanOrEqual(6);
  });

  it("the SAM's GDP by expenditure equals the published 7200 and the base solves to it", () => {
    const sam = rows("kgSam");
    const at = (r: string, c: string) => Number(sam.find((x) => x.account === r)![c]);
    // C + G + I + X − M (rounded cells, so within a few units).
    const expenditure = at("GDS", "HOH") + at("GDS", "GOV") + at("GDS", "INV") + at("GDS", "EXT_CU") + at("GDS", "EXT_NCU") - at("EXT_CU", "GDS") - at("EXT_NCU", "GDS");
    expect(Math.abs(expenditure - 7200)).toBeLessThanOrEqual(4);
    expect(rows("kgEquilibrium").find((r) => r.indicator === "GDP, nominal")!.base).toBe("7200");
  });

  it("sets the result beside the study's figures in their printed units, never as a recomputation", () => {
    const text = cell("kg-result").output!;
    expect(text).toContain('"60 млн. долларов в год"');
    expect(text).toContain('"0.6 percent annually in 2016-2019"');
    expect(text).toMatch(/does not check the study/);
  });
});
