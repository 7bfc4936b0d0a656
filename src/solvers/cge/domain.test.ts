// Issue 17: a returned CGE solution is inside the model's domain and satisfies every published
// equation within `acceptance`, or the call fails with an error that says which and where.
import { describe, expect, it } from "vitest";
import { calibrate } from "./calibrate";
import { acceptance, residualError } from "./domain";
import { stdcgeSam } from "./fixtures.test-util";
import { summary } from "./results";
import { scenario } from "./scenario";
import { solve, trySolve } from "./solve";

const model = (o = {}) => calibrate(stdcgeSam(), { closure: { numeraire: "LAB" }, ...o });
const removeTariffs = scenario().tariff({ scale: 0 });
const ev = (sigma: number) => (summary(solve(model({ sigma }), removeTariffs)).objects() as { indicator: string; level: number }[])
  .find((r) => r.indicator === "equivalent variation")!.level;

describe("results outside the model's domain are refused", () => {
  it("a 90 % import subsidy that drives government demand negative is an outside-domain error naming the variable and the scenario", () => {
    const r = trySolve(model(), scenario().tariff({ to: -0.9 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: "outside-domain", variable: "Xg[BRD]", scenario: 'tariff({"to":-0.9})' });
    if (r.error.kind !== "outside-domain") return;
    expect(r.error.value).toBeLessThan(0);
    expect(r.error.message).toContain("Xg[BRD]");
  });

  it("a 50 % import subsidy is inside the domain and solves to every published equation", () => {
    const r = solve(model(), scenario().tariff({ to: -0.5 }));
    expect(Math.abs(r.worstPublished.relative)).toBeLessThan(1e-10);
    expect(Math.min(...r.levels.Xg, ...r.levels.PM)).toBeGreaterThan(0);
  });
});

describe("the published equations are the acceptance test", () => {
  it("a Newton stop at a loose tolerance whose solution misses an equation by more than 1e-8 is not-converged, naming the worst equations", () => {
    const r = trySolve(model(), removeTariffs, { tolerance: 1e-3 });
    expect(r.ok).toBe(false);
    if (r.ok || r.error.kind !== "not-converged") throw new Error("expected not-converged");
    expect(r.error.residual).toBeGreaterThan(acceptance);
    expect(r.error.worstEquations[0].name).toBe("eqepsilon");
    expect(r.error.message).toContain("eqepsilon");
  });

  it("residualError names up to five equations, worst first, and passes a solution within acceptance", () => {
    const published = [
      { name: "eqA", residual: 1, relative: 1e-12, size: 1 },
      { name: "eqpqs[BRD]", residual: -83, relative: -0.72, size: 115 },
      { name: "eqB", residual: NaN, relative: NaN, size: NaN },
    ];
    const e = residualError(published, 5, "tariff");
    expect(e).toMatchObject({ kind: "not-converged", iterations: 5, residual: Infinity });
    if (e?.kind !== "not-converged") return;
    expect(e.worstEquations.map((w) => w.name)).toEqual(["eqB", "eqpqs[BRD]", "eqA"]);
    expect(residualError(published.slice(0, 1), 5, "tariff")).toBeNull();
  });
});

describe("σ = 1 is the exact Cobb–Douglas limit", () => {
  it("σ within 1e-13 of 1 gives the Cobb–Douglas EV (it gave 1.324 against 1.2286)", () => {
    expect(Math.abs(ev(1 + 1e-13) - ev(1))).toBeLessThan(1e-12);
    expect(ev(1)).toBeCloseTo(1.2286, 4);
  });

  it("agrees with the mean of σ = 1 ± 1e-4 (EV is smooth in σ; the error of the mean is O(1e-8))", () => {
    expect(Math.abs(ev(1) - (ev(1 + 1e-4) + ev(1 - 1e-4)) / 2)).toBeLessThan(1e-8);
  });

  it("a Cobb–Douglas Armington aggregate satisfies every published equation after the shock", () => {
    expect(Math.abs(solve(model({ sigma: 1, sigmaSources: 1 }), removeTariffs).worstPublished.relative)).toBeLessThan(1e-12);
  });
});

describe("continuation", () => {
  it("σ = 40, where Newton from the base fails, solves by walking the shock in eight steps", () => {
    const direct = trySolve(model({ sigma: 40 }), removeTariffs, { continuation: false });
    expect(direct.ok).toBe(false);
    if (!direct.ok) expect(direct.error.message).toMatch(/singular jacobian at \w+ in iteration \d+.*try a smaller shock/);
    const r = solve(model({ sigma: 40 }), removeTariffs);
    expect(Math.abs(r.worstPublished.relative)).toBeLessThan(1e-10);
  });
});
