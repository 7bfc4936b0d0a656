// The solve's check of a solution (the worst published equation, unnamed until it is found)
// against the full list of named published residuals it replaces.
import { describe, expect, it } from "vitest";
import { calibrate } from "./calibrate";
import { fixValues } from "./closures";
import { publishedResiduals, worstPublished } from "./equations";
import { stdcgeSam } from "./fixtures.test-util";
import { sam } from "./sam";
import { scenario } from "./scenario";
import { solve } from "./solve";
import { syntheticSam } from "./synthetic";

describe("the worst published equation", () => {
  const { matrix, accounts } = syntheticSam(12);
  const models = [calibrate(stdcgeSam()), calibrate(sam(matrix, accounts), { ntb: { CU: 0.15, ROW: 0.05 } })];

  it("is the one the full named list gives, with the largest magnitude, at a solution and off it", () => {
    for (const m of models) {
      const s = solve(m, scenario().tariff({ scale: 0.5 }));
      const exo = s.exo; // the shocked, closure-fixed exogenous values the solution solved
      const off = { ...s.levels, Xp: s.levels.Xp.map((v, i) => (i === 1 ? v * 1.01 : v)) };
      for (const l of [s.levels, off, m.base]) {
        const all = publishedResiduals(m, exo, m.closure, l);
        const expected = all.reduce((a, r) => (Math.abs(r.relative) > Math.abs(a.relative) ? r : a), all[0]);
        const got = worstPublished(m, exo, m.closure, l);
        expect(got.worst).toEqual(expected);
        expect(got.largest).toBe(Math.max(...all.map((r) => Math.abs(r.relative))));
      }
      // Off the solution the worst is a named household-demand equation, 1 % off.
      const worstOff = worstPublished(m, exo, m.closure, off).worst;
      expect(worstOff.name).toBe(`eqXp[${m.sectors[1]}]`);
      expect(Math.abs(worstOff.relative)).toBeCloseTo(0.01 / 1.01, 6);
    }
  });

  it("counts a NaN residual as infinitely large", () => {
    const m = models[0]!;
    const l = { ...m.base, Xp: m.base.Xp.map((v, i) => (i === 0 ? NaN : v)) };
    expect(worstPublished(m, fixValues(m, m.closure, m.exo), m.closure, l).largest).toBe(Infinity);
  });
});
