// What a warm core evaluation allocates. A sweep evaluates the core system a few dozen times per
// scenario; each evaluation used to allocate ~65 KB (arrays and closures made afresh, numbers boxed
// between functions), and with two pool workers in one browser renderer their scavenges shared one
// GC thread pool. Now an evaluation fills a workspace and the gradient arena, and passes no
// fractional number to a call V8 may not inline (see workspace.ts and `make`, `operand` in dual.ts):
// ~1 KB. This guards that against edits that bring the allocations back (e.g. `scale` or `pow`
// growing past the size V8 always inlines).
import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { calibrate } from "./calibrate";
import { fixValues, layout } from "./closures";
import { sam } from "./sam";
import { applyShocks, scenario } from "./scenario";
import { coreProblem, unknownsFrom } from "./solve";
import { syntheticSam } from "./synthetic";

/** Bytes in use in V8's young generation (null where the space is not reported under that name). */
function young(): number | null {
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
  return space ? space.space_used_size : null;
}

describe("allocation", () => {
  it("a warm Jacobian or residual evaluation of the 12-sector two-source model allocates under 4 KB", () => {
    // The measure needs V8's young generation by its name; a Node without it must fail here, not pass.
    expect(young(), "V8 reports no new_space: this Node cannot measure allocation").not.toBeNull();
    const { matrix, accounts } = syntheticSam(12);
    const m = calibrate(sam(matrix, accounts), { ntb: { CU: 0.15, ROW: 0.05 } });
    const shocks = scenario().tariff({ source: "ROW", to: 0.12 }).ntb({ source: "CU", cut: 0.25 }).shocks;
    const L = layout(m, m.closure);
    const p = coreProblem(m, fixValues(m, m.closure, applyShocks(m, m.exo, shocks)), L);
    const z = unknownsFrom(L, m.base).map((v) => v * 1.01);
    // Rounds until the optimised code is in (compiled in the background): the least per evaluation of
    // any round that no scavenge interrupted.
    let least = Infinity;
    for (let round = 0; round < 60 && least >= 4096; round++) {
      for (let k = 0; k < 100; k++) {
        p.jacobian(z);
        p.residual(z);
      }
      const before = young()!;
      for (let k = 0; k < 50; k++) {
        p.jacobian(z);
        p.residual(z);
      }
      const after = young()!;
      if (after >= before) least = Math.min(least, (after - before) / 100);
    }
    expect(least).toBeLessThan(4096);
  });
});
