// The textbook standard CGE model (STDCGE; Hosoe, Gasawa & Hashimoto 2010) written through the
// model builder (`standardModel`, standard.ts). Checked against GAMS/CONOPT's published utility
// (GAMSPy's stdcge.py asserts it) and against the `cge` solver.
import { describe, expect, it } from "vitest";
import { calibrate } from "../cge/calibrate";
import { stdcgeSam } from "../cge/fixtures.test-util";
import { scenario } from "../cge/scenario";
import { solve } from "../cge/solve";
import { solveMge } from "./solve";
import { standardModel } from "./standard";

const at = (row: string, column: string) => {
  const s = stdcgeSam();
  return s.values[s.labels.indexOf(row) * s.labels.length + s.labels.indexOf(column)];
};
const goods = ["BRD", "MLK"];

const stdcge = (tariffScale: number) => standardModel(stdcgeSam(), { tariffScale });

/** UU = Π Xp_i^α_i from the household's demands. */
function utility(flows: Record<string, number>) {
  const xp0 = goods.map((i) => at(i, "HOH"));
  const total = xp0.reduce((a, v) => a + v, 0);
  return goods.reduce((u, i, k) => u * Math.pow(flows[`Q_${i}ρHOH`], xp0[k] / total), 1);
}

describe("STDCGE through the model builder", () => {
  it("the benchmark replicates in 0 iterations and gives GAMS's base utility, UU = 25.508490012515818", () => {
    const r = solveMge(stdcge(1), { fix: { LAB: 1 } });
    expect(r.iterations).toBe(0);
    expect(utility(r.flows)).toBeCloseTo(25.508490012515818, 12);
  });

  it("tariff removal gives GAMS/CONOPT's UU = 26.092634381288686 (1e-9 relative) and the `cge` solver's prices", () => {
    const r = solveMge(stdcge(0), { fix: { LAB: 1 } });
    expect(Math.abs(utility(r.flows) / 26.092634381288686 - 1)).toBeLessThan(1e-9);
    const m = calibrate(stdcgeSam(), { sigma: 2, psi: 2, closure: { numeraire: "LAB" } });
    const c = solve(m, scenario().tariff({ scale: 0 }));
    goods.forEach((j, i) => {
      expect(r.values[`Q_${j}`]).toBeCloseTo(c.levels.pq[i], 10);
      expect(r.values[`D_${j}`]).toBeCloseTo(c.levels.pd[i], 10);
      expect(r.values[`Z_${j}`] * (at("CAP", j) + at("LAB", j) + goods.reduce((a, k) => a + at(k, j), 0))).toBeCloseTo(c.levels.Z[i], 9);
    });
    expect(r.values.PFX).toBeCloseTo(c.levels.eps, 10);
    expect(r.values.CAP).toBeCloseTo(c.levels.pf[0][0], 10);
  });
});
