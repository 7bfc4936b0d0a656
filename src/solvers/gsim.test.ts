import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gsim, gsimMarketFromRows, gsimMarkets, gsimResiduals, type GsimMarket } from "./gsim";
import { gsimLevelsJacobian, gsimLevelsResiduals } from "./gsimLevels";
import { internalShares, normaliseMarket } from "./gsimInput";
import { isSolverError } from "./errors";

interface Reference {
  regions: string[];
  Em_import_demand: number;
  Ex_export_supply: number;
  Es_substitution: number;
  M_trade_world_prices: number[][];
  T0_power_of_tariff: number[][];
}
const ref: Reference = JSON.parse(
  readFileSync(new URL("../../data/reference/gsim_4x4_inputs.json", import.meta.url), "utf8"),
);

/** The teaching example's experiment: US-EU FTA, T1[EU][US] = T1[US][EU] = 1. */
function usEuFta(scale = 1): GsimMarket {
  const t1 = ref.T0_power_of_tariff.map((row) => row.slice());
  const us = ref.regions.indexOf("US"), eu = ref.regions.indexOf("EU");
  for (const [a, b] of [[us, eu], [eu, us]]) t1[a][b] = ref.T0_power_of_tariff[a][b] * (1 + scale * (1 / ref.T0_power_of_tariff[a][b] - 1));
  return {
    regions: ref.regions, trade: ref.M_trade_world_prices, tariff0: ref.T0_power_of_tariff, tariff1: t1,
    importDemandElasticity: ref.Em_import_demand, exportSupplyElasticity: ref.Ex_export_supply,
    substitutionElasticity: ref.Es_substitution,
  };
}

function infoOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isSolverError(e)) return e.info;
    throw e;
  }
  throw new Error("expected a SolverError");
}

describe("gsim on the 4×4 teaching example (US-EU FTA)", () => {
  const result = gsim(usEuFta());

  it("reproduces the reported world price changes", () => {
    // Reported for this example to four decimals (US, JP, EU, RW): 0.0792, −0.0316, 0.0480, −0.0184,
    // as quoted beside a public R transcription of the GSIM 4×4 workbook (Francois & Hall's
    // teaching example). Tolerance: half a unit in the fourth decimal.
    const reported = [0.0792, -0.0316, 0.048, -0.0184];
    result.worldPriceChange.forEach((x, i) => expect(Math.abs(x - reported[i])).toBeLessThanOrEqual(5e-5));
  });

  it("clears every exporter's market at the solution, checked on the new trade matrix", () => {
    // Independent of the solver's residual: quantity sold = Σ_v trade1/(1 + P̂*) must equal
    // supply X·(1 + E_x·P̂*) under the linear export supply curve.
    ref.regions.forEach((_, r) => {
      const x = result.worldPriceChange[r];
      const sold = result.trade1[r].reduce((s, v) => s + v / (1 + x), 0);
      const exports = ref.M_trade_world_prices[r].reduce((s, v) => s + v, 0);
      expect(Math.abs(sold - exports * (1 + ref.Ex_export_supply * x))).toBeLessThan(1e-9 * exports);
    });
    expect(Math.max(...gsimResiduals(usEuFta(), result.worldPriceChange).map(Math.abs))).toBeLessThan(1e-12);
  });

  it("agrees with an independent Gauss-Seidel iteration", () => {
    const gs = gsim(usEuFta(), { method: "gauss-seidel", tolerance: 1e-14 });
    gs.worldPriceChange.forEach((x, i) => expect(x).toBeCloseTo(result.worldPriceChange[i], 10));
    expect(gs.iterations).toBeGreaterThan(1);
  });

  it("moves prices and welfare in the directions an FTA implies", () => {
    const [us, jp, eu, rw] = result.worldPriceChange;
    expect(us).toBeGreaterThan(0);
    expect(eu).toBeGreaterThan(0);
    expect(jp).toBeLessThan(0);
    expect(rw).toBeLessThan(0);
    // outsiders lose: JP and RW welfare falls
    expect(result.welfare[1]).toBeLessThan(0);
    expect(result.welfare[3]).toBeLessThan(0);
    result.welfare.forEach((w, i) =>
      expect(w).toBeCloseTo(result.producerSurplus[i] + result.consumerSurplus[i] + result.tariffRevenue[i], 10));
  });
});

describe("gsim hand-calculated two-region case", () => {
  // A sells 100 only to B, B sells 100 only to A; E_m = −1, E_x = 1; B removes its 10% tariff on A.
  // Single source, so M̂_AB = E_m·(T̂ + x_A) with T̂ = 1/1.1 − 1 = −0.0909091.
  // Clearing: −(T̂ + x_A) = x_A ⇒ x_A = −T̂/2 = 0.0454545; x_B = 0.
  // ΔPS_A = 100·x_A·(1 + x_A/2) = 4.545455·1.0227273 = 4.648760.
  // P̂_B = 1.0454545/1.1 − 1 = −0.0495868; R0_B = 110;
  // ΔCS_B = −110·P̂ − ½·(−1)·110·P̂² = 5.454545 + 0.135237 = 5.589782.
  // New trade A→B = 100·(1 + 0.0454545)·(1 + 0.0454545) = 109.29752; ΔR_B = 0 − 100·0.1 = −10.
  const market: GsimMarket = {
    regions: ["A", "B"], trade: [[0, 100], [100, 0]], tariff0: [[1, 1.1], [1, 1]], tariff1: [[1, 1], [1, 1]],
    importDemandElasticity: -1, exportSupplyElasticity: 1, substitutionElasticity: 3,
  };
  const r = gsim(market);
  it.each([
    ["world price of A", r.worldPriceChange[0], 0.0454545],
    ["world price of B", r.worldPriceChange[1], 0],
    ["producer surplus of A", r.producerSurplus[0], 4.648760],
    ["consumer surplus of B", r.consumerSurplus[1], 5.589782],
    ["trade A→B", r.trade1[0][1], 109.29752],
    ["tariff revenue of B", r.tariffRevenue[1], -10],
  ])("%s", (_, value, expected) => expect(value).toBeCloseTo(expected, 5));
});

describe("gsim invariants", () => {
  it("a zero shock gives zero effects in both forms", () => {
    for (const form of ["linear", "levels"] as const) {
      const r = gsim(usEuFta(0), { form });
      r.worldPriceChange.forEach((x) => expect(Math.abs(x)).toBeLessThan(1e-14));
      r.welfare.forEach((w) => expect(Math.abs(w)).toBeLessThan(1e-10));
      r.trade1.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(ref.M_trade_world_prices[i][j], 10)));
    }
  });

  it("the levels form agrees with the linear form to first order as the shock shrinks", () => {
    // Error of the linearisation is O(λ²) in the shock size λ, so the relative gap shrinks ~λ.
    const gap = (scale: number) => {
      const lin = gsim(usEuFta(scale)).worldPriceChange;
      const lev = gsim(usEuFta(scale), { form: "levels" }).worldPriceChange;
      return Math.max(...lin.map((x, i) => Math.abs(lev[i] - x) / Math.abs(x)));
    };
    const g2 = gap(1e-2), g3 = gap(1e-3);
    expect(g3).toBeLessThan(1e-2);
    expect(g3).toBeLessThan(g2 / 5);
  });

  it("the levels Jacobian matches central finite differences", () => {
    const mk = normaliseMarket(usEuFta());
    const theta = internalShares(mk);
    const p = [1.08, 0.97, 1.05, 0.98];
    const jac = gsimLevelsJacobian(mk, theta, p);
    const h = 1e-6;
    for (let s = 0; s < 4; s++) {
      const up = p.slice(), down = p.slice();
      up[s] += h;
      down[s] -= h;
      const fu = gsimLevelsResiduals(mk, theta, up), fd = gsimLevelsResiduals(mk, theta, down);
      for (let r = 0; r < 4; r++) expect(jac[r * 4 + s]).toBeCloseTo((fu[r] - fd[r]) / (2 * h), 6);
    }
  });

  it("the levels solution clears the levels markets and reports progress", () => {
    const seen: number[] = [];
    const r = gsim(usEuFta(), { form: "levels", onProgress: (f) => seen.push(f) });
    expect(Math.max(...gsimResiduals(usEuFta(), r.worldPriceChange, "levels").map(Math.abs))).toBeLessThan(1e-12);
    expect(seen.at(-1)).toBe(1);
  });
});

describe("gsimMarketFromRows", () => {
  it("a long table of flows solves to the same prices as the matrix form", () => {
    const m = usEuFta();
    const flows = m.regions.flatMap((e, i) => m.regions.map((im, j) => ({
      exporter: e, importer: im, trade: m.trade[i][j],
      tariff0: (m.tariff0[i][j] - 1) * 100, tariff1: (m.tariff1[i][j] - 1) * 100,
    })));
    const fromRows = gsim(gsimMarketFromRows(flows, m));
    fromRows.worldPriceChange.forEach((x, i) => expect(x).toBeCloseTo(gsim(m).worldPriceChange[i], 12));
  });

  it("refuses a pair listed twice, naming the row", () => {
    const flow = { exporter: "A", importer: "B", trade: 1, tariff0: 5, tariff1: 0 };
    expect(infoOf(() => gsimMarketFromRows([flow, { ...flow, exporter: "B", importer: "A" }, flow], base4())))
      .toMatchObject({ kind: "bad-input", argument: "flows", row: 3 });
  });
});

const base4 = () => ({ importDemandElasticity: -1, exportSupplyElasticity: 1, substitutionElasticity: 2 });

describe("gsim bad input", () => {
  const base = usEuFta();
  it.each([
    ["a trade matrix with too few rows", { ...base, trade: base.trade.slice(0, 3) }, { argument: "market.trade" }],
    ["negative trade", { ...base, trade: base.trade.map((r, i) => (i === 1 ? [0, 0, -1, 0] : r)) }, { argument: "market.trade", row: 2 }],
    ["a zero power of tariff", { ...base, tariff1: base.tariff1.map((r, i) => (i === 2 ? [1, 1, 0, 1] : r)) }, { argument: "market.tariff1", row: 3 }],
    ["a positive import demand elasticity", { ...base, importDemandElasticity: 1.25 }, { argument: "market.importDemandElasticity" }],
    ["NaN export supply elasticity for one region", { ...base, exportSupplyElasticity: [1, 1, NaN, 1] }, { argument: "market.exportSupplyElasticity", row: 3 }],
    ["duplicate regions", { ...base, regions: ["US", "US", "EU", "RW"] }, { argument: "market.regions" }],
  ])("refuses %s", (_, market, expected) => {
    expect(infoOf(() => gsim(market as GsimMarket))).toMatchObject({ kind: "bad-input", ...expected });
  });

  it("reports non-convergence as data naming the market", () => {
    expect(infoOf(() => gsim(base, { form: "levels", maxIterations: 1 }))).toMatchObject({
      kind: "not-converged", iterations: 1,
    });
  });
});

/** The teaching example with the power of every tariff on imports into the EU multiplied by k. */
function euTariffs(k: number): GsimMarket {
  const eu = ref.regions.indexOf("EU");
  const t1 = ref.T0_power_of_tariff.map((row) => row.map((t, j) => (j === eu ? t * k : t)));
  return { ...usEuFta(), tariff1: t1 };
}

describe("gsim refuses results outside its domain (issue 17)", () => {
  it.each([2, 3])("EU tariff powers ×%d (negative flows before) are an outside-domain error naming the pair and suggesting the levels form", (k) => {
    const e = infoOf(() => gsim(euTariffs(k)));
    expect(e).toMatchObject({ kind: "outside-domain" });
    if (e.kind !== "outside-domain") return;
    expect(`${e.variable}: ${e.where}`).toMatch(/^trade1: \w+ → EU$/);
    expect(e.value).toBeLessThan(0);
    expect(e.message).toContain('form: "levels"');
  });

  it("the levels form of the same change keeps every flow positive and clears every market", () => {
    for (const k of [2, 3]) {
      const levels = gsim(euTariffs(k), { form: "levels" });
      const base = usEuFta().trade.flat();
      levels.trade1.flat().forEach((v, i) => expect(base[i] > 0 ? v > 0 : v === 0).toBe(true));
      expect(levels.clearingResidual).toBeLessThan(1e-10);
    }
  });

  it("a small change stays in the linear form's domain and is reported", () => {
    const r = gsim(euTariffs(1.05));
    expect(Math.min(...r.trade1.flat())).toBeGreaterThanOrEqual(0);
  });

  it("an extreme tariff (a −3334 % world price change before) is refused, never reported", () => {
    expect(infoOf(() => gsim(euTariffs(100)))).toMatchObject({ kind: "outside-domain", variable: "worldPriceChange" });
  });
});

describe("gsim options and region names are checked at the door (issue 17)", () => {
  it.each<[string, object, string, string]>([
    ["a misspelt form", { form: "level" }, "options.form", '"levels"'],
    ["a text tolerance", { tolerance: "1e-9" }, "options.tolerance", "the string '1e-9'"],
    ["a NaN tolerance", { tolerance: NaN }, "options.tolerance", "NaN"],
    ["an unknown option", { methd: "newton" }, "options.methd", "did you mean 'method'"],
  ])("refuses %s", (_, options, argument, words) => {
    const e = infoOf(() => gsim(usEuFta(), options as never));
    expect(e).toMatchObject({ kind: "bad-input", argument });
    expect(e.message).toContain(words);
  });

  it("an elasticity given as text names its type", () => {
    const e = infoOf(() => gsim({ ...usEuFta(), substitutionElasticity: "5" as never }));
    expect(e).toMatchObject({ kind: "bad-input", argument: "market.substitutionElasticity" });
    expect(e.message).toContain("the string '5'");
  });

  it("a misspelt country is refused against the given regions, with the closest suggested, not made a new region", () => {
    const flow = { exporter: "Germany", importer: "France", trade: 1, tariff0: 5, tariff1: 0 };
    const e = infoOf(() => gsimMarketFromRows([flow, { ...flow, exporter: "France", importer: "Germny" }], base4(), { regions: ["Germany", "France"] }));
    expect(e).toMatchObject({ kind: "bad-input", argument: "flows", row: 2, column: "importer" });
    expect(e.message).toContain("did you mean 'Germany'");
  });

  it("without a region list, a name differing from an earlier one only in case or spaces is refused", () => {
    const flow = { exporter: "EU", importer: "US", trade: 1, tariff0: 5, tariff1: 0 };
    expect(infoOf(() => gsimMarketFromRows([flow, { ...flow, exporter: "US", importer: "eu " }], base4())))
      .toMatchObject({ kind: "bad-input", row: 2, column: "importer" });
  });
});

describe("gsim welfare signs (issue 17)", () => {
  it("on seeded random tariff rises by one importer (×1 to ×5), a reported linear result never shows a consumer gain where the import price rose", () => {
    let s = 99;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    let reported = 0;
    for (let k = 0; k < 300; k++) {
      const v = Math.floor(rnd() * ref.regions.length), rise = 1 + 4 * rnd();
      const t1 = ref.T0_power_of_tariff.map((row) => row.map((t, j) => (j === v ? t * rise : t)));
      try {
        const r = gsim({ ...usEuFta(), tariff1: t1 });
        reported++;
        r.importPriceChange.forEach((p, v) => {
          if (p > 0) expect(r.consumerSurplus[v]).toBeLessThanOrEqual(0);
        });
      } catch (e) {
        expect(infoOf(() => { throw e; }).kind).toBe("outside-domain");
      }
    }
    expect(reported).toBeGreaterThan(10);
  });
});

describe("gsim arguments are checked before they are read", () => {
  it("gsimMarkets refuses a single market (not an array), which returned [] before", () => {
    const e = infoOf(() => gsimMarkets(usEuFta() as never));
    expect(e).toMatchObject({ kind: "bad-input", argument: "markets" });
    expect(e.message).toContain("expected an array of markets");
  });

  it("gsimMarkets refuses a non-function onProgress up front (a TypeError after the first market before)", () => {
    expect(infoOf(() => gsimMarkets([usEuFta()], { onProgress: 3 as never }))).toMatchObject({ kind: "bad-input", argument: "options.onProgress" });
  });

  it("gsimResiduals refuses an unknown form, listing the accepted ones (computed the linear form before)", () => {
    const e = infoOf(() => gsimResiduals(usEuFta(), [0.01, 0, 0, 0], "Levels" as never));
    expect(e).toMatchObject({ kind: "bad-input", argument: "form" });
    expect(e.message).toContain('"linear", "levels"');
  });

  it.each([-1, -2])("gsimResiduals in levels refuses a world price change of %d, naming the exporter (NaN before)", (x) => {
    const e = infoOf(() => gsimResiduals(usEuFta(), [0, 0, x, 0], "levels"));
    expect(e).toMatchObject({ kind: "bad-input", argument: "worldPriceChange", row: 3 });
    expect(e.message).toContain("EU");
  });

  it("the linear residuals stay defined at any world price change", () => {
    expect(gsimResiduals(usEuFta(), [0, 0, -2, 0]).every(Number.isFinite)).toBe(true);
  });

  it.each([["EU", "eu"], ["EU", " EU"]])("gsim refuses regions '%s' and '%s', differing only in case or spaces, as gsimMarketFromRows does", (a, b) => {
    const e = infoOf(() => gsim({ ...usEuFta(), regions: ["US", a, "JP", b] }));
    expect(e).toMatchObject({ kind: "bad-input", argument: "market.regions", row: 4 });
    expect(e.message).toContain("only in case or spaces");
  });

  it("a negative tariff power is refused (powers: 1.1 is a 10 % tariff)", () => {
    const t1 = usEuFta().tariff1.map((r, i) => (i === 0 ? [1, -1.1, 1, 1] : r));
    expect(infoOf(() => gsim({ ...usEuFta(), tariff1: t1 }))).toMatchObject({ kind: "bad-input", argument: "market.tariff1", row: 1 });
  });
});
