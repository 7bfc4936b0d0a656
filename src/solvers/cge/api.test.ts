// The notebook path: a cell builds, calibrates, shocks and solves in a few lines through the barrel.
import { describe, expect, it } from "vitest";
import { table } from "arquero";
import * as cge from "./index";

describe("cge API in a cell", () => {
  it("builds a SAM from an Arquero table, calibrates, applies a customs-union policy and reports by source", () => {
    const { matrix, accounts } = cge.syntheticSam(12);
    const samTable = table({ account: matrix.labels, ...Object.fromEntries(matrix.labels.map((c, k) => [c, matrix.values.map((r) => r[k])])) });
    const cet = Object.fromEntries(accounts.sectors.map((s) => [s, 0.12]));

    const model = cge.calibrate(cge.sam(samTable, accounts), { sigma: 2, psi: 2, ntb: { CU: 0.15 } });
    const result = cge.solve(model, cge.scenario().tariff({ source: "ROW", to: cet }).ntb({ source: "CU", cut: 0.25 }).phase(2015, 2019));

    const rows = cge.summary(result).objects() as { indicator: string; base: number; level: number; change_pct: number | null }[];
    expect(rows.map((r) => r.indicator)).toContain("imports from CU");
    expect(rows.map((r) => r.indicator)).toContain("tariff revenue on ROW");
    const cu = rows.find((r) => r.indicator === "imports from CU")!;
    expect(cu.change_pct!).toBeGreaterThan(0);
    expect(cge.variables(result).numRows()).toBeGreaterThan(12 * 16);
    // The result is plain data apart from the model reference: it survives structured cloning.
    expect(structuredClone(result.levels)).toEqual(result.levels);
    expect(structuredClone(result.walras)).toEqual(result.walras);
  });

  it("errors are tagged data that survive structured cloning", () => {
    const { matrix, accounts } = cge.syntheticSam(3);
    const values = matrix.values.map((r) => r.slice());
    values[0][1] += 2;
    try {
      cge.sam({ labels: matrix.labels, values }, accounts);
      throw new Error("expected an unbalanced SAM");
    } catch (e) {
      expect(cge.isCgeError(e)).toBe(true);
      const info = structuredClone((e as cge.CgeError).toJSON());
      expect(info.kind).toBe("unbalanced-sam");
      if (info.kind === "unbalanced-sam") expect(info.accounts.map((a) => a.account)).toEqual(["S1", "S2"]);
    }
  });
});
