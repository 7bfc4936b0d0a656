/**
 * The worked notebooks re-run headlessly and must reproduce their saved outputs, and the
 * study notebook's key numbers are checked against the study's own printed figures
 * (data/study/*.csv), an independent reference.
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { parse, isFormatError } from "../src/notebook/format";
import { checkFile, checkNotebook } from "../src/runner/check";

const dir = new URL("../notebooks/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".caravan.ts"));

describe("worked notebooks", () => {
  it("there is at least the study notebook", () => {
    expect(files).toContain("kyrgyzstan-customs-union.caravan.ts");
  });

  for (const file of files) {
    it(`${file} reproduces its saved outputs`, async () => {
      const result = await checkFile(new URL(file, dir).pathname, { strict: false });
      if (!result.ok) throw new Error(`cannot check ${file}: ${result.error.message}`);
      const failed = result.report.cells.filter((c) => c.status === "mismatch" || c.status === "error");
      expect(failed).toEqual([]);
      expect(result.report.counts.match).toBeGreaterThan(5);
    }, 120_000);
  }
});

describe("study notebook against the study's printed figures", () => {
  const text = readFileSync(new URL("kyrgyzstan-customs-union.caravan.ts", dir), "utf8");
  const doc = parse(text);
  if (isFormatError(doc)) throw new Error(doc.message);

  it("the agriculture price shock matches Annex 4's 2015 index (1.0038) to its printed 4 decimals", async () => {
    const { run } = await checkNotebook(doc, {});
    const cell = run.cells.find((c) => c.id === "agriculture");
    expect(cell?.status).toBe("done");
    const annex4 = aq.fromCSV(readFileSync(new URL("../data/study/price_shocks.csv", import.meta.url), "utf8"));
    const printed = annex4.filter((d: { sector_id: number }) => d.sector_id === 1).get("y2015", 0) as number;
    // The output's second line is: sector, cu, ncu, total, tariffOnly, ntbEffect (tab-separated).
    const total = Number(cell!.output!.split("\n")[1]!.split("\t")[3]);
    expect(Math.abs(total - printed)).toBeLessThanOrEqual(0.00005);
    // Tariffs alone: 0.75·1 + 0.25·(1.05415/1.03561) = 1.0044754, by hand.
    const tariffOnly = Number(cell!.output!.split("\n")[1]!.split("\t")[4]);
    expect(tariffOnly).toBeCloseTo(0.75 + 0.25 * (1.05415 / 1.03561), 5);
  }, 120_000);
});
