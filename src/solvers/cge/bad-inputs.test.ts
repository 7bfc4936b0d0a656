// Issue 17, "never a silent wrong answer" for the CGE: every bad input of the list
// is refused with an error that names the option (or SAM cell) and the value it got.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { table } from "arquero";
import { calibrate, type CalibrateOptions } from "./calibrate";
import { compare, dynamic, dynamicModel, equivalentVariation, simulate, type SimulateOptions } from "./dynamic";
import { cgeErrorOf as failure } from "../testing";
import { dyncgeSam, stdcgeAccounts, stdcgeSam } from "./fixtures.test-util";
import { parseSamCsv, sam, type SamOptions } from "./sam";
import { scenario, type Scenario, type Shock } from "./scenario";
import { solve, trySolve, type SolveOptions } from "./solve";

const csv = readFileSync(new URL("../../../data/reference/stdcge_sam.csv", import.meta.url), "utf8");
const model = () => calibrate(stdcgeSam(), { closure: { numeraire: "LAB" } });


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

describe("a dynamic scenario's years must lie in the model's years", () => {
  // dynamicModel's default startYear is 0: phase(2015, 2019) on years 0–2 was never applied (EV 0 in every year).
  const d = dynamicModel(dyncgeSam(), { periods: 3 });
  const abolish = scenario().tariff({ scale: 0 });
  it.each<[string, Scenario, string[]]>([
    ["a window entirely after the model's years", abolish.phase(2015, 2019), ["2015–2019", "0–2", "startYear: 2015", "never be applied"]],
    ["a window entirely before the first year", abolish.phase(-5, -1), ["-5–-1", "before the model's first year"]],
  ])("refuses %s, naming the window and the model's years", (_, s, words) => {
    for (const run of [() => dynamic(d, s), () => simulate(d, s)]) {
      const e = failure(run);
      expect(e).toMatchObject({ kind: "bad-option", option: "phase" });
      for (const w of words) expect(e.message).toContain(w);
    }
  });

  it("phases a window that only overlaps the model's years as written (a horizon shorter than the phase-in)", () => {
    // 1–5 on years 0–2: a third, then two thirds of the change by the last year; year 0 unshocked.
    const baseline = simulate(d);
    const path = simulate(d, abolish.phase(1, 5));
    expect(path.map((y) => y.year)).toEqual([0, 1, 2]);
    expect(path[0]!.levels).toEqual(baseline[0]!.levels);
    expect(path[1]!.levels).not.toEqual(baseline[1]!.levels);
    // 2014–2016 on 2015–2017: two thirds in 2015, in full from 2016.
    const late = dynamicModel(dyncgeSam(), { periods: 3, startYear: 2015 });
    expect(simulate(late, abolish.phase(2014, 2016)).map((y) => y.year)).toEqual([2015, 2016, 2017]);
  });

  it("accepts a window inside the model's years and phases the shock in", () => {
    const path = simulate(dynamicModel(dyncgeSam(), { periods: 3, startYear: 2015 }), abolish.phase(2015, 2016));
    expect(path.map((y) => y.year)).toEqual([2015, 2016, 2017]);
  });
});

describe("a shock the closure would ignore is refused", () => {
  it.each<[string, () => Scenario, string, string[]]>([
    // Under "fixed-tax-rates" spending is a share of revenue: EV 0 after 0 iterations.
    ["governmentDemand under a fixed-tax-rates government", () => scenario().governmentDemand(2), "governmentDemand", ['government: "balanced-budget"']],
    ["governmentDemand(0) too", () => scenario().governmentDemand(0), "governmentDemand", ['"fixed-tax-rates"']],
    ["foreignSavings under a fixed exchange rate (foreign savings adjust)", () => scenario().foreignSavings(1.5).closure({ exchangeRate: "fixed" }),
      "foreignSavings", ['exchangeRate: "flexible"']],
    ["factorSupply of a factor whose supply is flexible", () => scenario().factorSupply("CAP", 1.1).closure({ factorSupply: { CAP: "flexible" } }),
      "factorSupply", ['{CAP: "fixed"}']],
  ])("refuses %s, saying which closure it needs", (_, build, option, words) => {
    const e = failure(() => solve(model(), build()));
    expect(e).toMatchObject({ kind: "bad-option", option });
    for (const w of words) expect(e.message).toContain(w);
    expect(trySolve(model(), build())).toMatchObject({ ok: false, error: { kind: "bad-option", option } });
  });

  it("accepts governmentDemand on a balanced-budget model and moves real government demand", () => {
    const d = dynamicModel(dyncgeSam(), { periods: 1 });
    const r = solve(d.model, scenario().governmentDemand(1.1));
    r.levels.Xg.forEach((x, i) => expect(x).toBeCloseTo(1.1 * d.model.base.Xg[i], 8));
  });

  it("simulate refuses a shock the dynamic model's closure would ignore", () => {
    const d = dynamicModel(dyncgeSam(), { periods: 2 });
    expect(failure(() => simulate(d, scenario().foreignSavings(2).closure({ exchangeRate: "fixed" })))).toMatchObject({ kind: "bad-option", option: "foreignSavings" });
  });
});

describe("sam checks its options and cells", () => {
  const m = () => parseSamCsv(csv);
  /** The STDCGE matrix with BRD←HOH raised by 5: unbalanced. */
  const unbalanced = () => {
    const x = m();
    const values = x.values.map((r) => r.slice());
    values[x.labels.indexOf("BRD")][x.labels.indexOf("HOH")] += 5;
    return { labels: x.labels, values };
  };
  it.each<[string, Record<string, unknown>, string, string[]]>([
    // NaN and "1000" accepted an unbalanced SAM, which then solved to an EV of −5 for the base.
    ["a NaN tolerance", { tolerance: NaN }, "tolerance", ["finite", "NaN"]],
    ["a text tolerance", { tolerance: "1000" }, "tolerance", ["the string '1000'"]],
    ["a negative tolerance", { tolerance: -1 }, "tolerance", ["≥ 0", "got -1"]],
    ["a misspelt tolerance key", { tolerence: 100 }, "tolerence", ["did you mean 'tolerance'"]],
    ["a misspelt restOfWorld key", { restOfWorld: undefined, restOfworld: "EXT" }, "restOfworld", ["did you mean 'restOfWorld'"]],
    ["a missing restOfWorld", { restOfWorld: undefined }, "restOfWorld", ["is missing"]],
    ["missing tariffs", { tariffs: undefined }, "tariffs", ["is missing"]],
    ["sectors as one string", { sectors: "BRD,MLK" }, "sectors", ["array", "the string 'BRD,MLK'"]],
    ["a household given as a number", { household: 7 }, "household", ["account name"]],
  ])("refuses %s", (_, change, option, words) => {
    const e = failure(() => sam(unbalanced(), { ...stdcgeAccounts, ...change } as unknown as SamOptions));
    expect(e).toMatchObject({ kind: "bad-option", option });
    for (const w of words) expect(e.message).toContain(w);
  });

  it("accepts a tolerance of 0 for a balanced SAM", () => {
    const x = m();
    expect(() => sam({ labels: x.labels, values: x.values.map((r) => r.map(() => 0)) }, { ...stdcgeAccounts, tolerance: 0 })).not.toThrow();
  });

  it.each<[string, string, string[]]>([
    ["a row label twice (the second overwrote the first)", `${csv.trim()}\nBRD,99,8,0,0,0,0,20,19,16,8`, ["row label BRD", "lines 2 and 12"]],
    ["a column label twice", csv.replace("row\\col,BRD,MLK", "row\\col,BRD,BRD"), ["column label BRD", "line 1"]],
    ["a row with no column (a TOTAL row was dropped)", `${csv.trim()}\nTOTAL,92,89,50,40,9,3,90,21,31,24`, ["row TOTAL (line 12)"]],
  ])("parseSamCsv refuses %s with its line number", (_, text, words) => {
    const e = failure(() => parseSamCsv(text));
    expect(e.kind).toBe("bad-sam");
    for (const w of words) expect(e.message).toContain(w);
  });

  /** The STDCGE SAM as an Arquero table with cell [row][column] set to `v`. */
  const tableWith = (row: number, column: string, v: unknown) => {
    const x = m();
    const cols: Record<string, unknown[]> = { account: [...x.labels] };
    x.labels.forEach((c, k) => (cols[c] = x.values.map((r) => r[k])));
    cols[column][row] = v;
    return table(cols);
  };
  it.each<[string, number, string, unknown, string[]]>([
    ["the string '20' (coerced to 20)", 0, "HOH", "20", ["SAM[BRD][HOH]", "table row 1, column HOH", "the string '20'"]],
    ["true (coerced to 1)", 5, "BRD", true, ["SAM[TRF][BRD]", "table row 6", "got true"]],
  ])("refuses a table cell that is %s, naming row and column", (_, row, column, v, words) => {
    const e = failure(() => sam(tableWith(row, column, v), stdcgeAccounts));
    expect(e.kind).toBe("bad-sam");
    for (const w of words) expect(e.message).toContain(w);
  });

  it("refuses a table whose row label appears twice", () => {
    const x = m();
    const labels = x.labels.slice();
    labels[1] = "BRD";
    const cols: Record<string, unknown[]> = { account: labels };
    x.labels.forEach((c, k) => (cols[c] = x.values.map((r) => r[k])));
    const e = failure(() => sam(table(cols), stdcgeAccounts));
    expect(e.kind).toBe("bad-sam");
    expect(e.message).toContain("table rows 1 and 2");
  });
});

describe("warm starts, path options and paths are checked", () => {
  it.each<[string, unknown, string]>([
    ["an empty start (a TypeError before)", {}, "start.pd"],
    ["a start from a model with other sectors", { pd: [1] }, "start.pd"],
  ])("solve refuses %s", (_, start, option) => {
    const e = failure(() => solve(model(), scenario().tariff({ scale: 0 }), { start } as SolveOptions));
    expect(e).toMatchObject({ kind: "bad-option", option });
    expect(e.message).toContain("levels of a solution");
  });

  it("solve accepts a solution's levels as a start, with the same result", () => {
    const m = model();
    const cut = scenario().tariff({ scale: 0 });
    const a = solve(m, cut).levels;
    const b = solve(m, cut, { start: solve(m).levels }).levels;
    a.Xp.forEach((x, i) => expect(b.Xp[i]).toBeCloseTo(x, 9));
  });

  const d = dynamicModel(dyncgeSam(), { periods: 2 });
  it.each<[string, unknown, string]>([
    // These ran and failed as "not converged" (or were ignored) before.
    ["a zero tolerance", { tolerance: 0 }, "tolerance"],
    ["a text iteration limit", { maxIterations: "x" }, "maxIterations"],
    ["zero iterations", { maxIterations: 0 }, "maxIterations"],
    ["an unknown key", { tolerence: 1e-9 }, "tolerence"],
    ["a start (each year starts from the last)", { start: d.model.base }, "start"],
    ["a non-function onYear", { onYear: 1 }, "onYear"],
  ])("simulate and dynamic refuse %s", (_, options, option) => {
    const cut = scenario().tariff({ scale: 0 });
    expect(failure(() => simulate(d, cut, options as SimulateOptions))).toMatchObject({ kind: "bad-option", option });
    expect(failure(() => dynamic(d, cut, options as SimulateOptions))).toMatchObject({ kind: "bad-option", option });
  });

  it("equivalentVariation and compare refuse paths of different lengths or start years", () => {
    const cut = scenario().tariff({ scale: 0 });
    const base = simulate(d);
    const shorter = simulate(dynamicModel(dyncgeSam(), { periods: 1 }), cut);
    const later = simulate(dynamicModel(dyncgeSam(), { periods: 2, startYear: 5 }), cut);
    for (const cf of [shorter, later]) {
      for (const f of [() => equivalentVariation(d, base, cf), () => equivalentVariation(d, cf, base), () => compare(d, base, cf)]) {
        const e = failure(f);
        expect(e).toMatchObject({ kind: "bad-option", option: "counterfactual" });
        expect(e.message).toContain("same dynamic model");
      }
    }
    expect(equivalentVariation(d, base, simulate(d, cut)).perYear).toHaveLength(2);
  });
});
