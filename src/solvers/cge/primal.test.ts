// Second method: the published equations solved as written (primal form, finite-difference
// Jacobian, every variable unknown) must give the same equilibria as the library's reduced
// dual-number Newton. This is our independent check where no published figures were found.
import { describe, expect, it } from "vitest";
import { calibrate } from "./calibrate";
import { fixValues } from "./closures";
import { simulate, dynamicModel } from "./dynamic";
import { dyncgeSam, stdcgeSam } from "./fixtures.test-util";
import type { CgeModel, Exogenous, Levels } from "./model";
import { solvePrimal } from "./primal.test-util";
import { sam } from "./sam";
import { applyShocks, scenario } from "./scenario";
import { solve } from "./solve";
import { syntheticSam } from "./synthetic";

function agree(m: CgeModel, exo: Exogenous, ours: Levels, start: Levels) {
  const primal = solvePrimal(m, fixValues(m, m.closure, exo), m.closure, start);
  expect(primal.residual).toBeLessThan(1e-12);
  expect(primal.iterations).toBeGreaterThan(0);
  for (const v of ["Z", "D", "E", "M", "Q", "Xp", "Xv", "pq", "pd", "pz", "py"] as const) {
    ours[v].forEach((x, i) => expect(primal.levels[v][i] / x).toBeCloseTo(1, 9));
  }
  expect(primal.levels.eps).toBeCloseTo(ours.eps, 9);
}

describe("primal second method", () => {
  it("STDCGE tariff removal: primal and reduced solutions agree to 1e-9", () => {
    const m = calibrate(stdcgeSam(), { closure: { numeraire: "LAB" } });
    const s = scenario().tariff({ scale: 0 });
    agree(m, applyShocks(m, m.exo, s.shocks), solve(m, s).levels, m.base);
  });

  it("two sources with NTBs: a common external tariff and an NTB cut agree to 1e-9", () => {
    const { matrix, accounts } = syntheticSam(4);
    const m = calibrate(sam(matrix, accounts), { ntb: { CU: 0.1, ROW: 0.05 }, closure: { numeraire: "LAB" } });
    const s = scenario().tariff({ source: "ROW", to: 0.2 }).ntb({ source: "CU", cut: 0.25 });
    agree(m, applyShocks(m, m.exo, s.shocks), solve(m, s).levels, m.base);
  });

  it("DYNCGE tariff abolition, years 0 and 10: primal and reduced solutions agree to 1e-9", () => {
    const d = dynamicModel(dyncgeSam(), { periods: 11 });
    const s = scenario().tariff({ scale: 0 });
    const path = simulate(d, s);
    for (const t of [0, 10]) {
      const g = Math.pow(1 + d.pop, t);
      const m = d.model;
      const exo = applyShocks(m, {
        ...m.exo,
        FF: m.exo.FF.map((v, h) => (h === d.capital ? v : v * g)),
        FFs: m.exo.FFs.map((r, h) => (h === d.capital ? path[t].KK.map((k) => d.ror * k) : r)),
        Xg: m.exo.Xg.map((v) => v * g), Sf: m.exo.Sf * g,
      }, s.shocks);
      agree(m, exo, path[t].levels, t === 0 ? m.base : path[t - 1].levels);
    }
  });
});
