/**
 * The worked notebooks re-run headlessly and must reproduce their saved outputs, and their key
 * numbers are checked against independent references: the study's own printed figures
 * (data/study/*.csv), hand calculations, and published model results (GSIM's teaching example,
 * the GAMS model library's DYNCGE). The study notebook's key numbers are checked against the
 * study's printed figures in study-notebook.test.ts.
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { parse, isFormatError } from "../src/notebook/format";
import { checkFile, type FileCheck } from "../src/runner/check";
import { cachedTypeLibrary } from "../workers/ts/library";
import { NotebookService } from "../workers/ts/service";

const dir = new URL("../notebooks/", import.meta.url);
// Every shipped notebook, as the app lists them (src/store/shipped.ts): *.ts but not tests.
const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

const checks = new Map<string, Promise<FileCheck>>();
/** One headless run per file, shared by the saved-output check and the reference checks. */
function checked(file: string): Promise<FileCheck> {
  if (!checks.has(file)) checks.set(file, checkFile(new URL(file, dir).pathname, { strict: false }));
  return checks.get(file)!;
}

/** The saved-text output of a cell after a fresh run. */
async function output(file: string, id: string): Promise<string> {
  const result = await checked(file);
  if (!result.ok) throw new Error(`cannot check ${file}: ${result.error.message}`);
  const cell = result.run.cells.find((c) => c.id === id);
  expect(cell?.status, `${file}: cell ${id}`).toBe("done");
  return cell!.output!;
}

/** A table output (tab-separated, header first) as row objects, numbers parsed. */
function rows(text: string): Record<string, string | number>[] {
  const [header, ...lines] = text.split("\n").filter((l) => !l.startsWith("…"));
  const names = header!.split("\t");
  return lines.map((l) => Object.fromEntries(l.split("\t").map((v, k) => [names[k], v !== "" && !Number.isNaN(Number(v)) ? Number(v) : v])));
}

describe("worked notebooks", () => {
  it("there are the study notebook and the three teaching notebooks", () => {
    for (const f of ["kyrgyzstan-customs-union", "smart-and-gsim", "textbook-cge", "union-trade-explorer"]) expect(files).toContain(`${f}.caravan.ts`);
  });

  for (const file of files) {
    it(`${file} reproduces its saved outputs`, async () => {
      const result = await checked(file);
      if (!result.ok) throw new Error(`cannot check ${file}: ${result.error.message}`);
      const failed = result.report.cells.filter((c) => c.status === "mismatch" || c.status === "error");
      expect(failed).toEqual([]);
      // Every code cell that saved an output was compared, and matched.
      const saved = result.report.cells.filter((c) => c.status !== "skip" && c.status !== "new").length;
      expect(result.report.counts.match).toBe(saved);
      expect(saved).toBeGreaterThan(file.endsWith(".caravan.ts") ? 5 : 0);
    }, 120_000);
  }
});

describe("teaching notebooks against independent references", () => {
  it("smart-and-gsim: SMART at the default elasticities gives the hand-calculated creation, diversion and welfare", async () => {
    // η = −1.5, σ = 1.5, ε infinite; KZ's tariff 10% → 0 on 60 of 100 imports, CN (30) and TR (10) keep 10%.
    const creation = 1.5 * 60 * (0.1 / 1.1);
    const weightKz = 0.6 * (1 / 1.1) ** -1.5;
    const diversionKz = 100 * (weightKz / (weightKz + 0.4) - 0.6);
    const product = JSON.parse((await output("smart-and-gsim.caravan.ts", "product")).replace(/,\s*}/, "}")) as Record<string, number>;
    expect(product.creation).toBeCloseTo(creation, 4);
    // Welfare: the creation triangle minus the revenue lost on diverted trade (Viner).
    expect(product.welfare).toBeCloseTo(0.5 * 0.1 * creation - 0.1 * diversionKz, 5);
    const kz = rows(await output("smart-and-gsim.caravan.ts", "result")).find((r) => r.partner === "KZ")!;
    expect(kz.diversion as number).toBeCloseTo(diversionKz, 4);
  }, 120_000);

  it("smart-and-gsim: the GSIM US-EU FTA gives the published world price changes to half a unit in the fourth decimal", async () => {
    const published: Record<string, number> = { US: 0.0792, JP: -0.0316, EU: 0.048, RW: -0.0184 };
    const table = rows(await output("smart-and-gsim.caravan.ts", "gsimResult"));
    expect(table.map((r) => r.region)).toEqual(["US", "JP", "EU", "RW"]);
    for (const r of table) expect(Math.abs((r.worldPriceChange as number) - published[r.region as string]!)).toBeLessThanOrEqual(5e-5 + 5e-7);
  }, 120_000);

  it("textbook-cge: STDCGE's utility and DYNCGE's last-year consumption match the GAMS library's asserted values", async () => {
    const stdcge = await output("textbook-cge.caravan.ts", "published");
    expect(stdcge.match(/"relativeDifference": "below 1e-9"/g)).toHaveLength(2);
    const dyn = await output("textbook-cge.caravan.ts", "dyncgePublished");
    const caravan = Number(/"caravan": "([\d.]+)"/.exec(dyn)![1]);
    // gamspy-examples models/dyncge/dyncge.py: assert math.isclose(objective, 539570.5027, rel_tol=0.001).
    expect(Math.abs(caravan - 539570.5027)).toBeLessThanOrEqual(0.0001);
    expect(dyn).toContain('"year": 30');
  }, 120_000);

  it("union-trade-explorer: the default pick is Russia's exports to Belarus as printed, and every recomputed 2013/2010 index equals the study's", async () => {
    const csv = aq.fromCSV(readFileSync(new URL("../data/study/cu_trade_flows.csv", import.meta.url), "utf8"), { parse: { year: String } });
    const printed = csv.filter((d: { reporter: string; partner: string; flow: string; measure: string }) => d.reporter === "Russia" && d.partner === "Belarus" && d.flow === "export" && d.measure === "value").array("value") as number[];
    const growth = rows(await output("union-trade-explorer.caravan.ts", "growth"));
    expect(growth.map((r) => r.value)).toEqual(printed);
    const pairs = rows(await output("union-trade-explorer.caravan.ts", "allPairs"));
    expect(pairs.length).toBe(12);
    for (const r of pairs) expect(r.index_recomputed).toBe(r.printed);
  }, 120_000);
});

describe("teaching notebooks in the editor's type checker", () => {
  let service: NotebookService | undefined;
  it.each(["smart-and-gsim.caravan.ts", "textbook-cge.caravan.ts", "union-trade-explorer.caravan.ts", "format-example.ts"])("%s shows no type error in any cell", (file) => {
    const doc = parse(readFileSync(new URL(file, dir), "utf8"));
    if (isFormatError(doc)) throw new Error(doc.message);
    service ??= new NotebookService(cachedTypeLibrary(process.cwd()));
    service.update(doc.cells.filter((c) => c.kind === "code").map((c) => ({ id: c.id, text: c.source })));
    const errors = Object.entries(service.diagnostics()).flatMap(([id, list]) => list.map((d) => `${id}: ${d.message}`));
    expect(errors).toEqual([]);
  }, 120_000);
});
