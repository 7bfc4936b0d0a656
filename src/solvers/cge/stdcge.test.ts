// The textbook standard CGE model (STDCGE): calibration, invariants and the published tariff-removal result.
import { describe, expect, it } from "vitest";
import { calibrate } from "./calibrate";
import { isCgeError } from "./errors";
import { stdcgeSam } from "./fixtures.test-util";
import { indicators, socialAccounts, summary, utility, variables } from "./results";
import { scenario } from "./scenario";
import { solve, trySolve } from "./solve";

const model = () => calibrate(stdcgeSam(), { sigma: 2, psi: 2, closure: { numeraire: "LAB" } });
const removeTariffs = scenario().tariff({ scale: 0 });

const prices = ["py", "pz", "pq", "pd", "pe", "PM"] as const;
const quantities = ["Y", "Z", "Xp", "Xg", "Xv", "E", "D", "Q", "M"] as const;

describe("STDCGE", () => {
  it("calibration reproduces the SAM cell by cell (1e-12 relative)", () => {
    const m = model();
    const base = solve(m);
    const rebuilt = socialAccounts(m, base.levels);
    const s = stdcgeSam();
    const n = s.labels.length;
    rebuilt.labels.forEach((r, i) => rebuilt.labels.forEach((c, j) => {
      const original = s.values[s.labels.indexOf(r) * n + s.labels.indexOf(c)];
      expect(Math.abs(rebuilt.values[i][j] - original)).toBeLessThanOrEqual(1e-12 * 102);
    }));
  });

  it("the base point satisfies every published equation and needs no Newton iteration", () => {
    const base = solve(model());
    expect(base.iterations).toBe(0);
    expect(Math.abs(base.worstPublished.relative)).toBeLessThan(1e-13);
  });

  it("removing all tariffs reproduces GAMS/CONOPT's published utility, UU = 26.092634381288686", () => {
    // Source: GAMS model library STDCGE (gamslib_stdcge) as translated to GAMSPy in
    // GAMS-dev/gamspy-examples, models/stdcge/stdcge.py, which asserts CONOPT's objective values
    // with math.isclose (relative 1e-9): base UU = 25.508490012515818, after taum = 0 UU = 26.092634381288686.
    // The textbook's chapter 6 results table itself was not available to us; these are the library's numbers.
    const m = model();
    expect(utility(m, solve(m).levels)).toBeCloseTo(25.508490012515818, 12);
    const cf = solve(m, removeTariffs);
    expect(Math.abs(utility(m, cf.levels) / 26.092634381288686 - 1)).toBeLessThan(1e-9);
  });

  it("the counterfactual satisfies every published equation, and the dropped market clears (Walras's law)", () => {
    const cf = solve(model(), removeTariffs);
    expect(Math.abs(cf.worstPublished.relative)).toBeLessThan(1e-11);
    expect(cf.walras.equation).toBe("eqpqd[MLK]");
    expect(Math.abs(cf.walras.residual)).toBeLessThan(1e-10);
  });

  it("a zero shock returns the base exactly", () => {
    const m = model();
    const r = solve(m, scenario().tariff({ scale: 1 }).foreignSavings(1));
    expect(r.iterations).toBe(0);
    for (const v of [...prices, ...quantities]) r.levels[v].forEach((x, i) => expect(x).toBeCloseTo(m.base[v][i], 12));
  });

  it("is homogeneous: doubling the numeraire doubles every price and leaves quantities unchanged", () => {
    const m = model();
    const one = solve(m, removeTariffs);
    const two = solve(m, removeTariffs.closure({ numeraireValue: 2 }));
    for (const v of prices) one.levels[v].forEach((x, i) => expect(two.levels[v][i] / x).toBeCloseTo(2, 11));
    expect(two.levels.eps / one.levels.eps).toBeCloseTo(2, 11);
    for (const v of quantities) one.levels[v].forEach((x, i) => expect(two.levels[v][i]).toBeCloseTo(x, 10));
  });

  it("real results do not depend on the numeraire (wage, price index or exchange rate)", () => {
    const m = model();
    const byWage = solve(m, removeTariffs).levels;
    for (const numeraire of ["price-index", "exchange-rate", "CAP"]) {
      const other = solve(m, removeTariffs.closure({ numeraire })).levels;
      for (const v of quantities) byWage[v].forEach((x, i) => expect(other[v][i]).toBeCloseTo(x, 10));
      // Relative prices are the same too.
      expect(other.pq[0] / other.pq[1]).toBeCloseTo(byWage.pq[0] / byWage.pq[1], 12);
    }
  });

  it("tariff removal moves the economy the way trade theory says", () => {
    const m = model();
    const cf = solve(m, removeTariffs).levels;
    // Total imports rise, most for MLK (tariff 2/11 against BRD's 1/13); the tariff revenue vanishes;
    // the currency depreciates and exports rise to pay for the imports.
    expect(cf.M[0] + cf.M[1]).toBeGreaterThan(m.base.M[0] + m.base.M[1]);
    expect(cf.M[1] / m.base.M[1]).toBeGreaterThan(cf.M[0] / m.base.M[0]);
    expect(cf.Tm.flat().every((t) => t === 0)).toBe(true);
    expect(cf.eps).toBeGreaterThan(1);
    cf.E.forEach((x, i) => expect(x).toBeGreaterThan(m.base.E[i]));
  });

  it("closures: a fixed exchange rate lets foreign savings adjust and keeps ε at its base", () => {
    const m = model();
    const r = solve(m, removeTariffs.closure({ exchangeRate: "fixed" }));
    expect(r.levels.eps).toBe(1);
    expect(r.levels.Sf).not.toBeCloseTo(m.base.Sf, 3);
    expect(Math.abs(r.worstPublished.relative)).toBeLessThan(1e-11);
  });

  it("closures: investment-driven keeps real investment at its base and adjusts the saving rate", () => {
    const m = model();
    const r = solve(m, removeTariffs.closure({ investment: "investment-driven" }));
    r.levels.Xv.forEach((x, i) => expect(x).toBeCloseTo(m.base.Xv[i], 12));
    expect(r.levels.sspScale).not.toBeCloseTo(1, 4);
    expect(Math.abs(r.worstPublished.relative)).toBeLessThan(1e-11);
  });

  it("closures: flexible labour supply keeps the wage fixed relative to the price index and lets employment move", () => {
    const m = model();
    const r = solve(m, removeTariffs.closure({ numeraire: "price-index", factorSupply: { LAB: "flexible" } }));
    expect(r.levels.pf[1][0]).toBe(1);
    expect(r.levels.FF[1]).not.toBeCloseTo(m.base.FF[1], 3);
    expect(Math.abs(r.worstPublished.relative)).toBeLessThan(1e-11);
  });

  it("refuses an inconsistent closure, naming the option", () => {
    let err: unknown;
    try {
      solve(model(), removeTariffs.closure({ numeraire: "exchange-rate", exchangeRate: "fixed" }));
    } catch (e) {
      err = e;
    }
    expect(isCgeError(err) && err.info.kind === "bad-option" && err.info.option).toBe("exchangeRate");
  });

  it("fails with iterations, residual and the worst equations by name instead of returning NaN", () => {
    const r = trySolve(model(), scenario().tariff({ to: 5 }), { maxIterations: 1 });
    expect(r.ok).toBe(false);
    if (r.ok || r.error.kind !== "not-converged") throw new Error("expected not-converged");
    expect(r.error.iterations).toBe(1);
    expect(r.error.residual).toBeGreaterThan(1e-12);
    expect(r.error.worstEquations.length).toBeGreaterThan(0);
    expect(r.error.worstEquations[0].name).toMatch(/^eq(pzd|pqd|pf|epsilon)/);
  });

  it("reports progress once per iteration", () => {
    const seen: number[] = [];
    const r = solve(model(), removeTariffs, { onProgress: (i) => seen.push(i) });
    expect(seen).toEqual(Array.from({ length: r.iterations }, (_, k) => k + 1));
  });

  it("results tables carry every variable and the headline indicators", () => {
    const m = model();
    const r = solve(m, removeTariffs);
    const vars = variables(r);
    expect(vars.columnNames()).toEqual(["variable", "index", "base", "level", "change_pct"]);
    const pq = vars.filter((d: { variable: string; index: string }) => d.variable === "pq" && d.index === "BRD").object(0) as { level: number };
    expect(pq.level).toBe(r.levels.pq[0]);
    const s = summary(r).objects() as { indicator: string; base: number; level: number }[];
    const find = (name: string) => s.find((x) => x.indicator === name)!;
    expect(find("tariff revenue, total").base).toBeCloseTo(3, 12);
    expect(find("tariff revenue, total").level).toBe(0);
    // GDP by expenditure at base equals value added plus indirect taxes plus tariffs: 90 + 9 + 3 (SAM).
    expect(find("GDP, nominal").base).toBeCloseTo(102, 12);
    // EV of a utility gain is positive and equals (UU1 − UU0)·Π(1/α)^α at base prices 1.
    const ind = indicators(m, r.levels);
    const alpha = m.params.alpha;
    expect(ind.ev).toBeCloseTo((ind.utility - utility(m, m.base)) / Math.pow(alpha[0], alpha[0]) / Math.pow(alpha[1], alpha[1]), 12);
    expect(ind.ev).toBeGreaterThan(0);
  });
});

