import { describe, expect, it } from "vitest";
import { maxSubstitutionElasticity, smart, type SmartLine } from "./smart";
import { solverErrorOf } from "./testing";

const row = (lines: SmartLine[], options = {}) => smart(lines, { importDemandElasticity: -1, ...options }).lines.objects();

/** Seeded Park-Miller generator so the property cases are reproducible. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

function randomProduct(rnd: () => number, product: string): SmartLine[] {
  const n = 2 + Math.floor(rnd() * 5);
  return Array.from({ length: n }, (_, k) => {
    const tariff0 = Math.round(rnd() * 30);
    return { product, partner: `P${k}`, imports: Math.round(rnd() * 1000), tariff0,
      tariff1: rnd() < 0.5 ? 0 : Math.round(tariff0 * rnd()) };
  });
}

describe("smart, hand-calculated cases", () => {
  it("a single partner's tariff cut: creation, revenue, consumer surplus, welfare", () => {
    // M = 100, t 10% → 0, η = −1, infinite supply:
    //   TC = η·M·Δt/(1+t0) = −1·100·(−0.1/1.1) = 9.090909; no other source so TD = 0
    //   ΔR = 0·109.09 − 0.1·100 = −10
    //   ΔCS = 0.1·100 + ½·0.1·9.090909 = 10.454545;  ΔW = 0.454545 (the Harberger triangle)
    const [r] = row([{ product: "a", partner: "X", imports: 100, tariff0: 10, tariff1: 0 }]);
    expect(r.creation).toBeCloseTo(9.090909, 6);
    expect(r.diversion).toBe(0);
    expect(r.revenueChange).toBeCloseTo(-10, 10);
    expect(r.consumerSurplus).toBeCloseTo(10.454545, 6);
    expect(r.welfare).toBeCloseTo(0.454545, 6);
  });

  it("diversion to a preferred partner follows the CES share shift", () => {
    // A: 100 at 10% → 0; B: 50 at 10% unchanged; σ = 1.5. r_A = 1/1.1, r_B = 1.
    //   w_A = (2/3)·1.1^1.5 = (2/3)·1.1536897 = 0.7691265, w_B = 1/3
    //   s'_A = 0.7691265 / 1.1024598 = 0.6976458;  TD_A = 150·(0.6976458 − 2/3) = 4.64687
    const [a, b] = row([
      { product: "g", partner: "A", imports: 100, tariff0: 10, tariff1: 0 },
      { product: "g", partner: "B", imports: 50, tariff0: 10, tariff1: 10 },
    ]);
    expect(a.diversion).toBeCloseTo(4.64687, 4);
    expect(b.diversion).toBeCloseTo(-4.64687, 4);
    // B's tariff is unchanged, so it has no creation; its lost trade costs 10% revenue
    expect(b.creation).toBe(0);
    expect(b.revenueChange).toBeCloseTo(-0.464687, 5);
  });

  it("agrees to first order with the linear WITS diversion term for a small preference", () => {
    // TD_k ≈ M·s_k·σ·(Σ_j s_j·r̂_j − r̂_k), r̂ = Δt/(1+t0)
    const lines: SmartLine[] = [
      { product: "g", partner: "A", imports: 300, tariff0: 8, tariff1: 7.99 },
      { product: "g", partner: "B", imports: 200, tariff0: 5, tariff1: 5 },
      { product: "g", partner: "C", imports: 500, tariff0: 12, tariff1: 12 },
    ];
    const out = row(lines);
    const M = 1000, rhat = lines.map((l) => (l.tariff1 - l.tariff0) / (100 + l.tariff0));
    const mean = lines.reduce((s, l, k) => s + (l.imports / M) * rhat[k], 0);
    lines.forEach((l, k) => {
      const linear = M * (l.imports / M) * 1.5 * (mean - rhat[k]);
      expect(Math.abs(out[k].diversion - linear)).toBeLessThan(1e-4 * Math.abs(linear));
    });
  });

  it("a finite export supply elasticity damps creation and moves the world price", () => {
    // ε = 1: TC = η·M·Δt/(1+t0) / (1 − η/ε) = 9.090909 / 2 = 4.545455; p̂* = TC/(M·ε) = 0.0454545
    // price effect = (M + TC)·p̂* = 104.545455·0.0454545 = 4.752066
    const [r] = row([{ product: "a", partner: "X", imports: 100, tariff0: 10, tariff1: 0 }], { exportSupplyElasticity: 1 });
    expect(r.creation).toBeCloseTo(4.545455, 6);
    expect(r.worldPriceChange).toBeCloseTo(0.0454545, 6);
    expect(r.priceEffect).toBeCloseTo(4.752066, 5);
  });

  it("reads an export supply elasticity of 99 or more as infinite (the WITS convention)", () => {
    const line = [{ product: "a", partner: "X", imports: 100, tariff0: 10, tariff1: 0 }];
    expect(row(line, { exportSupplyElasticity: 99 })[0].priceEffect).toBe(0);
    expect(row(line, { exportSupplyElasticity: 98 })[0].priceEffect).toBeGreaterThan(0);
  });
});

describe("smart invariants on seeded random markets", () => {
  const rnd = random(42);
  const markets = Array.from({ length: 200 }, (_, i) => randomProduct(rnd, `p${i}`));
  const lines = markets.flat();
  const result = smart(lines, { importDemandElasticity: -1.3 });
  const out = result.lines.objects();

  it("diversion sums to zero within each product", () => {
    // The sum is exact up to the rounding of adding the partners' terms in a different order.
    for (const p of result.products.objects()) expect(Math.abs(p.diversion)).toBeLessThan(1e-12 * Math.max(1, p.imports0));
  });

  it("no partner loses more than its existing trade", () => {
    out.forEach((o) => expect(o.diversion).toBeGreaterThanOrEqual(-o.imports0 - 1e-9));
  });

  it("the loss caps at existing trade even for the largest substitution elasticity accepted (50)", () => {
    const [, b] = row([
      { product: "g", partner: "A", imports: 10, tariff0: 50, tariff1: 0 },
      { product: "g", partner: "B", imports: 90, tariff0: 50, tariff1: 50 },
    ], { substitutionElasticity: 50 });
    expect(b.diversion).toBeGreaterThanOrEqual(-90);
    expect(b.diversion).toBeLessThan(-89.99);
  });

  it("creation scales linearly with the import demand elasticity", () => {
    const doubled = smart(lines, { importDemandElasticity: -2.6 }).lines.objects();
    out.forEach((o, i) => expect(doubled[i].creation).toBeCloseTo(2 * o.creation, 9));
  });

  it("a zero shock gives zero effect", () => {
    const still = smart(lines.map((l) => ({ ...l, tariff1: l.tariff0 })), { importDemandElasticity: -1.3, exportSupplyElasticity: 2 });
    for (const o of still.lines.objects()) {
      for (const k of ["creation", "diversion", "priceEffect", "revenueChange", "consumerSurplus", "welfare"] as const) {
        expect(Math.abs(o[k])).toBeLessThan(1e-9);
      }
    }
  });

  it("sums by partner equal the sums of the lines", () => {
    const total = out.reduce((s, o) => s + o.totalEffect, 0);
    const byPartner = result.partners.objects().reduce((s, o) => s + o.totalEffect, 0);
    expect(byPartner).toBeCloseTo(total, 8);
  });
});

describe("smart bad input", () => {
  const ok = { product: "a", partner: "X", imports: 1, tariff0: 1, tariff1: 0 };
  it.each([
    ["NaN imports", [ok, { ...ok, partner: "Y", imports: NaN }], { row: 2, column: "imports" }],
    ["negative tariff", [{ ...ok, tariff1: -3 }], { row: 1, column: "tariff1" }],
    ["the same partner twice", [ok, { ...ok, partner: "Y" }, ok], { row: 3, column: "partner" }],
    // "x" would otherwise be a partner of its own beside "X", taking a share of the diversion.
    ["a partner differing from another only in case", [ok, { ...ok, product: "b" }, { ...ok, product: "b", partner: "x" }], { row: 3, column: "partner" }],
    ["a positive import demand elasticity", [{ ...ok, importDemandElasticity: 0.5 }], { row: 1, column: "importDemandElasticity" }],
    ["an empty product code", [{ ...ok, product: "" }], { row: 1, column: "product" }],
  ])("refuses %s, naming the row", (_, lines, where) => {
    expect(solverErrorOf(() => smart(lines as SmartLine[], { importDemandElasticity: -1 }))).toMatchObject({
      kind: "bad-input", argument: "lines", ...where,
    });
  });

  it("asks for an import demand elasticity when none is given", () => {
    expect(solverErrorOf(() => smart([ok]))).toMatchObject({ kind: "bad-input", row: 1, column: "importDemandElasticity" });
  });
});

describe("smart refuses results outside the linear demand's domain (issue 17)", () => {
  const line = (tariff1: number) => [{ product: "a", partner: "X", imports: 100, tariff0: 0, tariff1 }];

  it.each([100, 200])("a 0 → %d %% tariff with η = −1.678 (imports of −67.8, a consumer-surplus gain) is an outside-domain error", (t1) => {
    const e = solverErrorOf(() => smart(line(t1), { importDemandElasticity: -1.678 }));
    expect(e).toMatchObject({ kind: "outside-domain", variable: "imports after trade creation" });
    if (e.kind !== "outside-domain") return;
    expect(e.where).toContain("product a from X");
    expect(e.value).toBeCloseTo(100 - 1.678 * t1, 9);
  });

  it("the largest change the linear demand can carry (imports to exactly 0) is still reported", () => {
    // η·Δt/(1+t0) = −1 at Δt = 1/1.678: imports fall to 0 and no further
    const [r] = smart(line(100 / 1.678), { importDemandElasticity: -1.678 }).lines.objects();
    expect(r.imports1).toBeCloseTo(0, 9);
    expect(r.consumerSurplus).toBeLessThan(0);
  });

  it("on seeded random lines, a tariff rise never raises consumer surplus (or the line is refused)", () => {
    const rnd = random(7);
    for (let i = 0; i < 500; i++) {
      const t0 = Math.round(rnd() * 50), t1 = t0 + Math.round(rnd() * 300);
      const eta = -0.1 - 3 * rnd();
      const lines = [{ product: "g", partner: "A", imports: 1 + 1000 * rnd(), tariff0: t0, tariff1: t1 }];
      try {
        const [r] = smart(lines, { importDemandElasticity: eta }).lines.objects();
        expect(r.consumerSurplus).toBeLessThanOrEqual(0);
        expect(r.imports1).toBeGreaterThanOrEqual(0);
      } catch (e) {
        expect(solverErrorOf(() => { throw e; }).kind).toBe("outside-domain");
      }
    }
  });
});

describe("smart options are checked at the door (issue 17)", () => {
  const ok = [{ product: "a", partner: "X", imports: 1, tariff0: 1, tariff1: 0 }];
  it.each<[string, object, string, string]>([
    ["an elasticity given as text", { importDemandElasticity: "-1.2" }, "options.importDemandElasticity", "the string '-1.2'"],
    ["a positive import demand elasticity", { importDemandElasticity: 1.2 }, "options.importDemandElasticity", "≤ 0"],
    ["a text substitution elasticity", { importDemandElasticity: -1, substitutionElasticity: "0.5" }, "options.substitutionElasticity", "the string '0.5'"],
    ["a zero export supply elasticity", { importDemandElasticity: -1, exportSupplyElasticity: 0 }, "options.exportSupplyElasticity", "> 0"],
    ["a misspelt option", { importDemandElasticity: -1, substitutionElasticty: 2 }, "options.substitutionElasticty", "did you mean 'substitutionElasticity'"],
  ])("refuses %s", (_, options, argument, words) => {
    const e = solverErrorOf(() => smart(ok, options as never));
    expect(e).toMatchObject({ kind: "bad-input", argument });
    expect(e.message).toContain(words);
  });

  it("a line's own elasticity given as text is named by row and column", () => {
    const e = solverErrorOf(() => smart([{ ...ok[0], importDemandElasticity: "-1.2" as never }], { importDemandElasticity: -1 }));
    expect(e).toMatchObject({ kind: "bad-input", row: 1, column: "importDemandElasticity" });
    expect(e.message).toContain("the string '-1.2'");
  });
});

describe("smart never returns NaN or Infinity", () => {
  const pair = [
    { product: "g", partner: "CN", imports: 100, tariff0: 10, tariff1: 0 },
    { product: "g", partner: "US", imports: 100, tariff0: 10, tariff1: 10 },
  ];

  it("bounds the substitution elasticity at the CGE's 50", () => {
    expect(maxSubstitutionElasticity).toBe(50);
    const e = solverErrorOf(() => smart(pair, { importDemandElasticity: -1, substitutionElasticity: 1e6 }));
    expect(e).toMatchObject({ kind: "bad-input", argument: "options.substitutionElasticity" });
    expect(e.message).toContain("≤ 50");
    for (const o of smart(pair, { importDemandElasticity: -1, substitutionElasticity: 50 }).lines.objects()) {
      expect(Number.isFinite(o.diversion) && Number.isFinite(o.welfare)).toBe(true);
    }
  });

  it("refuses a line whose effects overflow, naming its row", () => {
    // (1 + t1)/(1 + t0) = 1/(1 + 1e306): the CES weight r^(−σ) overflows to Infinity and the shares to NaN
    const lines = [pair[0], { ...pair[0], partner: "KZ", tariff0: 1e308 }, pair[1]];
    expect(solverErrorOf(() => smart(lines, { importDemandElasticity: -1 }))).toMatchObject({ kind: "bad-input", argument: "lines", row: 2 });
  });

  it("refuses sums that overflow although each line is finite", () => {
    const huge = [1, 2].map((k) => ({ product: `p${k}`, partner: "CN", imports: 1e308, tariff0: 0, tariff1: 0 }));
    const e = solverErrorOf(() => smart(huge, { importDemandElasticity: -1 }));
    expect(e).toMatchObject({ kind: "bad-input", argument: "lines" });
    expect(e.message).toContain("partner CN");
  });

  it("refuses an onProgress that is not a function before computing anything", () => {
    // the line alone would be an outside-domain error; the option is refused first
    const e = solverErrorOf(() => smart([{ product: "a", partner: "X", imports: 100, tariff0: 0, tariff1: 200 }],
      { importDemandElasticity: -1.678, onProgress: 5 as never }));
    expect(e).toMatchObject({ kind: "bad-input", argument: "options.onProgress" });
  });
});
