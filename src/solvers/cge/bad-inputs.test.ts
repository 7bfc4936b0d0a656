// Issue 17, "never a silent wrong answer" for the CGE: every bad input of the list
// is refused with an error that names the option (or SAM cell) and the value it got.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { calibrate, type CalibrateOptions } from "./calibrate";
import { dynamicModel } from "./dynamic";
import { isCgeError, type CgeErrorInfo } from "./errors";
import { stdcgeAccounts, stdcgeSam } from "./fixtures.test-util";
import { parseSamCsv, sam } from "./sam";
import { scenario, type Scenario, type Shock } from "./scenario";
import { solve, trySolve, type SolveOptions } from "./solve";

const csv = readFileSync(new URL("../../../data/reference/stdcge_sam.csv", import.meta.url), "utf8");
const model = () => calibrate(stdcgeSam(), { closure: { numeraire: "LAB" } });

function failure(f: () => unknown): CgeErrorInfo {
  try {
    f();
  } catch (e) {
    if (isCgeError(e)) return e.info;
    throw e;
  }
  throw new Error("expected a CgeError, but nothing was thrown");
}

/** The STDCGE SAM with some cells changed (each change keeps every account balanced). */
function samWith(changes: [string, string, number][]) {
  const m = parseSamCsv(csv);
  const values = m.values.map((r) => r.slice());
  for (const [row, column, delta] of changes) values[m.labels.indexOf(row)][m.labels.indexOf(column)] += delta;
  return sam({ labels: m.labels, values }, stdcgeAccounts);
}

describe("calibration options are checked at the door", () => {
  it.each<[string, unknown, string, string[]]>([
    ["sigma as text", { sigma: "0.5" }, "sigma", ["must be a number", "the string '0.5'"]],
    ["a misspelt sector in a per-sector sigma", { sigma: { BRD: 3, MILK: 0.5 } }, "sigma.MILK", ["unknown sector 'MILK'", "did you mean 'MLK'", "BRD, MLK"]],
    ["a zero sigma", { sigma: 0 }, "sigma", ["> 0", "got 0"]],
    ["sigma past 50", { sigma: 60 }, "sigma", ["≤ 50", "got 60"]],
    ["a NaN psi", { psi: NaN }, "psi", ["finite", "NaN"]],
    ["a text elasticity for one sector", { sigmaSources: { BRD: "4" } }, "sigmaSources.BRD", ["the string '4'"]],
    ["an unknown option key", { sigmma: 2 }, "sigmma", ["unknown option 'sigmma'", "did you mean 'sigma'"]],
    ["an NTB for an unknown source", { ntb: { RW: 0.1 } }, "ntb.RW", ["unknown import source", "did you mean 'ROW'"]],
    ["a negative NTB", { ntb: { ROW: -0.2 } }, "ntb.ROW", ["≥ 0", "got -0.2"]],
    ["a misspelt government rule", { government: "balanced" }, "government", ['"balanced-budget"', "the string 'balanced'"]],
    ["an unknown specific factor", { specificFactors: ["CAPITAL"] }, "specificFactors[0]", ["unknown factor 'CAPITAL'"]],
    ["a misspelt numeraire", { closure: { numeraire: "LABOR" } }, "closure.numeraire", ["did you mean 'LAB'"]],
    ["an unknown closure key", { closure: { numeraire: "LAB", exchange: "fixed" } }, "closure.exchange", ["unknown option 'exchange'"]],
    ["a text numeraire value", { closure: { numeraireValue: "2" } }, "closure.numeraireValue", ["the string '2'"]],
  ])("refuses %s, naming the option", (_, options, option, words) => {
    const e = failure(() => calibrate(stdcgeSam(), options as CalibrateOptions));
    expect(e).toMatchObject({ kind: "bad-option", option });
    for (const w of words) expect(e.message).toContain(w);
  });

  it("keeps the value in the error as plain data that survives structured cloning", () => {
    const e = failure(() => calibrate(stdcgeSam(), { sigma: "0.5" } as unknown as CalibrateOptions));
    expect(e).toMatchObject({ value: "0.5" });
    expect(structuredClone(e)).toEqual(e);
  });
});

describe("scenario shocks are range-checked", () => {
  const chain = (build: () => Scenario) => failure(() => solve(model(), build()));
  it.each<[string, () => Scenario, string, string[]]>([
    ["a negative tariff scale (rates of −154 %)", () => scenario().tariff({ scale: -20 }), "tariff.scale", ["≥ 0", "got -20"]],
    ["a tariff rate of −100 % or below", () => scenario().tariff({ to: -1.54 }), "tariff.to", ["> -1", "got -1.54"]],
    ["a tariff rate as text", () => scenario().tariff({ to: "0.1" as unknown as number }), "tariff.to", ["the string '0.1'"]],
    ["a NaN tariff rate", () => scenario().tariff({ to: NaN }), "tariff.to", ["NaN"]],
    ["a per-sector tariff with a misspelt sector", () => scenario().tariff({ to: { BRD: 0.1, MILK: 0 } }), "tariff.to", ["unknown sector 'MILK'", "did you mean 'MLK'"]],
    ["a per-sector tariff missing a targeted sector", () => scenario().tariff({ to: { BRD: 0.1 } }), "tariff.to.MLK", ["is missing"]],
    ["an unknown sector in the target", () => scenario().tariff({ sectors: ["MILK"], scale: 0 }), "tariff.sectors[0]", ["did you mean 'MLK'"]],
    ["an unknown import source", () => scenario().tariff({ source: "RW", scale: 0 }), "tariff.source", ["unknown import source 'RW'", "did you mean 'ROW'"]],
    ["a misspelt target key (sector for sectors)", () => scenario().tariff({ sector: ["BRD"], scale: 0 } as never), "tariff.sector", ["did you mean 'sectors'"]],
    ["both to and scale", () => scenario().tariff({ to: 0, scale: 0 }), "tariff", ["exactly one of to, scale"]],
    ["a production-tax scale that is negative", () => scenario().productionTax({ scale: -1 }), "productionTax.scale", ["≥ 0"]],
    ["an NTB cut above 1", () => scenario().ntb({ cut: 1.5 }), "ntb.cut", ["≤ 1", "got 1.5"]],
    ["a zero world price", () => scenario().worldPrice({ side: "imports", scale: 0 }), "worldPrice.scale", ["> 0", "got 0"]],
    ["a misspelt world-price side", () => scenario().worldPrice({ side: "import" as "imports", scale: 1.1 }), "worldPrice.side", ['"imports"']],
    ["an unknown factor", () => scenario().factorSupply("LABOUR", 1.1), "factorSupply.factor", ["unknown factor 'LABOUR'"]],
    ["a zero factor supply", () => scenario().factorSupply("LAB", 0), "factorSupply.scale", ["> 0"]],
    ["a text foreign-savings scale", () => scenario().foreignSavings("2" as unknown as number), "foreignSavings", ["the string '2'"]],
    ["a phase ending before it starts", () => scenario().tariff({ scale: 0 }).phase(2019, 2015), "phase.end", ["≥ 2019"]],
  ])("refuses %s", (_, build, option, words) => {
    const e = chain(build);
    expect(e).toMatchObject({ kind: "bad-option", option });
    for (const w of words) expect(e.message).toContain(w);
  });

  it("checks shocks given as plain data (after structured cloning) the same way", () => {
    const shocks: Shock[] = [{ kind: "tariff", scale: -20 }];
    expect(failure(() => solve(model(), { shocks, phasing: null, closureOptions: null }))).toMatchObject({ kind: "bad-option", option: "tariff.scale" });
  });

  it("trySolve returns a bad option as an error value instead of throwing", () => {
    const r = trySolve(model(), scenario().tariff({ source: "RW", scale: 0 }));
    expect(r).toMatchObject({ ok: false, error: { kind: "bad-option", option: "tariff.source" } });
  });
});

describe("solver options", () => {
  it.each<[string, unknown, string]>([
    ["a NaN tolerance (which reported failure at residual 2e-16)", { tolerance: NaN }, "tolerance"],
    ["a text tolerance", { tolerance: "1e-9" }, "tolerance"],
    ["a fractional iteration limit", { maxIterations: 2.5 }, "maxIterations"],
    ["an unknown key", { tolerence: 1e-9 }, "tolerence"],
  ])("refuses %s", (_, options, option) => {
    expect(failure(() => solve(model(), scenario().tariff({ scale: 0 }), options as SolveOptions))).toMatchObject({ kind: "bad-option", option });
  });
});

describe("the dynamic model validates periods and rates", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["0 periods", { periods: 0 }, "periods"],
    ["−5 periods", { periods: -5 }, "periods"],
    ["2.5 periods", { periods: 2.5 }, "periods"],
    ["200 % depreciation", { dep: 2 }, "dep"],
    ["a zero rate of return", { ror: 0 }, "ror"],
    ["population growth as text", { pop: "0.02" }, "pop"],
    ["an unknown capital factor", { capital: "KAP" }, "capital"],
    ["a misspelt key", { period: 10 }, "period"],
  ])("refuses %s", (_, options, option) => {
    expect(failure(() => dynamicModel(stdcgeSam(), options))).toMatchObject({ kind: "bad-option", option });
  });
});

describe("SAM entries whose sign the model cannot read are refused by cell", () => {
  it.each<[string, [string, string, number][], { row: string; column: string; flow: string }]>([
    // −20 capital in BRD, +40 labour keeps the column; the household receives −40 CAP, +40 LAB
    ["a negative factor payment (it dropped the factor and gave labour a share of 1.57)",
      [["CAP", "BRD", -40], ["LAB", "BRD", 40], ["HOH", "CAP", -40], ["HOH", "LAB", 40]], { row: "CAP", column: "BRD", flow: "factor payment" }],
    ["negative exports (they became 0)",
      [["BRD", "EXT", -16], ["MLK", "EXT", 16], ["BRD", "HOH", 16], ["MLK", "HOH", -16]], { row: "BRD", column: "EXT", flow: "exports" }],
    ["negative household consumption (a negative budget share)",
      [["BRD", "HOH", -22], ["MLK", "HOH", 22], ["BRD", "GOV", 11], ["BRD", "INV", 11], ["MLK", "GOV", -11], ["MLK", "INV", -11]],
      { row: "BRD", column: "HOH", flow: "household consumption" }],
  ])("refuses %s", (_, changes, cell) => {
    const e = failure(() => calibrate(samWith(changes)));
    expect(e.kind).toBe("negative-sam-entry");
    if (e.kind !== "negative-sam-entry") return;
    expect(e.cells[0]).toMatchObject(cell);
    expect(e.message).toContain(`SAM[${cell.row}][${cell.column}]`);
  });

  it("accepts negative net taxes (a production subsidy) and calibrates a negative rate", () => {
    // BRD pays −5 of indirect tax instead of 5 (a subsidy); capital income makes up the column.
    const s = samWith([["IDT", "BRD", -10], ["CAP", "BRD", 10], ["GOV", "IDT", -10], ["HOH", "CAP", 10], ["GOV", "HOH", 10]]);
    const m = calibrate(s, { closure: { numeraire: "LAB" } });
    expect(m.exo.tauz[0]).toBeLessThan(0);
    const r = solve(m, scenario().tariff({ scale: 0 }));
    expect(Math.abs(r.worstPublished.relative)).toBeLessThan(1e-10);
  });
});
