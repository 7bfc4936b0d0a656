// The solver alone in a bare dedicated worker (bench/app.bench.ts, the pool section's peer): the
// same 12-sector two-source model and 256 scenarios as the pooled sweep, solved row by row with
// no kernel, pool, page or progress around it. Asked `{from, count}`, it solves `count`
// scenarios from `from` (cycling through the 256) and answers with the milliseconds they took.
import * as solvers from "../src/solvers/index";
import { randomDraws } from "../src/solvers/sweep";
import { sweepItems, sweepRow } from "../src/solvers/sweepCge";

const { cge } = solvers;
const { matrix, accounts } = cge.syntheticSam(12);
const model = cge.calibrate(cge.sam(matrix, accounts), { ntb: { CU: 0.15, ROW: 0.05 } });
const items = sweepItems(
  randomDraws(256, { sigma: { dist: "lognormal", median: 2, logSd: 0.3 }, sigmaSources: { dist: "lognormal", median: 4, logSd: 0.3 } }, { seed: 1 }).map((d) => ({
    ...d,
    policy: cge.scenario().tariff({ source: "ROW", to: 0.12 }).ntb({ source: "CU", cut: 0.25 }),
  })),
);

onmessage = (event: MessageEvent<{ from: number; count: number }>) => {
  const { from, count } = event.data;
  const started = performance.now();
  for (let k = 0; k < count; k++) sweepRow(model, items[(from + k) % items.length]!, k + 1);
  postMessage(performance.now() - started);
};
