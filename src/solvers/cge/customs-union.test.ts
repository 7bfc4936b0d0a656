// The customs-union extension: imports from several sources in a second Armington nest,
// source-specific tariffs and non-tariff (iceberg) costs, and the scenario API.
import { describe, expect, it } from "vitest";
import { calibrate } from "./calibrate";
import { sam, type LabelledMatrix, type SamAccounts } from "./sam";
import { socialAccounts, summaryRows } from "./results";
import { applyShocks, phaseFraction, scenario } from "./scenario";
import { solve } from "./solve";
import { syntheticSam } from "./synthetic";

/** Merges the rest-of-world and tariff accounts of all sources into one (EXT, TRF). */
function mergeSources(matrix: LabelledMatrix, accounts: SamAccounts): { matrix: LabelledMatrix; accounts: SamAccounts } {
  const ext = Object.values(accounts.restOfWorld as Record<string, string>);
  const trf = Object.values(accounts.tariffs as Record<string, string>);
  const target = (l: string) => (ext.includes(l) ? "EXT" : trf.includes(l) ? "TRF" : l);
  const labels = [...new Set(matrix.labels.map(target))];
  const values = labels.map(() => new Array<number>(labels.length).fill(0));
  matrix.labels.forEach((r, i) => matrix.labels.forEach((c, j) => {
    values[labels.indexOf(target(r))][labels.indexOf(target(c))] += matrix.values[i][j];
  }));
  return { matrix: { labels, values }, accounts: { ...accounts, restOfWorld: "EXT", tariffs: "TRF" } };
}

describe("customs-union import sources", () => {
  it("calibration reproduces a two-source SAM cell by cell", () => {
    const { matrix, accounts } = syntheticSam(6);
    const s = sam(matrix, accounts);
    const m = calibrate(s, { ntb: { CU: 0.2 } });
    const rebuilt = socialAccounts(m, solve(m).levels);
    rebuilt.labels.forEach((r, i) => rebuilt.labels.forEach((c, j) => {
      expect(rebuilt.values[i][j]).toBeCloseTo(matrix.values[matrix.labels.indexOf(r)][matrix.labels.indexOf(c)], 10);
    }));
  });

  it("with equal tariffs and a uniform shock, two sources behave exactly like one merged source", () => {
    // CES aggregation: when every source's price moves alike, source shares stay put and the
    // composite equals the sum, so the one-source model (no second nest) is an independent oracle.
    const two = syntheticSam(8, { uniformTariffs: true });
    const one = mergeSources(two.matrix, two.accounts);
    const cut = scenario().tariff({ scale: 0.5 });
    const a = solve(calibrate(sam(two.matrix, two.accounts), { closure: { numeraire: "LAB" } }), cut).levels;
    const b = solve(calibrate(sam(one.matrix, one.accounts), { closure: { numeraire: "LAB" } }), cut).levels;
    for (const v of ["Z", "D", "Q", "M", "E", "Xp", "pq", "pd", "PM"] as const) a[v].forEach((x, i) => expect(x).toBeCloseTo(b[v][i], 9));
    expect(a.eps).toBeCloseTo(b.eps, 12);
  });

  it("raising non-member tariffs to a common external tariff diverts imports to the union", () => {
    const { matrix, accounts } = syntheticSam(6);
    const m = calibrate(sam(matrix, accounts), { closure: { numeraire: "LAB" } });
    const cet = Object.fromEntries(m.sectors.map((s, i) => [s, Math.max(0.25, m.exo.taum[1][i])]));
    const r = solve(m, scenario().tariff({ source: "ROW", to: cet })).levels;
    m.sectors.forEach((_, i) => {
      expect(r.Ms[1][i] / m.base.Ms[1][i]).toBeLessThan(r.Ms[0][i] / m.base.Ms[0][i]);
    });
    expect(r.Ms[1].reduce((a, v) => a + v, 0)).toBeLessThan(m.base.Ms[1].reduce((a, v) => a + v, 0));
    expect(r.Ms[0].reduce((a, v) => a + v, 0)).toBeGreaterThan(m.base.Ms[0].reduce((a, v) => a + v, 0));
  });

  it("cutting union non-tariff costs by 25 % lowers their import price by (1 + 0.75·ntb)/(1 + ntb) and raises union imports", () => {
    const { matrix, accounts } = syntheticSam(4);
    const ntb = 0.2;
    const m = calibrate(sam(matrix, accounts), { ntb: { CU: ntb }, closure: { numeraire: "LAB" } });
    const r = solve(m, scenario().ntb({ source: "CU", cut: 0.25 }));
    m.sectors.forEach((_, i) => {
      expect(r.levels.pm[0][i] / r.levels.eps).toBeCloseTo((1 + 0.75 * ntb) / (1 + ntb), 14);
      expect(r.levels.Ms[0][i]).toBeGreaterThan(m.base.Ms[0][i]);
    });
    const rows = summaryRows(m, r.levels);
    expect(rows.find((x) => x.indicator === "equivalent variation")!.level).toBeGreaterThan(0);
    expect(Math.abs(r.worstPublished.relative)).toBeLessThan(1e-11);
  });

  it("phases shocks in linearly over the stated years", () => {
    const s = scenario().tariff({ source: "ROW", to: 0.3 }).phase(2015, 2019);
    expect([2014, 2015, 2017, 2019, 2020].map((y) => phaseFraction(s, y))).toEqual([0, 0.2, 0.6, 1, 1]);
    const { matrix, accounts } = syntheticSam(3);
    const m = calibrate(sam(matrix, accounts));
    const half = applyShocks(m, m.exo, s.shocks, 0.4);
    m.sectors.forEach((_, i) => expect(half.taum[1][i]).toBeCloseTo(m.exo.taum[1][i] + 0.4 * (0.3 - m.exo.taum[1][i]), 15));
    m.sectors.forEach((_, i) => expect(half.taum[0][i]).toBe(m.exo.taum[0][i]));
  });
});
