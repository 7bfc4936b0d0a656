// The textbook standard CGE model (STDCGE; Hosoe, Gasawa & Hashimoto 2010) written through the
// model builder, as an MPSGE modeller would: value added and gross output as separate sectors,
// a CET between exports and domestic sales, an Armington sector, and direct tax and saving as
// Cobb–Douglas "goods" whose market prices turn fixed income shares into payments. Checked
// against GAMS/CONOPT's published utility (GAMSPy's stdcge.py asserts it) and against `cge`.
import { describe, expect, it } from "vitest";
import { calibrate } from "../cge/calibrate";
import { stdcgeSam } from "../cge/fixtures.test-util";
import { scenario } from "../cge/scenario";
import { solve } from "../cge/solve";
import { mge, type Sector } from "./model";
import { solveMge } from "./solve";

const at = (row: string, column: string) => {
  const s = stdcgeSam();
  return s.values[s.labels.indexOf(row) * s.labels.length + s.labels.indexOf(column)];
};
const goods = ["BRD", "MLK"];

function stdcge(tariffScale: number) {
  const sectors: Sector[] = goods.flatMap((j) => {
    const Y = at("CAP", j) + at("LAB", j);
    const Z = Y + goods.reduce((a, i) => a + at(i, j), 0);
    const tz = at("IDT", j) / (Z + at("IDT", j)); // output-tax form of the markup τz: (1 − t)(1 + τz) = 1
    const E = at(j, "EXT"), D = Z + at("IDT", j) - E, M = at("EXT", j), tm = at("TRF", j) / M;
    return [
      { name: `V_${j}`, s: 1, inputs: [{ commodity: "CAP", quantity: at("CAP", j) }, { commodity: "LAB", quantity: at("LAB", j) }], outputs: [{ commodity: `VA_${j}`, quantity: Y }] },
      { name: `Z_${j}`, s: 0, t: 2,
        inputs: [{ commodity: `VA_${j}`, quantity: Y }, ...goods.map((i) => ({ commodity: `Q_${i}`, quantity: at(i, j) }))],
        outputs: [{ commodity: `E_${j}`, quantity: E, price: 1 - tz, taxes: [{ rate: tz, agent: "GOV" }] },
          { commodity: `D_${j}`, quantity: D, price: 1 - tz, taxes: [{ rate: tz, agent: "GOV" }] }] },
      { name: `EX_${j}`, inputs: [{ commodity: `E_${j}`, quantity: E }], outputs: [{ commodity: "PFX", quantity: E }] },
      { name: `IM_${j}`, inputs: [{ commodity: "PFX", quantity: M }], outputs: [{ commodity: `M_${j}`, quantity: M }] },
      { name: `A_${j}`, s: 2, outputs: [{ commodity: `Q_${j}`, quantity: D + M * (1 + tm) }],
        inputs: [{ commodity: `D_${j}`, quantity: D }, { commodity: `M_${j}`, quantity: M, price: 1 + tm, taxes: [{ rate: tm * tariffScale, agent: "GOV" }] }] },
    ];
  });
  return mge({
    commodities: ["CAP", "LAB", "PFX", "TDX", "SAV", ...goods.flatMap((j) => [`VA_${j}`, `E_${j}`, `D_${j}`, `M_${j}`, `Q_${j}`])],
    sectors,
    consumers: [
      { name: "HOH", s: 1, demands: [...goods.map((i) => ({ commodity: `Q_${i}`, quantity: at(i, "HOH") })),
        { commodity: "TDX", quantity: at("GOV", "HOH") }, { commodity: "SAV", quantity: at("INV", "HOH") }],
      endowments: [{ commodity: "CAP", quantity: at("HOH", "CAP") }, { commodity: "LAB", quantity: at("HOH", "LAB") }] },
      { name: "GOV", s: 1, demands: [...goods.map((i) => ({ commodity: `Q_${i}`, quantity: at(i, "GOV") })), { commodity: "SAV", quantity: at("INV", "GOV") }],
        endowments: [{ commodity: "TDX", quantity: at("GOV", "HOH") }] },
      { name: "INV", s: 1, demands: goods.map((i) => ({ commodity: `Q_${i}`, quantity: at(i, "INV") })),
        endowments: [{ commodity: "SAV", quantity: at("INV", "HOH") + at("INV", "GOV") }, { commodity: "PFX", quantity: at("INV", "EXT") }] },
    ],
  });
}

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
