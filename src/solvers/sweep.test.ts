import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { quantileName, quantileSummary, quantiles, randomDraws, scenarioGrid, seededRandom } from "./sweep";
import { isSolverError } from "./errors";
import { mulberry32 } from "./cge/synthetic";

describe("scenario grids", () => {
  it("a grid is the cartesian product in odometer order, the last name fastest", () => {
    expect(scenarioGrid({ cut: [0, 0.25], scale: [1, 1.5, 2] })).toEqual([
      { cut: 0, scale: 1 }, { cut: 0, scale: 1.5 }, { cut: 0, scale: 2 },
      { cut: 0.25, scale: 1 }, { cut: 0.25, scale: 1.5 }, { cut: 0.25, scale: 2 },
    ]);
  });

  it("an empty list is refused with the parameter's name", () => {
    expect(() => scenarioGrid({ cut: [] })).toThrow(/cut must be a non-empty list/);
  });
});

describe("seeded random draws", () => {
  it("Mulberry32 gives the same stream for the same seed and another for another seed", () => {
    const a = seededRandom(42), b = seededRandom(42), c = seededRandom(43);
    const take = (r: () => number) => Array.from({ length: 5 }, r);
    const first = take(a);
    expect(take(b)).toEqual(first);
    expect(take(c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("the stream is Mulberry32's: it equals the implementation the synthetic SAMs use, seed by seed", () => {
    for (const seed of [0, 1, 42, 2 ** 31 + 5]) {
      const ours = seededRandom(seed), reference = mulberry32(seed);
      for (let k = 0; k < 100; k++) expect(ours()).toBe(reference());
    }
  });

  it("draws are reproducible, numbered, and stay in their distribution's support", () => {
    const spec = {
      sigma: { dist: "lognormal", median: 2, logSd: 0.3 },
      cut: { dist: "uniform", min: 0.1, max: 0.4 },
      psi: { dist: "triangular", min: 1, mode: 2, max: 4 },
      t: { dist: "normal", mean: 0, sd: 1, min: -1, max: 1 },
    } as const;
    const one = randomDraws(500, spec, { seed: 7 });
    expect(randomDraws(500, spec, { seed: 7 })).toEqual(one);
    expect(one.map((r) => r.draw)).toEqual(Array.from({ length: 500 }, (_, k) => k + 1));
    for (const r of one) {
      expect(r.sigma).toBeGreaterThan(0);
      expect(r.cut).toBeGreaterThanOrEqual(0.1);
      expect(r.cut).toBeLessThan(0.4);
      expect(r.psi).toBeGreaterThanOrEqual(1);
      expect(r.psi).toBeLessThanOrEqual(4);
      expect(Math.abs(r.t as number)).toBeLessThanOrEqual(1);
    }
    // The lognormal's median is its median: about half the draws fall below 2.
    const below = one.filter((r) => (r.sigma as number) < 2).length;
    expect(below).toBeGreaterThan(200);
    expect(below).toBeLessThan(300);
  });

  it("a bad distribution is a bad-input error naming the parameter", () => {
    let error: unknown;
    try {
      randomDraws(3, { sigma: { dist: "uniform", min: 3, max: 1 } });
    } catch (e) {
      error = e;
    }
    expect(isSolverError(error)).toBe(true);
    expect((error as Error).message).toMatch(/sigma: min must not exceed max/);
  });
});

describe("quantiles", () => {
  it("follow Hyndman and Fan's type 7 (R's default), worked by hand", () => {
    // Sorted 1, 2, 3, 4: h = 3p; p = 0.25 → 1 + 0.75·1 = 1.75; median 2.5; p = 0.9 → h = 2.7 → 3.7.
    expect(quantiles([4, 1, 3, 2], [0, 0.25, 0.5, 0.9, 1])).toEqual([1, 1.75, 2.5, 3.7, 4]);
  });

  it("leave out nulls and NaN, and give null when nothing is left", () => {
    expect(quantiles([null, 5, Number.NaN, 1], [0.5])).toEqual([3]);
    expect(quantiles([null], [0.5])).toEqual([null]);
  });

  it("a summary has one row per group and variable with quantile columns", () => {
    const rows = [1, 2, 3, 4, 5].flatMap((v) => [{ year: 1, x: v, y: -v }, { year: 2, x: 10 * v, y: null }]);
    const s = quantileSummary(rows, { by: ["year"], values: ["x", "y"], probs: [0.05, 0.5, 0.95] }).objects();
    expect(s).toEqual([
      { year: 1, variable: "x", n: 5, mean: 3, q5: 1.2, q50: 3, q95: 4.8 },
      { year: 1, variable: "y", n: 5, mean: -3, q5: -4.8, q50: -3, q95: -1.2 },
      { year: 2, variable: "x", n: 5, mean: 30, q5: 12, q50: 30, q95: 48 },
      { year: 2, variable: "y", n: 0, mean: null, q5: null, q50: null, q95: null },
    ].map((r) => expect.objectContaining({ ...r, q5: r.q5 === null ? null : expect.closeTo(r.q5, 12), q95: r.q95 === null ? null : expect.closeTo(r.q95, 12) })));
    expect(quantileName(0.025)).toBe("q2_5");
  });

  it("a misspelt or non-numeric column is an error naming it, not a summary of nothing", () => {
    const rows = [{ scenario: 1, ok: true, ev: 1.5, error: null }, { scenario: 2, ok: false, ev: null, error: "not converged" }];
    const table = aq.from(rows);
    for (const input of [rows, table]) {
      expect(() => quantileSummary(input, { values: ["EV"] })).toThrow(/no column "EV".*columns: scenario, ok, ev, error/);
      expect(() => quantileSummary(input, { values: ["ev"], by: ["year"] })).toThrow(/by: no column "year"/);
      expect(() => quantileSummary(input, { values: ["error"] })).toThrow(/column "error" holds string at row 2/);
      expect(() => quantileSummary(input, { values: ["ok"] })).toThrow(/column "ok" holds boolean at row 1/);
      // Failed rows (null) are left out and counted out of n; that is not an error.
      expect(quantileSummary(input, { values: ["ev"] }).objects()[0]).toMatchObject({ variable: "ev", n: 1, mean: 1.5 });
    }
  });
});
