/**
 * The worked notebooks re-run headlessly and must reproduce their saved outputs. The study
 * notebook's key numbers are checked against the study's printed figures in
 * study-notebook.test.ts.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkFile } from "../src/runner/check";

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
