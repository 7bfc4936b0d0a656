// Issue 17, property: a random valid scenario either returns a solution that satisfies every
// published equation within `acceptance`, with every price positive, or fails with a named
// error; a NaN never leaves the solver. Seeded, so a failure reproduces.
import { describe, expect, it } from "vitest";
import { calibrate } from "./calibrate";
import { acceptance } from "./domain";
import { sam } from "./sam";
import { scenario } from "./scenario";
import { trySolve } from "./solve";
import { mulberry32, syntheticSam } from "./synthetic";

const namedKinds = ["not-converged", "singular-jacobian", "outside-domain"];

describe("random valid scenarios on a 6-sector, two-source synthetic economy", () => {
  const { matrix, accounts } = syntheticSam(6, { sources: ["CU", "ROW"], seed: 11 });
  const s = sam(matrix, accounts);
  const rnd = mulberry32(2024);
  const pick = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const cases = Array.from({ length: 40 }, (_, k) => ({
    k,
    sigma: Math.round(pick(0.2, 12) * 100) / 100,
    psi: Math.round(pick(0.2, 12) * 100) / 100,
    tariff: Math.round(pick(-0.6, 3) * 100) / 100,
    source: rnd() < 0.5 ? "CU" : "ROW",
    worldPrice: Math.round(pick(0.5, 2) * 100) / 100,
    cut: Math.round(rnd() * 100) / 100,
  }));

  it("each returns residuals under acceptance and positive prices, or a named error (never NaN)", () => {
    let solved = 0;
    for (const c of cases) {
      const m = calibrate(s, { sigma: c.sigma, psi: c.psi });
      const policy = scenario().tariff({ source: c.source, to: c.tariff }).worldPrice({ side: "imports", scale: c.worldPrice })
        .ntb({ cut: c.cut });
      const r = trySolve(m, policy);
      if (r.ok) {
        solved++;
        expect(Math.abs(r.solution.worstPublished.relative), `case ${c.k}`).toBeLessThanOrEqual(acceptance);
        for (const p of [...r.solution.levels.pq, ...r.solution.levels.pd, ...r.solution.levels.PM]) expect(p).toBeGreaterThan(0);
        expect(Object.values(r.solution.levels).flat(2).every((v) => typeof v !== "number" || !Number.isNaN(v))).toBe(true);
      } else {
        expect(namedKinds, `case ${c.k}: ${r.error.message}`).toContain(r.error.kind);
        expect(r.error.message.length).toBeGreaterThan(20);
        expect(JSON.stringify(r.error)).not.toContain("NaN");
      }
    }
    // most of these scenarios are ordinary; the property would be empty if none solved
    expect(solved).toBeGreaterThan(cases.length / 2);
  });
});
