import { describe, expect, test } from "vitest";
import { isFormatError, parse } from "../notebook/format";
import type { NotebookDoc } from "../notebook/document";
import { runNotebook } from "./run";

function doc(cells: [string, string][]): NotebookDoc {
  const text = `// caravan: 1\n// title: fixture\n\n${cells.map(([id, source]) => `// %% [code id=${id}]\n${source}\n`).join("\n")}\n// %% end\n`;
  const parsed = parse(text);
  if (isFormatError(parsed)) throw new Error(parsed.message);
  return parsed;
}

describe("the headless runner and the solver pool", () => {
  test("pooled solves and sweeps run in worker threads, with the same numbers as in process, failures on their rows", async () => {
    const run = await runNotebook(
      doc([
        ["model", "const s = solvers.cge.syntheticSam(4);\nconst model = solvers.cge.calibrate(solvers.cge.sam(s.matrix, s.accounts))"],
        ["policy", "const policy = solvers.cge.scenario().tariff({ source: \"ROW\", scale: 0 })"],
        ["pooled", "const pooled = await solvers.cge.solve(model, policy)"],
        ["same", "pooled.levels.Xp.join() === solvers.cge.solveSync(model, policy).levels.Xp.join()"],
        ["sweep", "const sweep = await solvers.cge.sweep(model, [{ policy }, { sigma: -1, policy }, { name: 'base' }])\nsweep.array(\"ok\").join()"],
        ["stats", "sweep.numRows() > 0 && solvers.pool.stats().started > 0 && solvers.pool.stats().completed"],
      ]),
      { timeoutMs: 60_000 },
    );
    const out = Object.fromEntries(run.cells.map((c) => [c.id, c.output]));
    expect(run.failure).toBeUndefined();
    expect(out.same).toBe("true");
    expect(out.sweep).toBe("true,false,true");
    expect(out.stats).toBe("4");
  }, 120_000);
});
