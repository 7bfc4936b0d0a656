import { describe, expect, it } from "vitest";
import { arcElasticity, logLogElasticity, ncuShareElasticity, pointElasticity } from "./elasticity";
import { solverErrorOf } from "./testing";

describe("elasticities, hand-calculated", () => {
  it.each([
    // (90 − 100)/100 / ((1.1 − 1)/1) = −0.1 / 0.1 = −1
    ["point", pointElasticity(100, 90, 1, 1.1), -1],
    // (−10/95) / (1/10.5) = −0.1052632·10.5 = −1.1052632
    ["arc", arcElasticity(100, 90, 10, 11), -1.1052632],
    // a share: 25% → 24% when the price rises 2%: (−1/25)/0.02 = −2
    ["point on a share", pointElasticity(25, 24, 1, 1.02), -2],
  ])("%s elasticity", (_, value, expected) => expect(value).toBeCloseTo(expected, 6));

  it("arc elasticity is symmetric in the two observations; point elasticity is not", () => {
    expect(arcElasticity(100, 90, 10, 11)).toBeCloseTo(arcElasticity(90, 100, 11, 10), 12);
    expect(pointElasticity(100, 90, 10, 11)).not.toBeCloseTo(pointElasticity(90, 100, 11, 10), 3);
  });

  it("log-log OLS: slope, intercept, standard error and R² by hand", () => {
    // x = ln p = 0, 1, 2; y = ln Q = 0, −1, −3. x̄ = 1, ȳ = −4/3, Sxy = −3, Sxx = 2 ⇒ E = −1.5
    // a = −4/3 + 1.5 = 1/6; residuals −1/6, 1/3, −1/6 ⇒ SSR = 1/6; se = √((1/6)/1/2) = √(1/12)
    // Syy = 42/9 ⇒ R² = 1 − (1/6)/(42/9) = 1 − 3/84 = 0.9642857
    const fit = logLogElasticity([0, 1, 2].map((x, i) => ({ price: Math.exp(x), quantity: Math.exp([0, -1, -3][i]) })));
    expect(fit.elasticity).toBeCloseTo(-1.5, 12);
    expect(fit.intercept).toBeCloseTo(1 / 6, 12);
    expect(fit.standardError).toBeCloseTo(Math.sqrt(1 / 12), 12);
    expect(fit.r2).toBeCloseTo(0.9642857, 7);
    expect(fit.n).toBe(3);
  });

  it("log-log OLS recovers a constant elasticity exactly, with zero standard error", () => {
    const points = [0.5, 0.8, 1, 1.3, 2].map((p) => ({ price: p, quantity: 7 * p ** -2.784 }));
    const fit = logLogElasticity(points);
    expect(fit.elasticity).toBeCloseTo(-2.784, 12);
    expect(fit.standardError).toBeLessThan(1e-12);
    expect(fit.r2).toBeCloseTo(1, 12);
  });

  it("the study's NCU-share elasticity between two years", () => {
    // 2010: NCU 40 of 100 at price 1.00; 2012: NCU 36 of 100 at 1.05 ⇒ (−0.1)/(0.05) = −2
    const obs = [
      { year: 2010, ncuImports: 40, totalImports: 100, price: 1 },
      { year: 2011, ncuImports: 38, totalImports: 95, price: 1.02 },
      { year: 2012, ncuImports: 36, totalImports: 100, price: 1.05 },
    ];
    expect(ncuShareElasticity(obs, 2010, 2012)).toBeCloseTo(-2, 12);
    // arc: (−4/38)/(0.05/1.025) = −0.1052632·20.5 = −2.1578947
    expect(ncuShareElasticity(obs, 2010, 2012, "arc")).toBeCloseTo(-2.1578947, 6);
  });
});

describe("elasticity bad input", () => {
  it.each([
    ["a zero price", () => pointElasticity(1, 2, 0, 1), { argument: "p0" }],
    ["a negative price", () => arcElasticity(1, 2, 1, -1), { argument: "p1" }],
    ["no price change", () => pointElasticity(1, 2, 3, 3), { argument: "p1" }],
    ["a zero base quantity", () => pointElasticity(0, 2, 1, 2), { argument: "q0" }],
    ["too few points", () => logLogElasticity([{ price: 1, quantity: 1 }, { price: 2, quantity: 1 }]), { argument: "points" }],
    ["equal prices in a regression", () => logLogElasticity([1, 2, 3].map((q) => ({ price: 2, quantity: q }))), { argument: "points" }],
    ["a zero quantity in a regression", () => logLogElasticity([1, 2, 3].map((p, i) => ({ price: p, quantity: i }))), { argument: "points", row: 1, column: "quantity" }],
    ["a missing year", () => ncuShareElasticity([{ year: 2012, ncuImports: 1, totalImports: 2, price: 1 }], 2008, 2012), { argument: "from" }],
    ["NCU imports above the total", () => ncuShareElasticity([{ year: 2010, ncuImports: 3, totalImports: 2, price: 1 }, { year: 2012, ncuImports: 1, totalImports: 2, price: 2 }], 2010, 2012), { argument: "observations", row: 1 }],
    ["a negative quantity in an arc elasticity", () => arcElasticity(-10, 10.0001, 1, 1.1), { argument: "q0" }],
    ["a negative quantity in a point elasticity", () => pointElasticity(10, -5, 1, 1.1), { argument: "q1" }],
    ["a price change too small to measure", () => arcElasticity(10, 9, 1, 1 + 1e-15), { argument: "p1" }],
    ["prices in a regression that differ only by rounding", () => logLogElasticity([{ price: 1, quantity: 10 }, { price: 1 + 1e-15, quantity: 5 }, { price: 1, quantity: 3 }]),
      { argument: "points" }],
    ["a year given twice", () => ncuShareElasticity([
      { year: 2008, ncuImports: 40, totalImports: 100, price: 1 },
      { year: 2012, ncuImports: 30, totalImports: 100, price: 1.2 },
      { year: 2012, ncuImports: 10, totalImports: 100, price: 1.2 }], 2008, 2012), { argument: "observations", row: 3, column: "year" }],
  ])("refuses %s", (_, fn, expected) => {
    expect(solverErrorOf(fn)).toMatchObject({ kind: "bad-input", ...expected });
  });

  it.each(["Arc", "midpoint"])("refuses the unknown method %s, listing the accepted ones", (method) => {
    const obs = [{ year: 2008, ncuImports: 40, totalImports: 100, price: 1 }, { year: 2012, ncuImports: 30, totalImports: 100, price: 1.2 }];
    const e = solverErrorOf(() => ncuShareElasticity(obs, 2008, 2012, method as never));
    expect(e).toMatchObject({ kind: "bad-input", argument: "method" });
    expect(e.message).toContain('"point", "arc"');
  });

  it("still measures a small but real price change (1e-9)", () => {
    // ΔQ/Q = −1e-9 for Δp/p = 1e-9: E = −1 (to the rounding of a 1e-9 difference)
    expect(arcElasticity(100, 99.9999999, 1, 1 + 1e-9)).toBeCloseTo(-1, 5);
  });
});
