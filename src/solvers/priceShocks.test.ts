import { describe, expect, it } from "vitest";
import { importPrice, importPriceShocks, type PriceShockSector } from "./priceShocks";
import { solverErrorOf } from "./testing";

const agriculture: PriceShockSector = { sector: "agriculture", cuShare: 75, tariffCu0: 0, tariffCu1: 0, tariffNcu0: 3.561, tariffNcu1: 5.415 };

describe("importPrice", () => {
  it("is PW·(1 + t)·(1 + τ)", () => {
    // 100 · 1.10 · 1.05 = 115.5
    expect(importPrice(100, 0.1, 0.05)).toBeCloseTo(115.5, 12);
  });

  it.each([
    ["a NaN world price", () => importPrice(NaN, 0.1, 0), "worldPrice"],
    ["a world price given as text", () => importPrice("1" as never, 0.1, 0), "worldPrice"],
    ["an infinite tariff", () => importPrice(1, Infinity, 0), "tariff"],
    ["a text NTB equivalent", () => importPrice(1, 0.1, "0.05" as never), "ntbAve"],
  ])("refuses %s, naming the argument", (_, fn, argument) => {
    expect(solverErrorOf(fn)).toMatchObject({ kind: "bad-input", argument });
  });
});

describe("importPriceShocks", () => {
  it("a tariff rise for NCU partners only, weighted by the NCU share", () => {
    // I* = 0.75·1 + 0.25·1.05415/1.03561 = 0.75 + 0.25·1.0179025 = 1.0044756
    const { components } = importPriceShocks([agriculture]);
    expect(components.objects()[0]).toMatchObject({ sector: "agriculture", cu: 1 });
    expect(components.objects()[0].total).toBeCloseTo(1.0044756, 7);
    expect(components.objects()[0].ncu).toBeCloseTo(1.0179025, 7);
  });

  it("cuts NTBs for CU partners only, weighted by the CU share", () => {
    // τ = 4%, cut 25%, no tariff change, CU share 75%:
    //   I_CU = 1.03/1.04 = 0.9903846, I_NCU = 1 ⇒ I* = 0.75·0.9903846 + 0.25 = 0.9927885
    const sector = { sector: "s", cuShare: 75, tariffCu0: 5, tariffCu1: 5, tariffNcu0: 5, tariffNcu1: 5 };
    const c = importPriceShocks([sector], { ntbAve: 4 }).components.objects()[0];
    expect(c.total).toBeCloseTo(0.9927885, 7);
    expect(c.tariffOnly).toBe(1);
    expect(c.ntbEffect).toBeCloseTo(-0.0072115, 7);
    // doubling the CU share doubles the NTB effect (from a 50% base: 0.5 vs 1.0)
    const half = importPriceShocks([{ ...sector, cuShare: 50 }], { ntbAve: 4 }).components.objects()[0].ntbEffect;
    const full = importPriceShocks([{ ...sector, cuShare: 100 }], { ntbAve: 4 }).components.objects()[0].ntbEffect;
    expect(full).toBeCloseTo(2 * half, 12);
  });

  it("phases the shock linearly over 2015-2019 with base 1 in 2014", () => {
    const rows = importPriceShocks([agriculture]).shocks.objects();
    const full = 0.25 * (1.05415 / 1.03561 - 1);
    expect(rows.map((r) => r.year)).toEqual([2014, 2015, 2016, 2017, 2018, 2019]);
    rows.forEach((r, i) => expect(r.index).toBeCloseTo(1 + (i / 5) * full, 12));
    // year-on-year indices multiply back to the final level
    const product = rows.reduce((p, r) => p * r.yearOnYear, 1);
    expect(product).toBeCloseTo(rows[5].index, 12);
  });

  it("follows a given schedule or an immediate shock", () => {
    const given = importPriceShocks([agriculture], { from: 2015, to: 2017, schedule: [0.5, 0.8, 1] }).shocks.objects();
    const full = 0.25 * (1.05415 / 1.03561 - 1);
    expect(given.map((r) => +(r.index - 1).toFixed(12))).toEqual([0, 0.5, 0.8, 1].map((f) => +(f * full).toFixed(12)));
    const now = importPriceShocks([agriculture], { schedule: "immediate" }).shocks.objects();
    expect(now[1].index).toBeCloseTo(1 + full, 12);
    expect(now[2].yearOnYear).toBe(1);
  });

  it("accepts a schedule whose last fraction is 1 up to rounding (1e-9)", () => {
    const rows = importPriceShocks([agriculture], { from: 2015, to: 2017, schedule: [1 / 3, 2 / 3, 0.1 + 0.2 + 0.7] }).shocks.objects();
    expect(rows).toHaveLength(4);
    expect(solverErrorOf(() => importPriceShocks([agriculture], { from: 2015, to: 2017, schedule: [0.3, 0.6, 1 - 1e-6] })).message)
      .toContain("last fraction must be 1");
  });

  it("allows a sector named \"economy\" when no economy-wide row is added (not every sector has imports)", () => {
    const rows = importPriceShocks([{ ...agriculture, sector: "economy" }, { ...agriculture, sector: "b", imports: 2 }]).components.objects();
    expect(rows.map((r) => r.sector)).toEqual(["economy", "b"]);
  });

  it("a zero shock gives an index of 1 everywhere", () => {
    const still = { sector: "s", cuShare: 40, tariffCu0: 3, tariffCu1: 3, tariffNcu0: 9, tariffNcu1: 9 };
    const rows = importPriceShocks([still], { ntbCut: 0, ntbAve: 10 }).shocks.objects();
    rows.forEach((r) => expect(r.index).toBe(1));
  });

  it("adds an economy-wide row weighted by imports (CU and NCU indices by their own imports)", () => {
    // s1: imports 100, CU 50%, NCU tariff 0 → 10%: I_NCU = 1.1; s2: imports 300, CU 100%, no change.
    //   total = (100·(0.5 + 0.5·1.1) + 300·1)/400 = (105 + 300)/400 = 1.0125
    //   NCU index = 1.1 (only s1 imports from NCU: weight 100·0.5 vs 300·0)
    const { components } = importPriceShocks([
      { sector: "s1", cuShare: 50, tariffCu0: 0, tariffCu1: 0, tariffNcu0: 0, tariffNcu1: 10, imports: 100 },
      { sector: "s2", cuShare: 100, tariffCu0: 0, tariffCu1: 0, tariffNcu0: 0, tariffNcu1: 0, imports: 300 },
    ]);
    const economy = components.objects().find((r) => r.sector === "economy");
    expect(economy?.total).toBeCloseTo(1.0125, 12);
    expect(economy?.ncu).toBeCloseTo(1.1, 12);
  });

  it.each([
    ["a CU share above 100", [{ ...agriculture, cuShare: 120 }], {}, { argument: "sectors", row: 1, column: "cuShare" }],
    ["a negative tariff", [agriculture, { ...agriculture, tariffNcu1: -1 }], {}, { argument: "sectors", row: 2, column: "tariffNcu1" }],
    ["a schedule of the wrong length", [agriculture], { schedule: [0.5, 1] }, { argument: "options.schedule" }],
    ["an NTB cut above 1", [agriculture], { ntbCut: 25 }, { argument: "options.ntbCut" }],
    ["a schedule in percent", [agriculture], { schedule: [20, 40, 60, 80, 100] }, { argument: "options.schedule", row: 1 }],
    ["a schedule that stops short of the full shock", [agriculture], { schedule: [0.1, 0.2, 0.3, 0.4, 0.5] }, { argument: "options.schedule", row: 5 }],
    ["a schedule with a negative fraction", [agriculture], { schedule: [0, -0.5, 0.2, 0.6, 1] }, { argument: "options.schedule", row: 2 }],
    ["a schedule that falls", [agriculture], { schedule: [1, 0.5, 0.5, 1, 1] }, { argument: "options.schedule", row: 2 }],
    ["the same sector twice", [agriculture, { ...agriculture, sector: "b" }, agriculture], {}, { argument: "sectors", row: 3, column: "sector" }],
    ["a sector named like the economy-wide row", [{ ...agriculture, imports: 1 }, { ...agriculture, sector: "economy", imports: 2 }], {},
      { argument: "sectors", row: 2, column: "sector" }],
  ])("refuses %s", (_, sectors, options, expected) => {
    expect(solverErrorOf(() => importPriceShocks(sectors as PriceShockSector[], options))).toMatchObject({ kind: "bad-input", ...expected });
  });
});
