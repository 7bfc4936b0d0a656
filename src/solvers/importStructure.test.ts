import { describe, expect, it } from "vitest";
import { elasticityScenarios, projectImportShares } from "./importStructure";
import { solverErrorOf } from "./testing";

const prices = (sector: string, levels: number[]) => levels.map((index, i) => ({ sector, year: 2014 + i, index }));

describe("projectImportShares", () => {
  it("projects the NCU share year by year, by hand", () => {
    // s0 = 25; year 1: price +2%, E = −2 ⇒ 25·(1 − 0.04) = 24
    // year 2: price +1% on the year, E = −3 ⇒ 24·(1 − 0.03) = 23.28; CU = 76.72
    // diversion = 25 − 23.28 = 1.72 pp; relative = 1.72/25 = 6.88%
    const r = projectImportShares([{ sector: "a", ncuShare: 25 }], prices("a", [1, 1.02, 1.02 * 1.01]), [-2, -3]);
    expect(r.shares.objects().map((o) => +o.ncuShare.toFixed(10))).toEqual([25, 24, 23.28]);
    expect(r.shares.objects()[2].cuShare).toBeCloseTo(76.72, 10);
    expect(r.diversion.objects()[0].diversion).toBeCloseTo(1.72, 10);
    expect(r.diversion.objects()[0].relativeDiversion).toBeCloseTo(6.88, 10);
    expect(r.economy).toBeNull();
  });

  it("knows the study's scenario 1 elasticities by name", () => {
    expect(elasticityScenarios["study-1"]).toEqual([-1.014, -2.784, -3.925]);
    const byName = projectImportShares([{ sector: "a", ncuShare: 30 }], prices("a", [1, 1.05, 1.06, 1.08]), "study-1");
    const byList = projectImportShares([{ sector: "a", ncuShare: 30 }], prices("a", [1, 1.05, 1.06, 1.08]), [-1.014, -2.784, -3.925]);
    expect(byName.shares.objects()).toEqual(byList.shares.objects());
  });

  it("takes elasticities per sector", () => {
    const r = projectImportShares(
      [{ sector: "a", ncuShare: 50 }, { sector: "b", ncuShare: 50 }],
      [...prices("a", [1, 1.1]), ...prices("b", [1, 1.1])],
      { a: [-1], b: [-3] },
    );
    // 50·(1 − 0.1) = 45 and 50·(1 − 0.3) = 35
    expect(r.diversion.objects().map((o) => +o.ncuShare1.toFixed(10))).toEqual([45, 35]);
  });

  it("weights the economy-wide diversion by sector imports", () => {
    // a: imports 1, diversion 50·0.1 = 5 pp; b: imports 3, diversion 50·0.3 = 15 pp
    //   economy = (1·5 + 3·15)/4 = 12.5 pp; relative = 50/(1·50 + 3·50)·100 = 25%
    const r = projectImportShares(
      [{ sector: "a", ncuShare: 50, imports: 1 }, { sector: "b", ncuShare: 50, imports: 3 }],
      [...prices("a", [1, 1.1]), ...prices("b", [1, 1.1])],
      { a: [-1], b: [-3] },
    );
    expect(r.economy?.diversion).toBeCloseTo(12.5, 10);
    expect(r.economy?.relativeDiversion).toBeCloseTo(25, 10);
  });

  it("a zero price change leaves the shares unchanged", () => {
    const r = projectImportShares([{ sector: "a", ncuShare: 37 }], prices("a", [1, 1, 1, 1]), "study-1");
    r.shares.objects().forEach((o) => expect(o.ncuShare).toBe(37));
  });

  it("clamps a share pushed below zero and marks the row", () => {
    const r = projectImportShares([{ sector: "a", ncuShare: 10 }], prices("a", [1, 1.5]), [-4]);
    expect(r.shares.objects()[1]).toMatchObject({ ncuShare: 0, cuShare: 100, clamped: true });
  });

  it.each([
    ["an unknown scenario", "study-9", prices("a", [1, 1.1]), { argument: "elasticities" }],
    ["too few elasticities", [-1], prices("a", [1, 1.1, 1.2]), { argument: "elasticities" }],
    ["a sector without prices", [-1], [{ sector: "a", year: 2014, index: 1 }], { argument: "prices" }],
    ["prices for an unknown sector", [-1], [...prices("a", [1, 1.1]), ...prices("zz", [1, 1.1])], { argument: "prices", row: 3, column: "sector" }],
    ["a zero price", [-1], prices("a", [1, 0]), { argument: "prices", row: 2, column: "index" }],
    ["two prices for one year", [-1], [...prices("a", [1, 1.1]), { sector: "a", year: 2015, index: 1.2 }], { argument: "prices", row: 3 }],
    ["more elasticities than priced years", [-1, -2, -3], prices("a", [1, 0.95, 0.9]), { argument: "elasticities" }],
    ["a sector's elasticity given as a number, not a list", { a: -1.5 }, prices("a", [1, 0.95]), { argument: "elasticities" }],
    ["null elasticities", null, prices("a", [1, 0.95]), { argument: "elasticities" }],
    ["a bare number for elasticities", -1.5, prices("a", [1, 0.95]), { argument: "elasticities" }],
  ])("refuses %s", (_, spec, p, expected) => {
    expect(solverErrorOf(() => projectImportShares([{ sector: "a", ncuShare: 20 }], p, spec as never))).toMatchObject({ kind: "bad-input", ...expected });
  });

  it("names the sector whose elasticities do not fit", () => {
    const e = solverErrorOf(() => projectImportShares([{ sector: "a", ncuShare: 20 }], prices("a", [1, 0.95]), { a: -1.5 } as never));
    expect(e.message).toContain("sector a");
    expect(solverErrorOf(() => projectImportShares([{ sector: "a", ncuShare: 20 }], prices("a", [1, 0.95, 0.9]), [-1, -2, -3])).message).toContain("sector a");
  });

  it("refuses a sector listed twice, naming its second row", () => {
    const e = solverErrorOf(() => projectImportShares(
      [{ sector: "a", ncuShare: 40 }, { sector: "b", ncuShare: 40 }, { sector: "a", ncuShare: 10 }],
      [...prices("a", [1, 0.95]), ...prices("b", [1, 1])], [-1]));
    expect(e).toMatchObject({ kind: "bad-input", argument: "sectors", row: 3, column: "sector" });
    expect(e.message).toContain("rows 1 and 3");
  });
});
