// Pins solved levels of the 12-sector, two-source synthetic model (a ROW tariff of 12 % and a 25 % cut
// of CU's non-tariff costs) to the values the solver gave before the allocation-light duals
// (commit 78784fb, dual numbers with a new gradient array per operation), to 1e-12 relative:
// a rewrite of the Jacobian's arithmetic must not move a solution.
import { describe, expect, it } from "vitest";
import * as cge from "./index";

const pinned = {
  Z: [169.80624103206776, 123.8290884392475, 133.0133258695192, 127.39350064350015],
  pq: [1.0025405586796583, 0.9899214815434917, 0.9997473118418498, 0.9983836775055895],
  E: [24.084074714211017, 18.516795255079373, 19.635678015608196, 23.586794082091835],
  MsCU: [19.965884374168496, 13.90395746151603, 3.875806323509907],
  MsROW: [4.710854100383105, 25.076810179787287, 9.513618144336185],
  pf: [1.0054129700074625, 1.0051939383991089],
  eps: 1.0040692101915105,
  Td: 92.90305637945605,
  income: 806.7084428028742,
};

const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want));

describe("solutions pinned before the allocation-light duals", () => {
  const { matrix, accounts } = cge.syntheticSam(12);
  const model = cge.calibrate(cge.sam(matrix, accounts), { ntb: { CU: 0.15, ROW: 0.05 } });

  it("reproduces levels of the 12-sector two-source model under a tariff and NTB shock to 1e-12", () => {
    const s = cge.solve(model, cge.scenario().tariff({ source: "ROW", to: 0.12 }).ntb({ source: "CU", cut: 0.25 }));
    const l = s.levels;
    expect(s.iterations).toBe(3);
    pinned.Z.forEach((v, i) => close(l.Z[i], v));
    pinned.pq.forEach((v, i) => close(l.pq[i], v));
    pinned.E.forEach((v, i) => close(l.E[i], v));
    pinned.MsCU.forEach((v, i) => close(l.Ms[0][i], v));
    pinned.MsROW.forEach((v, i) => close(l.Ms[1][i], v));
    pinned.pf.forEach((v, h) => close(l.pf[h][0], v));
    close(l.eps, pinned.eps);
    close(l.Td, pinned.Td);
    close(l.income, pinned.income);
  });
});
