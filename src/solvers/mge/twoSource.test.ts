// The standard model with several import sources through the model builder (`standardModel`),
// checked against the `cge` solver (reduced primal–dual system, dense Newton: an independent
// second method) at the benchmark and under tariff and non-tariff shocks: prices, gross output,
// imports by source, household consumption and the equivalent variation agree within 1e-8 relative.
import { describe, expect, it } from "vitest";
import { calibrate, type CalibrateOptions } from "../cge/calibrate";
import { sam, type Sam } from "../cge/sam";
import { indicators } from "../cge/results";
import { scenario, type Scenario } from "../cge/scenario";
import { solve } from "../cge/solve";
import { syntheticSam } from "../cge/synthetic";
import { compile } from "./equations";
import { solveMge } from "./solve";
import { importsBySource, standardModel, type StandardModelOptions } from "./standard";

const synthetic = (n: number, sources: string[], extra = {}) => {
  const { matrix, accounts } = syntheticSam(n, { sources, ...extra });
  return sam(matrix, accounts);
};

/** STDCGE's SAM with its rest of the world split in two: BRD imported from CU and ROW, MLK from ROW only. */
function stdcgeTwoSources(): Sam {
  const labels = ["BRD", "MLK", "CAP", "LAB", "IDT", "TRF_CU", "TRF_ROW", "HOH", "GOV", "INV", "EXT_CU", "EXT_ROW"];
  const v = labels.map(() => new Array<number>(labels.length).fill(0));
  const set = (r: string, c: string, x: number) => (v[labels.indexOf(r)][labels.indexOf(c)] = x);
  const cells: [string, string, number][] = [
    ["BRD", "BRD", 21], ["BRD", "MLK", 8], ["BRD", "HOH", 20], ["BRD", "GOV", 19], ["BRD", "INV", 16], ["BRD", "EXT_CU", 3], ["BRD", "EXT_ROW", 5],
    ["MLK", "BRD", 17], ["MLK", "MLK", 9], ["MLK", "HOH", 30], ["MLK", "GOV", 14], ["MLK", "INV", 15], ["MLK", "EXT_CU", 1], ["MLK", "EXT_ROW", 3],
    ["CAP", "BRD", 20], ["CAP", "MLK", 30], ["LAB", "BRD", 15], ["LAB", "MLK", 25], ["IDT", "BRD", 5], ["IDT", "MLK", 4],
    ["TRF_CU", "BRD", 0.2], ["TRF_ROW", "BRD", 0.8], ["TRF_ROW", "MLK", 2],
    ["HOH", "CAP", 50], ["HOH", "LAB", 40], ["GOV", "IDT", 9], ["GOV", "TRF_CU", 0.2], ["GOV", "TRF_ROW", 2.8], ["GOV", "HOH", 23],
    ["INV", "HOH", 17], ["INV", "GOV", 2], ["INV", "EXT_CU", 1], ["INV", "EXT_ROW", 11],
    ["EXT_CU", "BRD", 5], ["EXT_ROW", "BRD", 8], ["EXT_ROW", "MLK", 11],
  ];
  cells.forEach(([r, c, x]) => set(r, c, x));
  return sam({ labels, values: v }, {
    sectors: ["BRD", "MLK"], factors: ["CAP", "LAB"], household: "HOH", government: "GOV", investment: "INV", indirectTax: "IDT",
    restOfWorld: { CU: "EXT_CU", ROW: "EXT_ROW" }, tariffs: { CU: "TRF_CU", ROW: "TRF_ROW" },
  });
}

/** |a/b − 1|, or |a − b|/scale when b is near zero. */
const gap = (a: number, b: number, scale = Math.abs(b)) => Math.abs(a - b) / Math.max(Math.abs(b), scale, 1e-300);

/**
 * Solves one case both ways (LAB the numeraire in both) and returns the largest relative gap
 * over every compared quantity, with its name.
 */
function compare(s: Sam, builder: StandardModelOptions, calibration: CalibrateOptions, shocks: Scenario) {
  const r = solveMge(standardModel(s, builder), { fix: { LAB: 1 } });
  const m = calibrate(s, { ...calibration, closure: { numeraire: "LAB" } });
  const c = solve(m, shocks);
  const l = c.levels;
  let worst = { what: "", gap: 0 };
  const check = (what: string, a: number, b: number, scale?: number) => {
    const g = gap(a, b, scale);
    if (!(g <= worst.gap)) worst = { what: `${what}: builder ${a}, cge ${b}`, gap: g };
  };
  const imports = importsBySource(s, r);
  m.sectors.forEach((j, i) => {
    check(`pq ${j}`, r.values[`Q_${j}`], l.pq[i]);
    check(`pd ${j}`, r.values[`D_${j}`], l.pd[i]);
    check(`Z ${j}`, r.values[`Z_${j}`] * m.base.Z[i], l.Z[i]);
    check(`Xp ${j}`, r.flows[`Q_${j}ρHOH`], l.Xp[i]);
    m.sources.forEach((src, k) => {
      // Foreign exchange spent on the imports: pWm·(1 + ntb)·Ms in the cge solver.
      if (m.base.Ms[k][i] > 0) check(`imports ${src} ${j}`, imports[src][j], l.Ms[k][i] * c.exo.pWm[k][i] * (1 + c.exo.ntb[k][i]));
      else expect(imports[src][j]).toBeUndefined();
    });
  });
  m.factors.forEach((h, k) => check(`price of ${h}`, r.values[h], l.pf[k][0]));
  check("exchange rate", r.values.PFX, l.eps);
  // EV = (UU − UU0)·Π (1/α)^α at base prices 1, from the builder's household demands.
  const alpha = m.params.alpha;
  const uu = (xp: (i: number) => number) => alpha.reduce((a, al, i) => (al > 0 ? a * Math.pow(xp(i), al) : a), 1);
  const factor = alpha.reduce((a, al) => (al > 0 ? a * Math.pow(1 / al, al) : a), 1);
  const ev = (uu((i) => r.flows[`Q_${m.sectors[i]}ρHOH`]) - uu((i) => m.base.Xp[i])) * factor;
  const consumption = m.base.Xp.reduce((a, v) => a + v, 0);
  check("EV", ev, indicators(m, l).ev, consumption);
  return { worst, builder: r, cge: c, model: m };
}

const samples: [string, () => Sam][] = [
  ["synthetic 12 sectors, sources CU and ROW", () => synthetic(12, ["CU", "ROW"])],
  ["STDCGE split in two sources (MLK from ROW only)", stdcgeTwoSources],
  ["synthetic 30 sectors, three sources, sparse input-output table", () => synthetic(30, ["EU", "US", "CN"], { suppliers: 8, seed: 1 })],
];

describe.each(samples)("two-source standard model through the builder: %s", (_, make) => {
  const s = make();
  const first = s.sources[0].name, last = s.sources[s.sources.length - 1].name;

  it("replicates the benchmark: 0 iterations, residual below 1e-12, every activity 1, the cge solver's base", () => {
    const model = standardModel(s);
    const r = solveMge(model, { fix: { LAB: 1 } });
    expect(r.iterations).toBe(0);
    expect(r.residual).toBeLessThan(1e-12);
    const L = compile(model).layout;
    const activities = L.names.filter((_, k) => L.kinds[k] === "activity");
    expect(activities.length).toBeGreaterThan(3 * s.sectors.length);
    for (const a of activities) expect(Math.abs(r.values[a] - 1)).toBeLessThan(1e-12);
    expect(compare(s, {}, {}, scenario()).worst.gap).toBeLessThan(1e-12);
  });

  it.each<[string, StandardModelOptions, CalibrateOptions, () => Scenario]>([
    ["tariffs on the first source removed", { tariffScale: { [first]: 0 } }, {}, () => scenario().tariff({ source: first, scale: 0 })],
    ["every tariff halved, σ = 3 and σ_sources = 6", { tariffScale: 0.5, sigma: 3, sigmaSources: 6 }, { sigma: 3, sigmaSources: 6 },
      () => scenario().tariff({ scale: 0.5 })],
    ["first source free, last at a 25 % external tariff, ψ = 1.5", { tariffScale: { [first]: 0 }, tariffRates: { [last]: 0.25 }, psi: 1.5 }, { psi: 1.5 },
      () => scenario().tariff({ source: first, scale: 0 }).tariff({ source: last, to: 0.25 })],
    ["20 % non-tariff cost on the first source cut by a quarter", { ntb: { [first]: 0.2 }, ntbCut: { [first]: 0.25 } }, { ntb: { [first]: 0.2 } },
      () => scenario().ntb({ source: first, cut: 0.25 })],
  ])("%s: prices, output, imports by source, consumption and EV match the cge solver within 1e-8", (_, builder, calibration, shocks) => {
    const { worst, builder: r } = compare(s, builder, calibration, shocks());
    expect(r.iterations).toBeGreaterThan(0);
    expect(r.residual).toBeLessThan(1e-10);
    expect(worst.gap, worst.what).toBeLessThan(1e-8);
  });
});

describe("two-source standard model: economics and per-sector options", () => {
  it("removing CU's tariffs raises CU's import share of each good by exactly (1 + t_CU)^σ_sources, and total CU imports", () => {
    // Both sources are paid in foreign exchange, so only the tariff moves their relative price:
    // M_CU/M_ROW = (share ratio)^σ · (p_ROW/p_CU)^σ changes by (1 + t_CU)^σ, whatever else moves.
    const s = synthetic(12, ["CU", "ROW"]);
    const m = calibrate(s);
    const sigmaSources = 4;
    const base = importsBySource(s, solveMge(standardModel(s, { sigmaSources }), { fix: { LAB: 1 } }));
    const free = importsBySource(s, solveMge(standardModel(s, { sigmaSources, tariffScale: { CU: 0 } }), { fix: { LAB: 1 } }));
    const total = (x: Record<string, number>) => Object.values(x).reduce((a, v) => a + v, 0);
    s.sectors.forEach((j, i) => {
      const shift = (free.CU[j] / free.ROW[j]) / (base.CU[j] / base.ROW[j]);
      expect(Math.abs(shift / Math.pow(1 + m.exo.taum[0][i], sigmaSources) - 1)).toBeLessThan(1e-10);
      expect(shift).toBeGreaterThan(1);
    });
    expect(total(free.CU)).toBeGreaterThan(total(base.CU));
    expect(total(free.ROW)).toBeLessThan(total(base.ROW));
  });

  it("a per-sector tariff rate and per-sector elasticities give the cge solver's equilibrium", () => {
    const s = synthetic(12, ["CU", "ROW"]);
    const sigma = { S1: 0.5, S2: 1, S7: 8 };
    const { worst } = compare(s, { sigma, sigmaSources: { S3: 1, S4: 12 }, tariffRates: { ROW: { S2: 0.3, S5: 0 } } },
      { sigma, sigmaSources: { S3: 1, S4: 12 } }, scenario().tariff({ source: "ROW", sectors: ["S2"], to: 0.3 }).tariff({ source: "ROW", sectors: ["S5"], to: 0 }));
    expect(worst.gap, worst.what).toBeLessThan(1e-8);
  });
});

describe("standardModel refuses bad multi-source input, naming it", () => {
  const s = synthetic(3, ["CU", "ROW"]);
  it.each<[string, () => unknown, string]>([
    ["an unknown source in tariffScale", () => standardModel(s, { tariffScale: { CX: 0 } }), "tariffScale.CX unknown import source 'CX' (did you mean 'CU'?)"],
    ["an unknown source in tariffRates", () => standardModel(s, { tariffRates: { RW: 0.1 } }), "tariffRates.RW unknown import source 'RW' (did you mean 'ROW'?)"],
    ["an unknown source in ntb", () => standardModel(s, { ntb: { EU: 0.1 } }), "ntb.EU unknown import source 'EU'"],
    ["an unknown sector in tariffRates", () => standardModel(s, { tariffRates: { CU: { S9: 0 } } }), "tariffRates.CU.S9 unknown sector 'S9'"],
    ["sigmaSources as a string", () => standardModel(s, { sigmaSources: "4" as unknown as number }), "sigmaSources must be a number or an object with a number per sector, got the string '4'"],
    ["sigmaSources of 0", () => standardModel(s, { sigmaSources: 0 }), "sigmaSources must be a number > 0 and ≤ 50, got 0"],
    ["a tariff rate as a string", () => standardModel(s, { tariffRates: { CU: "0.1" as unknown as number } }), "tariffRates.CU must be a number or an object with a rate per sector, got the string '0.1'"],
    ["a tariff rate of −100 %", () => standardModel(s, { tariffRates: { CU: -1 } }), "tariffRates.CU must be a number > -1 and ≤ 10, got -1"],
    ["an NTB cut above 1", () => standardModel(s, { ntbCut: 1.5 }), "ntbCut must be a number ≥ 0 and ≤ 1, got 1.5"],
    ["a misspelt option", () => standardModel(s, { sigmaSource: 4 } as never), "options.sigmaSource unknown option 'sigmaSource' (did you mean 'sigmaSources'?)"],
  ])("%s", (_, call, text) => {
    expect(call).toThrow(text);
  });
});
