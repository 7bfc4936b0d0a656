// Solver pool (issue 13), Node (worker_threads): a 256-scenario sweep of the 12-sector two-source
// model with 1 worker and with 2, as a speedup beside the core count (goal ≥ 1.6× on 2 cores), and
// the overhead of one dispatched textbook solve over the same solve in process (goal ≤ 1 ms).
// The Chromium figures (heartbeat during a sweep, Stop during a sweep) come from test/e2e/pool.test.ts.
import { availableParallelism } from "node:os";
import * as solvers from "../src/solvers/index";
import { syntheticSam } from "../src/solvers/cge/synthetic";
import { stdcgeSam } from "../src/solvers/cge/fixtures.test-util";
import { cellSolvers } from "../workers/pool/api";
import { nodePool } from "../workers/pool/node";

const { cge } = solvers;
const { matrix, accounts } = syntheticSam(12);
const model = cge.calibrate(cge.sam(matrix, accounts), { ntb: { CU: 0.15, ROW: 0.05 } });
const draws = (await import("../src/solvers/sweep")).randomDraws(256, { sigma: { dist: "lognormal", median: 2, logSd: 0.3 }, sigmaSources: { dist: "lognormal", median: 4, logSd: 0.3 } }, { seed: 1 });
const items = draws.map((d) => ({ ...d, policy: cge.scenario().tariff({ source: "ROW", to: 0.12 }).ntb({ source: "CU", cut: 0.25 }) }));
type Pooled = { cge: { sweep: (m: unknown, s: unknown) => Promise<unknown>; solve: (m: unknown, p: unknown) => Promise<unknown> } };

async function sweepMs(size: number): Promise<number> {
  const pool = nodePool(size);
  const s = cellSolvers(solvers, pool) as unknown as Pooled;
  await s.cge.sweep(model, items.slice(0, size * 4)); // start and warm every worker
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    await s.cge.sweep(model, items);
    times.push(performance.now() - t);
  }
  pool.close();
  return times.sort((a, b) => a - b)[1]!;
}

const one = await sweepMs(1);
const two = await sweepMs(2);
console.log(`256-scenario sweep, 12 sectors × 2 sources: 1 worker ${one.toFixed(0)} ms, 2 workers ${two.toFixed(0)} ms; speedup ${(one / two).toFixed(2)}× on ${availableParallelism()} cores (goal ≥ 1.6× on 2 cores)`);

const textbook = cge.calibrate(stdcgeSam());
const shock = cge.scenario().tariff({ scale: 0 });
const pool = nodePool(1);
const s = cellSolvers(solvers, pool) as unknown as Pooled;
for (let k = 0; k < 50; k++) await s.cge.solve(textbook, shock);
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
const dispatched: number[] = [];
const local: number[] = [];
for (let k = 0; k < 200; k++) {
  let t = performance.now();
  await s.cge.solve(textbook, shock);
  dispatched.push(performance.now() - t);
  t = performance.now();
  cge.solve(textbook, shock);
  local.push(performance.now() - t);
}
pool.close();
console.log(`textbook solve: dispatched ${median(dispatched).toFixed(3)} ms, in process ${median(local).toFixed(3)} ms; overhead ${(median(dispatched) - median(local)).toFixed(3)} ms (goal ≤ 1 ms; medians of 200)`);
