import { describe, expect, it } from "vitest";
import { calibrate } from "./calibrate";
import { closure, fixValues, layout } from "./closures";
import { stdcgeSam, dyncgeSam } from "./fixtures.test-util";
import { newton, type NewtonProblem } from "./newton";
import { applyShocks, scenario } from "./scenario";
import { coreProblem, unknownsFrom } from "./solve";
import { mulberry32, syntheticSam } from "./synthetic";
import { sam } from "./sam";
import type { CgeModel } from "./model";

/** Central finite differences of F at z (test oracle only). */
function finiteDifferences(p: NewtonProblem, z: Float64Array): Float64Array {
  const n = p.n;
  const jac = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const h = 1e-6 * Math.max(1, Math.abs(z[k]));
    const up = z.slice();
    const dn = z.slice();
    up[k] += h;
    dn[k] -= h;
    const fu = p.residual(up);
    const fd = p.residual(dn);
    for (let r = 0; r < n; r++) jac[r * n + k] = (fu[r] - fd[r]) / (2 * h);
  }
  return jac;
}

function jacobianAgrees(m: CgeModel, shocks = scenario().tariff({ scale: 0 }).shocks, closureOptions = {}) {
  const c = closure(m, closureOptions, m.closure);
  const L = layout(m, c);
  const p = coreProblem(m, fixValues(m, c, applyShocks(m, m.exo, shocks)), L);
  // A point away from the solution, so every term of the Jacobian is exercised.
  const rnd = mulberry32(11);
  const z = unknownsFrom(L, m.base).map((v) => v * (0.9 + 0.2 * rnd()));
  const exact = p.jacobian(z).jac;
  const fd = finiteDifferences(p, z);
  let worst = 0;
  for (let k = 0; k < exact.length; k++) worst = Math.max(worst, Math.abs(exact[k] - fd[k]) / Math.max(1, Math.abs(exact[k])));
  return worst;
}

describe("newton", () => {
  it("finds √2 as the root of x² − 2 from x = 1 with quadratic convergence", () => {
    const residuals: number[] = [];
    const r = newton({
      n: 1, equations: ["square"], unknowns: ["x"], positive: [true],
      residual: (x) => Float64Array.of(x[0] * x[0] - 2),
      jacobian: (x) => ({ f: Float64Array.of(x[0] * x[0] - 2), jac: Float64Array.of(2 * x[0]) }),
    }, [1], { onProgress: (_, res) => residuals.push(res) });
    expect(r.ok && r.x[0]).toBeCloseTo(Math.SQRT2, 15);
    expect(residuals.length).toBeGreaterThan(2);
    // Quadratic convergence: each residual is at most a constant times the square of the previous one.
    for (let k = 1; k < residuals.length - 1; k++) expect(residuals[k]).toBeLessThan(2 * residuals[k - 1] ** 2 + 1e-15);
  });

  it("keeps positive unknowns positive when the full step would cross zero", () => {
    // log(x) = −5 has its root at e^−5; the full Newton step from x = 1 would land at x = −4.
    const seen: number[] = [];
    const p: NewtonProblem = {
      n: 1, equations: ["log"], unknowns: ["x"], positive: [true],
      residual: (x) => Float64Array.of(Math.log(x[0]) + 5),
      jacobian: (x) => (seen.push(x[0]), { f: Float64Array.of(Math.log(x[0]) + 5), jac: Float64Array.of(1 / x[0]) }),
    };
    const r = newton(p, [1]);
    expect(r.ok && r.x[0]).toBeCloseTo(Math.exp(-5), 14);
    expect(Math.min(...seen)).toBeGreaterThan(0);
  });

  it("reports iterations, residual and the worst equations by name when it does not converge", () => {
    const r = newton({
      n: 2, equations: ["a", "b"], unknowns: ["x", "y"], positive: [false, false],
      // x² + 1 = 0 has no real root; y − 1 = 0 does.
      residual: (x) => Float64Array.of(x[0] * x[0] + 1, x[1] - 1),
      jacobian: (x) => ({ f: Float64Array.of(x[0] * x[0] + 1, x[1] - 1), jac: Float64Array.of(2 * x[0], 0, 0, 1) }),
    }, [0.5, 0], { maxIterations: 30 });
    expect(r.ok).toBe(false);
    if (r.ok || r.error.kind !== "not-converged") throw new Error("expected not-converged");
    expect(r.error.iterations).toBeGreaterThan(0);
    expect(r.error.residual).toBeGreaterThanOrEqual(1);
    expect(r.error.worstEquations[0].name).toBe("a");
    expect(Number.isFinite(r.error.residual)).toBe(true);
  });

  it("has an exact Jacobian: dual numbers agree with central finite differences (STDCGE, tariffs removed)", () => {
    expect(jacobianAgrees(calibrate(stdcgeSam(), { closure: { numeraire: "LAB" } }))).toBeLessThan(1e-7);
  });

  it("has an exact Jacobian under every closure swap and with two import sources", () => {
    const { matrix, accounts } = syntheticSam(5);
    const m = calibrate(sam(matrix, accounts), { ntb: { CU: 0.1, ROW: 0.05 } });
    const shocks = scenario().tariff({ source: "ROW", to: 0.12 }).ntb({ source: "CU", cut: 0.25 }).shocks;
    expect(jacobianAgrees(m, shocks)).toBeLessThan(1e-7);
    expect(jacobianAgrees(m, shocks, { exchangeRate: "fixed", investment: "investment-driven", factorSupply: { LAB: "flexible" }, numeraire: "CAP" })).toBeLessThan(1e-7);
  });

  it("has an exact Jacobian for the DYNCGE variant (specific capital, balanced budget, price-index numeraire)", () => {
    const s = dyncgeSam();
    const m = calibrate(s, { government: "balanced-budget", saving: "disposable-income", specificFactors: ["CAP"] });
    expect(jacobianAgrees(m)).toBeLessThan(1e-7);
  });
});
