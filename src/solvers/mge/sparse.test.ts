// The builder's sparse Newton path (sparse duals → sparse LU) against the dense path (dense
// Jacobian → dense LU, cge/lu.ts) on the same models: the equilibria agree to 1e-9 relative,
// which is what two Newton runs stopped at 1e-12 on well-conditioned systems should give.
import { describe, expect, it } from "vitest";
import { stdcgeSam } from "../cge/fixtures.test-util";
import { sam } from "../cge/sam";
import { syntheticSam } from "../cge/synthetic";
import { closures123, model123 } from "./mge123";
import { solveMge, sparseFrom, type MgeSolution } from "./solve";
import { compile } from "./equations";
import { standardModel } from "./standard";

const synthetic = (n: number, crossLinks = 0, seed = 5) => {
  const { matrix, accounts } = syntheticSam(n, { sources: ["ROW"], suppliers: 8, crossLinks, seed });
  return sam(matrix, accounts);
};

function expectSame(a: MgeSolution, b: MgeSolution) {
  expect(Object.keys(a.values)).toEqual(Object.keys(b.values));
  for (const [k, v] of Object.entries(a.values)) expect(Math.abs(v - b.values[k]), k).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
  for (const [k, v] of Object.entries(a.flows)) expect(Math.abs(v - b.flows[k]), k).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
}

describe("sparse and dense Newton give the same equilibrium", () => {
  it.each([
    ["the 1-2-3 model, rigid wage with wage-tax replacement", () => model123(0), closures123.wageTaxRigid],
    ["STDCGE, tariffs removed", () => standardModel(stdcgeSam(), { tariffScale: 0 }), { fix: { LAB: 1 } }],
    ["40 sectors in industry groups, tariffs removed", () => standardModel(synthetic(40), { tariffScale: 0 }), { fix: { LAB: 1 } }],
    ["40 sectors with two random cross-group suppliers each (the LU's dense trailing block), tariffs doubled",
      () => standardModel(synthetic(40, 2), { tariffScale: 2 }), { fix: { LAB: 1 } }],
  ] as const)("%s: every value and flow to 1e-9", (_, model, options) => {
    const m = model();
    const dense = solveMge(m, { ...options, linear: "dense" });
    const sparse = solveMge(m, { ...options, linear: "sparse" });
    expect([dense.linear, sparse.linear]).toEqual(["dense", "sparse"]);
    expect(sparse.iterations).toBe(dense.iterations);
    expect(Math.max(dense.residual, sparse.residual)).toBeLessThan(1e-11);
    expectSame(dense, sparse);
  });

  it(`"auto" uses the dense LU below ${sparseFrom} unknowns and the sparse LU from there on`, () => {
    expect(solveMge(standardModel(stdcgeSam()), { fix: { LAB: 1 } }).linear).toBe("dense");
    expect(solveMge(standardModel(synthetic(5)), { fix: { LAB: 1 } }).linear).toBe("dense"); // 6·5 + 7 = 37 unknowns
    expect(solveMge(standardModel(synthetic(7)), { fix: { LAB: 1 } }).linear).toBe("sparse"); // 49
  });

  it("a 100-sector model replicates its benchmark in 0 iterations; removing tariffs raises total imports and depreciates the currency", () => {
    // Per sector imports may fall (a low-tariff good loses to the depreciation); in total they rise.
    const s = synthetic(100);
    const base = solveMge(standardModel(s), { fix: { LAB: 1 } });
    expect(base.iterations).toBe(0);
    const free = solveMge(standardModel(s, { tariffScale: 0 }), { fix: { LAB: 1 } });
    expect(free.residual).toBeLessThan(1e-11);
    const imports = (r: MgeSolution) => s.sectors.reduce((a, j) => a + r.values[`A_${j}`] * r.flows[`PFX†A_${j}`], 0);
    expect(imports(free)).toBeGreaterThan(imports(base));
    expect(free.values.PFX).toBeGreaterThan(base.values.PFX);
  });

  it("a second solve with other fixed values records its own residuals: the same as solving the scaled model afresh", () => {
    // Prices are homogeneous of degree 0: LAB fixed at 2 doubles every price and income, quantities stay.
    const s = synthetic(30);
    const m = standardModel(s, { tariffScale: 0 });
    const one = solveMge(m, { fix: { LAB: 1 } });
    const two = solveMge(m, { fix: { LAB: 2 } });
    const again = solveMge(m, { fix: { LAB: 1 } });
    expect(again.values).toEqual(one.values);
    const L = compile(m).layout;
    L.names.forEach((name, k) => {
      const ratio = L.kinds[k] === "price" || L.kinds[k] === "income" ? 2 : 1;
      expect(Math.abs(two.values[name] - ratio * one.values[name]), name).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(two.values[name])));
    });
  });

  it("values and flows are ordinary objects, values in the layout's order", () => {
    const m = standardModel(stdcgeSam(), { tariffScale: 0 });
    const r = solveMge(m, { fix: { LAB: 1 } });
    expect(Object.getPrototypeOf(r.values)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(r.flows)).toBe(Object.prototype);
    expect(Object.keys(r.values)).toEqual(compile(m).layout.names);
    expect(JSON.parse(JSON.stringify(r.flows))).toEqual(r.flows);
    expect(r.flows["PFX†A_BRD"]).toBeGreaterThan(0);
  });
});

describe("standardModel checks its input", () => {
  it.each<[string, () => unknown, string]>([
    ["sigma as text", () => standardModel(stdcgeSam(), { sigma: "2" as unknown as number }), "sigma must be a number"],
    ["a negative tariff scale", () => standardModel(stdcgeSam(), { tariffScale: -1 }), "tariffScale"],
    ["a misspelt option", () => standardModel(stdcgeSam(), { tarifScale: 0 } as never), "tarifScale"],
    ["a SAM cell the model has no flow for (a transfer GOV → HOH)", () => {
      const { matrix, accounts } = syntheticSam(3, { sources: ["ROW"] });
      const at = (l: string) => matrix.labels.indexOf(l);
      const values = matrix.values.map((r) => r.slice());
      values[at("HOH")][at("GOV")] += 1; // GOV pays HOH 1 more, HOH pays 1 more direct tax: still balanced
      values[at("GOV")][at("HOH")] += 1;
      return standardModel(sam({ labels: matrix.labels, values }, accounts));
    }, "the model has no flow for SAM cell HOH←GOV"],
  ])("refuses %s, naming it", (_, call, text) => {
    expect(call).toThrow(text);
  });
});
