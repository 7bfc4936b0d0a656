// Issue 17: every trade solver refuses unknown option keys (with the closest one suggested)
// and checks types before ranges, instead of falling back to a default.
import { describe, expect, it } from "vitest";
import { logLogElasticity } from "./elasticity";
import { importPriceShocks } from "./priceShocks";
import { projectImportShares } from "./importStructure";
import { tariffAverages } from "./tariffs";
import { solverErrorOf } from "./testing";

const lines = [{ hs: "010110", partner: "RU", tariff: 5, imports: 10 }];
const concordance = [{ hs: "010110", sector: "agriculture" }];
const sectors = [{ sector: "agriculture", cuShare: 75, tariffCu0: 0, tariffCu1: 0, tariffNcu0: 3.561, tariffNcu1: 5.415, ntbCu: 2, imports: 120 }];
const points = [{ price: 1, quantity: 10 }, { price: 2, quantity: 6 }, { price: 3, quantity: 4 }];

describe("options at the door of the trade solvers", () => {
  it.each<[string, () => unknown, string, string]>([
    ["tariffAverages with a misspelt option", () => tariffAverages(lines, concordance, { hsDigit: 6 } as never), "options.hsDigit", "did you mean 'hsDigits'"],
    ["importPriceShocks with a misspelt option", () => importPriceShocks(sectors, { ntbcut: 0.5 } as never), "options.ntbcut", "did you mean 'ntbCut'"],
    ["importPriceShocks with a text NTB cut", () => importPriceShocks(sectors, { ntbCut: "0.25" as never }), "options.ntbCut", "the string '0.25'"],
    ["importPriceShocks with an NTB cut above 1", () => importPriceShocks(sectors, { ntbCut: 1.5 }), "options.ntbCut", "≤ 1"],
    ["logLogElasticity with a misspelt option", () => logLogElasticity(points, { priceColum: "p" } as never), "options.priceColum", "did you mean 'priceColumn'"],
  ])("refuses %s", (_, call, argument, words) => {
    const e = solverErrorOf(call);
    expect(e).toMatchObject({ kind: "bad-input", argument });
    expect(e.message).toContain(words);
  });
});

describe("import-structure elasticities name their sectors", () => {
  const sectors = [{ sector: "meat", ncuShare: 25, imports: 120 }];
  const prices = [{ sector: "meat", year: 2014, index: 1 }, { sector: "meat", year: 2015, index: 1.01 }];
  it("refuses a per-sector map with a misspelt sector, suggesting the close one", () => {
    const e = solverErrorOf(() => projectImportShares(sectors, prices, { meat: [-1], meet: [-2] }));
    expect(e).toMatchObject({ kind: "bad-input", argument: "elasticities" });
    expect(e.message).toContain("unknown sector 'meet' (did you mean 'meat'?)");
  });

  it("suggests the close scenario name", () => {
    expect(solverErrorOf(() => projectImportShares(sectors, prices, "study1")).message).toContain("did you mean 'study-1'");
  });
});
