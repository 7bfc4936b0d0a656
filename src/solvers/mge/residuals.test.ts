// The recorded residual system of the model builder (mge/residuals.ts, replayed by sparse/tape.ts)
// against the same system evaluated afresh with sparse duals (the builder's conditions over
// sparse/dual.ts, scaled and through Fischer–Burmeister as solveMge states it), at random points
// around the benchmark, replayed in turn on one tape: residuals, Jacobian pattern and entries
// agree to 1e-13 relative, and the extra outputs are the conditions and flows of a plain-number
// evaluation. Models: the 1-2-3 model (auxiliaries, taxes with an auxiliary rate), STDCGE, and
// a 12-sector two-source standard model with tariffs.
import { describe, expect, it } from "vitest";
import { stdcgeSam } from "../cge/fixtures.test-util";
import { sam } from "../cge/sam";
import { mulberry32, syntheticSam } from "../cge/synthetic";
import * as sparse from "../sparse/dual";
import { compile, conditions } from "./equations";
import { model123 } from "./mge123";
import type { MgeModel } from "./model";
import { cachedResidualTape, residualTape, smooth } from "./residuals";
import { standardModel } from "./standard";

const twoSources = () => {
  const { matrix, accounts } = syntheticSam(12, { sources: ["CU", "ROW"], suppliers: 6, crossLinks: 1, seed: 4 });
  return standardModel(sam(matrix, accounts), { tariffScale: 1.5, sigma: 3 });
};

describe.each([
  ["the 1-2-3 model, rigid wage with wage-tax replacement", () => model123(0), { HH: 441.2417391, TAU_LS: 0 }],
  ["STDCGE", () => standardModel(stdcgeSam(), { tariffScale: 0 }), { LAB: 1 }],
  ["a 12-sector two-source standard model, tariffs ×1.5", twoSources, { LAB: 1 }],
] as [string, () => MgeModel, Record<string, number>][])("%s", (_, model, fix) => {
  const plan = compile(model());
  const L = plan.layout;
  const fixed = new Map(Object.entries(fix));
  const values = L.benchmark.slice();
  for (const [k, v] of fixed) values[L.index.get(k)!] = v;
  const free = L.names.map((_, k) => k).filter((k) => !fixed.has(L.names[k]));
  const scales = free.map((k) => Math.max(Math.abs(L.benchmark[k]), 1));
  const n = free.length;
  const { tape, flows } = residualTape(plan, values, free, scales);
  const rnd = mulberry32(11);
  // Points with every free variable within ±30 % of its benchmark (positive, so every power is defined).
  const points = Array.from({ length: 4 }, () => free.map((k, j) => ((L.benchmark[k] || 0.5) * (0.7 + 0.6 * rnd())) / scales[j]));

  /** The residuals by sparse duals, afresh: what the tape recorded. */
  function fresh(z: number[]): sparse.SNum[] {
    const x: sparse.SNum[] = values.slice();
    free.forEach((k, j) => (x[k] = sparse.variable(z[j] * scales[j], j, scales[j])));
    const c = conditions(plan, x, false).conditions;
    return free.map((k, j) => {
      const f = sparse.scale(c[k], 1 / L.size[k]);
      return L.bounded[k] ? sparse.fischerBurmeister(sparse.variable(z[j], j), f, smooth) : f;
    });
  }

  it("replays to the residuals and exact Jacobian of sparse duals at four random points in turn (1e-13 relative)", () => {
    const f = new Float64Array(n), jac = new Float64Array(tape.rowStart[n]);
    for (const z of points) {
      tape.jacobian(z, f, jac);
      fresh(z).forEach((e, i) => {
        const v = typeof e === "number" ? e : e.v;
        expect(Math.abs(f[i] - v), L.names[free[i]]).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(v)));
        const cols = Array.from(tape.cols.subarray(tape.rowStart[i], tape.rowStart[i + 1]));
        expect(cols, `pattern of ${L.names[free[i]]}`).toEqual(typeof e === "number" ? [] : Array.from(e.i));
        if (typeof e === "number") return;
        e.d.forEach((d, t) => expect(Math.abs(jac[tape.rowStart[i] + t] - d), `∂${L.names[free[i]]}/∂${L.names[free[e.i[t]]]}`)
          .toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(d))));
      });
    }
  });

  it("reads every condition and per-unit flow of a plain-number evaluation among its extra outputs (1e-13 relative)", () => {
    const z = points[2];
    tape.values(z, new Float64Array(n));
    const extras = tape.extras();
    const x = values.slice();
    free.forEach((k, j) => (x[k] = z[j] * scales[j]));
    const { conditions: c, perUnit } = conditions(plan, x);
    const expected = [...(c as number[]), ...(perUnit.values() as Iterable<number>)];
    expect(flows).toEqual([...perUnit.keys()]);
    expect(extras.length).toBe(expected.length);
    expected.forEach((v, i) => expect(Math.abs(extras[i] - v), i < c.length ? L.names[i] : flows[i - c.length]).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(v))));
  });

  it("is recorded once per set of fixed values and kept with the model", () => {
    const a = cachedResidualTape(plan, fixed, values, free, scales);
    expect(cachedResidualTape(plan, new Map(fixed), values, free, scales)).toBe(a);
    const other = new Map([...fixed].map(([k, v]) => [k, v + 0.5]));
    expect(cachedResidualTape(plan, other, values, free, scales)).not.toBe(a);
  });
});
