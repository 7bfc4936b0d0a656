// DYNCGE: the recursive-dynamic textbook model (GAMS model library DYNCGE, SEQ=410).
import { describe, expect, it } from "vitest";
import { dyncgeSam } from "./fixtures.test-util";
import { compare, dynamic, dynamicModel, simulate } from "./dynamic";
import { publishedResiduals } from "./equations";
import { applyShocks, scenario } from "./scenario";
import { closure } from "./closures";
import { cell, sam } from "./sam";
import { syntheticSam } from "./synthetic";

const abolish = scenario().tariff({ scale: 0 });

describe("DYNCGE", () => {
  it("calibrates the balanced-growth base as the GAMS listing does (investment rescaled, difference to government)", () => {
    const s = dyncgeSam();
    const d = dynamicModel(s);
    // III = (pop + dep)/ror · capital income = 1.2 × 196229.420 (SAM: HOH←CAP).
    const required = 1.2 * 196229.42;
    const observed = 919.745 + 802.026 + 34979.803 + 79169.426;
    d.model.base.Xv.forEach((x, i) => expect(x).toBeCloseTo(cell(s, d.model.sectors[i], "INV") * (required / observed), 6));
    expect(d.model.base.Xg[2]).toBeCloseTo(4.931 - 34979.803 * (required / observed - 1), 6);
    d.KK.forEach((k, j) => expect(k).toBeCloseTo(cell(s, "CAP", d.model.sectors[j]) / 0.05, 6));
  });

  it("the baseline path is DYNCGE's balanced growth: every quantity grows 2 % a year, prices stay at 1", () => {
    // The GAMS listing does not solve its BAU; it writes it down as base × (1 + pop)^t. Solving it
    // year by year must give that path back.
    const d = dynamicModel(dyncgeSam());
    const path = simulate(d);
    expect(path).toHaveLength(31);
    path.forEach((y, t) => {
      const g = Math.pow(1.02, t);
      for (const v of ["Z", "Xp", "Xv", "E", "M", "D", "Q"] as const) y.levels[v].forEach((x, i) => expect(x / (d.model.base[v][i] * g)).toBeCloseTo(1, 10));
      y.KK.forEach((k, j) => expect(k / (d.KK[j] * g)).toBeCloseTo(1, 10));
      y.levels.pq.forEach((p) => expect(p).toBeCloseTo(1, 10));
      expect(y.levels.pf[0].every((p) => Math.abs(p - 1) < 1e-10)).toBe(true);
    });
  });

  it("abolishing tariffs: every year satisfies every published equation, and capital follows K(t+1) = (1 − δ)K(t) + I(t)", () => {
    // The published DYNCGE results (textbook 2nd ed., ch. 12) were not available to us; we check the
    // path against the listing's equations as written, and the accumulation rule, instead.
    const d = dynamicModel(dyncgeSam());
    const path = simulate(d, abolish);
    const c = closure(d.model, {}, d.model.closure);
    path.forEach((y, t) => {
      const g = Math.pow(1.02, t);
      const exo = applyShocks(d.model, {
        ...d.model.exo,
        FF: d.model.exo.FF.map((v, h) => (h === d.capital ? v : v * g)),
        FFs: d.model.exo.FFs.map((r, h) => (h === d.capital ? y.KK.map((k) => 0.05 * k) : r)),
        Xg: d.model.exo.Xg.map((v) => v * g), Sf: d.model.exo.Sf * g,
      }, abolish.shocks);
      const worst = Math.max(...publishedResiduals(d.model, exo, c, y.levels).map((r) => Math.abs(r.relative)));
      expect(worst).toBeLessThan(1e-10);
      if (t > 0) path[t].KK.forEach((k, j) => expect(k).toBeCloseTo(0.96 * path[t - 1].KK[j] + path[t - 1].II[j], 6));
    });
  });

  it("reports both paths, level differences and growth differences in percentage points", () => {
    const d = dynamicModel(dyncgeSam(), { periods: 6, startYear: 2014 });
    const r = dynamic(d, abolish);
    const rows = r.table.objects() as { year: number; variable: string; baseline: number; counterfactual: number; diff_pct: number; growth_baseline: number | null; growth_counterfactual: number | null; growth_diff_pp: number | null }[];
    const gdp = rows.filter((x) => x.variable === "GDP, real");
    expect(gdp.map((x) => x.year)).toEqual([2014, 2015, 2016, 2017, 2018, 2019]);
    expect(gdp[0].growth_diff_pp).toBeNull();
    gdp.slice(1).forEach((x, k) => {
      expect(x.growth_baseline!).toBeCloseTo(2, 10);
      const expected = (x.counterfactual / gdp[k].counterfactual - 1) * 100 - 2;
      expect(x.growth_diff_pp!).toBeCloseTo(expected, 10);
    });
    expect(r.ev.perYear[0]).toBeGreaterThan(0);
    expect(compare(d, r.baseline, r.baseline).objects().every((x) => (x as { diff_pct: number | null }).diff_pct === 0 || (x as { diff_pct: number | null }).diff_pct === null)).toBe(true);
  });

  it("phases a customs-union policy in from 2015 to 2019 on a two-source economy", () => {
    const { matrix, accounts } = syntheticSam(6);
    const d = dynamicModel(sam(matrix, accounts), { ntb: { CU: 0.2 }, startYear: 2013, periods: 9 });
    const policy = scenario().tariff({ source: "ROW", to: 0.2 }).ntb({ source: "CU", cut: 0.25 }).phase(2015, 2019);
    const r = dynamic(d, policy);
    const base = d.model.exo;
    r.counterfactual.forEach((y) => {
      const f = Math.min(1, Math.max(0, (y.year - 2014) / 5));
      d.model.sectors.forEach((_, i) => {
        // The tariff actually levied is the phased rate: Tm = τm·pm·M.
        const rate = y.levels.Tm[1][i] / (y.levels.pm[1][i] * y.levels.Ms[1][i]);
        expect(rate).toBeCloseTo(base.taum[1][i] + f * (0.2 - base.taum[1][i]), 12);
        expect(y.levels.pm[0][i] / y.levels.eps).toBeCloseTo((1 + 0.2 * (1 - 0.25 * f)) / 1.2, 12);
      });
    });
    const rows = r.table.objects() as { year: number; variable: string; diff_pct: number }[];
    // Before the policy starts the paths coincide.
    rows.filter((x) => x.year < 2015 && x.diff_pct !== null).forEach((x) => expect(Math.abs(x.diff_pct)).toBeLessThan(1e-9));
  });
});
