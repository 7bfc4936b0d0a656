import { describe, expect, it } from "vitest";
import * as cge from "./cge/index";
import { stdcgeSam } from "./cge/fixtures.test-util";
import { syntheticSam } from "./cge/synthetic";
import { sweepItems, sweepModel, sweepRow, sweepSync, withElasticities } from "./sweepCge";

const model12 = () => {
  const { matrix, accounts } = syntheticSam(12);
  return cge.calibrate(cge.sam(matrix, accounts), { ntb: { CU: 0.15, ROW: 0.05 } });
};

describe("recalibrating with other elasticities", () => {
  it("with none given, every parameter is the model's own", () => {
    const m = model12();
    const again = withElasticities(m, {});
    for (const [name, value] of Object.entries(m.params)) {
      const flat = (v: unknown) => [v].flat(2) as number[];
      flat(again.params[name as keyof typeof m.params]).forEach((x, k) => expect(x).toBeCloseTo(flat(value)[k]!, 12));
    }
    expect(again.closure).toEqual(m.closure);
  });

  it("gives the same model as calibrating the SAM with those elasticities", () => {
    const s = stdcgeSam();
    const direct = cge.calibrate(s, { sigma: 3, psi: 1.5 });
    const swept = withElasticities(cge.calibrate(s), { sigma: 3, psi: 1.5 });
    const shock = cge.scenario().tariff({ scale: 0 });
    expect(cge.solve(swept, shock).levels.Xp[0]).toBeCloseTo(cge.solve(direct, shock).levels.Xp[0]!, 10);
  });
});

describe("a sweep's recalibration", () => {
  it("is the full recalibration, bit for bit, for one or per-sector elasticities of every kind", () => {
    const m = model12();
    const perSector = Object.fromEntries(m.sectors.map((s, i) => [s, 0.5 + 0.37 * i]));
    for (const e of [{}, { sigma: 3 }, { psi: 1.5, sigmaSources: 6 }, { sigma: perSector, psi: 0.8, sigmaSources: perSector }]) {
      expect(sweepModel(m, e)).toEqual(withElasticities(m, e));
    }
    // Two draws share what the elasticities do not change, and not what they do.
    const [a, b] = [sweepModel(m, { sigma: 3 }), sweepModel(m, { sigma: 4 })];
    expect(a.params.ax).toBe(b.params.ax);
    expect(a.params.gamma).not.toEqual(b.params.gamma);
  });

  it("refuses a bad elasticity as the full recalibration does", () => {
    const m = model12();
    expect(() => sweepModel(m, { sigma: -1 })).toThrow(/sigma/);
    expect(() => withElasticities(m, { sigma: -1 })).toThrow(/sigma/);
  });
});

describe("sweep rows", () => {
  it("a row's numbers are those of the serial solve of the same scenario", () => {
    const m = model12();
    const cet = Object.fromEntries(m.sectors.map((s) => [s, 0.12]));
    const policy = cge.scenario().tariff({ source: "ROW", to: cet }).ntb({ source: "CU", cut: 0.25 });
    const [row] = sweepSync(m, [{ draw: 1, sigma: 3, policy }]).objects() as Record<string, number>[];
    const solved = cge.solve(withElasticities(m, { sigma: 3 }), policy);
    const ind = cge.indicators(solved.model, solved.levels);
    expect(row).toMatchObject({ scenario: 1, draw: 1, sigma: 3, ok: true, error: null, iterations: solved.iterations });
    expect(row!.ev).toBe(ind.ev);
    expect(row!.imports_CU_pct).toBeCloseTo((ind.imports.CU! / m.base.Ms[0]!.reduce((a, b) => a + b, 0) - 1) * 100, 10);
  });

  it("a failing scenario stays on its row with its error, and the others complete", () => {
    const m = cge.calibrate(stdcgeSam());
    const rows = sweepSync(m, [
      { name: "fine", policy: cge.scenario().tariff({ scale: 0 }) },
      { name: "bad elasticity", sigma: -2 },
      { name: "also fine", policy: cge.scenario().tariff({ scale: 0.5 }) },
    ]).objects() as Record<string, unknown>[];
    expect(rows.map((r) => [r.scenario, r.name, r.ok])).toEqual([[1, "fine", true], [2, "bad elasticity", false], [3, "also fine", true]]);
    expect(rows[1]!.error).toMatch(/sigma/);
    expect(rows[1]!.error_kind).toBe("bad-option");
    expect(rows[1]!.ev).toBeNull();
  });

  it("scenarios come from an array or a table; bad ones are refused with their row", () => {
    expect(sweepItems([cge.scenario()])[0]!.labels).toEqual({});
    expect(() => sweepItems([{ policy: 3 }])).toThrow(/scenarios row 1 \(policy\)/);
    expect(() => sweepItems([])).toThrow(/empty/);
    const item = sweepItems([{ sigma: { BRD: 2, MLK: 3 }, tag: "x", skip: [1] }])[0]!;
    expect(item.labels).toEqual({ tag: "x" });
    expect(item.elasticities).toEqual({ sigma: { BRD: 2, MLK: 3 } });
  });

  it("Newton's steps are reported per scenario", () => {
    const m = cge.calibrate(stdcgeSam());
    const steps: number[] = [];
    sweepRow(m, sweepItems([cge.scenario().tariff({ scale: 0 })])[0]!, 1, {}, (i) => steps.push(i));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps[0]).toBe(1);
  });
});
