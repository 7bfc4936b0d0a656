/**
 * The `solvers` builtin as a cell sees it (issue 13): the pure solvers, plus what runs in
 * the solver pool: `await solvers.cge.solve(model, policy)`, `await solvers.cge.sweep(model,
 * scenarios)`, `await solvers.pool.gsim(…)`, and the sweep helpers (grids, seeded draws,
 * quantiles). Made once per cell run from the run's scope, so that the cell's pooled work is
 * cancelled when it moves on (re-run, deleted, stopped) and its progress shows on it.
 * `solvers.cge.solveSync` and `solvers.cge.sweepSync` stay in this thread.
 */
import type { ColumnTable } from "arquero";
import type { CellScope } from "../../src/kernel/types";
import type * as Solvers from "../../src/solvers/index";
import { CgeError, badOption, type CgeErrorInfo } from "../../src/solvers/cge/errors";
import type { CgeModel } from "../../src/solvers/cge/model";
import { checkSolveOptions } from "../../src/solvers/cge/options";
import type { ScenarioData } from "../../src/solvers/cge/scenario";
import type { Solution, SolveOptions } from "../../src/solvers/cge/solve";
import { SolverError, type SolverErrorInfo } from "../../src/solvers/errors";
import { quantileName, quantileSummary, quantiles, randomDraws, scenarioGrid, seededRandom } from "../../src/solvers/sweep";
import { failedSweepRow, sweepItems, sweepRow, sweepTable, withElasticities, type SweepItem, type SweepRow, type SweepSolveOptions } from "../../src/solvers/sweepCge";
import type { PoolFailure, PooledFunction, PooledSolveOptions, SweepBatch } from "../protocol";
import { nextBatchSize } from "./batches";
import { decode, encode } from "./codec";
import type { SolverPool } from "./pool";

/** How often a sweep may update its cell's progress bar. */
const PROGRESS_EVERY_MS = 250;

/** The thrown form of a pool failure: a solver's own error class for solver failures. */
export function failureError(failure: PoolFailure): Error {
  switch (failure.kind) {
    case "solver":
      return failure.name === "CgeError" ? new CgeError(failure.info as CgeErrorInfo) : new SolverError(failure.info as SolverErrorInfo);
    case "exception":
      return new Error(failure.message);
    case "cancelled":
    case "worker-failed":
      return Object.assign(new Error(failure.message), { name: "PoolError", kind: failure.kind, info: failure });
    default: {
      const never: never = failure;
      return new Error(String(never));
    }
  }
}

// Models are named by a key so that each solver worker receives one only once.
const modelKeys = new WeakMap<object, number>();
let nextModelKey = 1;
function modelKey(m: object): number {
  let key = modelKeys.get(m);
  if (key === undefined) modelKeys.set(m, (key = nextModelKey++));
  return key;
}

function checkModel(m: unknown): CgeModel {
  if (typeof m !== "object" || m === null || (m as CgeModel).kind !== "cge-model") badOption("model", m, "expected a model from cge.calibrate");
  return m as CgeModel;
}

function plainPolicy(s: unknown): ScenarioData {
  if (s === undefined) return { shocks: [], phasing: null, closureOptions: null };
  const p = s as ScenarioData;
  if (typeof p !== "object" || p === null || !Array.isArray(p.shocks)) badOption("policy", s, "expected a cge.scenario()");
  return { shocks: p.shocks.map((shock) => ({ ...shock })), phasing: p.phasing ?? null, closureOptions: p.closureOptions ?? null };
}

/** Top-level function-valued options dropped (callbacks cannot reach a solver worker). */
function withoutCallbacks(arg: unknown): unknown {
  if (typeof arg !== "object" || arg === null || Array.isArray(arg) || Object.getPrototypeOf(arg) !== Object.prototype) return arg;
  return Object.fromEntries(Object.entries(arg).filter(([, v]) => typeof v !== "function"));
}

/** A row for a scenario the pool could not run (its worker died): the error on its row. */
function failedRow(m: CgeModel, item: SweepItem, index: number, failure: PoolFailure): SweepRow {
  return failure.kind === "solver" ? failedSweepRow(m, item, index, failure.info.message, failure.info.kind) : failedSweepRow(m, item, index, failure.message, failure.kind);
}

/** A progress reporter for a sweep of `n` scenarios: throttled, and always once at the end. */
function sweepProgress(scope: CellScope | undefined, n: number) {
  let last = 0;
  let done = 0;
  let step = "";
  const report = (force: boolean) => {
    const now = Date.now();
    if (!scope || (!force && now - last < PROGRESS_EVERY_MS)) return;
    last = now;
    scope.progress(done / n, `${done} of ${n} scenarios${step && done < n ? `; ${step}` : ""}`);
  };
  return {
    step(index: number, iteration: number) {
      step = `scenario ${index}: Newton step ${iteration}`;
      report(false);
    },
    done(count: number) {
      done += count;
      report(done === n);
    },
  };
}

/**
 * The `solvers` namespace for one cell run (`scope`), or for imports (`caravan/solvers`, no
 * scope: no cancellation, no progress bar). `base` is src/solvers/index.
 */
export function cellSolvers(base: typeof Solvers, pool: SolverPool, scope?: CellScope): Record<string, unknown> {
  // Made with the run, so that it has aborted by the time anything runs after the run ended.
  const controller = scope ? new AbortController() : null;
  if (scope && controller) void scope.invalidation.then(() => controller.abort());
  const signal = (): AbortSignal | undefined => controller?.signal;
  /**
   * `fn`, whose promise tells the kernel, as it settles, that the calling cell's code runs next: what
   * follows the cell's `await` is then blamed on it if it never yields (it was blamed on whichever
   * cell last had a timer run).
   */
  const announcing = <A extends unknown[], R>(fn: (...args: A) => Promise<R>): ((...args: A) => Promise<R>) => {
    const announce = scope?.announce;
    if (!announce) return fn;
    const wrapped = (...args: A): Promise<R> =>
      fn(...args).then(
        (value) => (announce(), value),
        (error: unknown) => {
          announce();
          throw error;
        },
      );
    return Object.defineProperty(wrapped, "name", { value: fn.name });
  };

  /** Solves in a solver worker; the same result as `cge.solve`, as a promise. */
  async function solve(model: CgeModel, policy?: ScenarioData, options: SolveOptions = {}): Promise<Solution> {
    const m = checkModel(model);
    checkSolveOptions(options);
    const { onProgress, ...rest } = options;
    const key = modelKey(m);
    const outcome = await pool.run(
      { kind: "cge-solve", model: key, policy: plainPolicy(policy), options: rest as PooledSolveOptions, steps: onProgress !== undefined },
      { shared: { key, value: m }, signal: signal(), onStep: onProgress },
    );
    if (!outcome.ok) throw failureError(outcome.failure);
    return { ...(outcome.result as Omit<Solution, "model">), model: m };
  }

  /**
   * Solves every scenario in the pool, in parallel; resolves with an Arquero table, one row
   * per scenario in the scenarios' order (see src/solvers/sweepCge.ts). A scenario that fails
   * is reported on its row; the others complete. Progress shows on the calling cell.
   * Scenarios go out in batches, one lane per worker (workers/pool/batches.ts); the model
   * goes to each worker once.
   */
  async function sweep(model: CgeModel, scenarios: Parameters<typeof sweepItems>[0], options: Pick<SolveOptions, "tolerance" | "maxIterations" | "continuation"> = {}) {
    const m = checkModel(model);
    checkSolveOptions(options);
    const items = sweepItems(scenarios);
    const key = modelKey(m);
    const rows: SweepRow[] = new Array(items.length);
    const progress = sweepProgress(scope, items.length);
    const abort = signal();
    const lanes = Math.min(pool.size, items.length);
    let next = 0;
    let solverMs = 0;
    let solved = 0;
    const batch = async (start: number, end: number): Promise<void> => {
      const outcome = await pool.run(
        { kind: "cge-sweep", model: key, items: items.slice(start, end), first: start + 1, options: options as PooledSolveOptions, steps: scope !== undefined },
        { shared: { key, value: m }, signal: abort, onStep: scope ? (iteration, _residual, index) => progress.step(index ?? start + 1, iteration) : undefined },
      );
      if (outcome.ok) {
        const result = outcome.result as SweepBatch;
        result.rows.forEach((row, k) => (rows[start + k] = row));
        solverMs += result.ms;
        solved += result.rows.length;
        progress.done(result.rows.length);
        return;
      }
      if (outcome.failure.kind === "cancelled") throw failureError(outcome.failure);
      if (outcome.failure.kind === "worker-failed" && end - start > 1) {
        // Which scenario took the worker down is unknown: run the batch again one by one, so only its row fails.
        for (let k = start; k < end; k++) await batch(k, k + 1);
        return;
      }
      for (let k = start; k < end; k++) rows[k] = failedRow(m, items[k]!, k + 1, outcome.failure);
      progress.done(end - start);
    };
    const lane = async () => {
      while (next < items.length) {
        const start = next;
        next += nextBatchSize(items.length - start, lanes, solved > 0 ? solverMs / solved : null);
        await batch(start, next);
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    return sweepTable(rows);
  }

  const call = (fn: PooledFunction) =>
    announcing(async (...args: unknown[]) => {
      const outcome = await pool.run({ kind: "call", fn, args: encode(args.map(withoutCallbacks)) as unknown[] }, { signal: signal() });
      if (!outcome.ok) throw failureError(outcome.failure);
      return decode(outcome.result);
    });

  /**
   * The sweep in this thread (src/solvers/sweepCge.ts `sweepSync`, the same rows), reporting on the
   * cell's progress bar as the pooled sweep does: a long one then shows as computing, and the page
   * does not take the busy kernel for a stuck one.
   */
  const sweepSync = (m: CgeModel, scenarios: readonly unknown[] | ColumnTable, options: SweepSolveOptions = {}): ColumnTable => {
    const items = sweepItems(scenarios);
    const progress = sweepProgress(scope, items.length);
    const rows = items.map((item, k) => {
      const row = sweepRow(m, item, k + 1, options, scope ? (iteration) => progress.step(k + 1, iteration) : undefined);
      progress.done(1);
      return row;
    });
    return sweepTable(rows);
  };

  const cge = Object.freeze({ ...base.cge, solve: announcing(solve), solveSync: base.cge.solve, sweep: announcing(sweep), sweepSync, withElasticities });
  const poolApi = Object.freeze({
    /** How many solver workers may run at once (settable: `solvers.pool.size = 2`). */
    get size() {
      return pool.size;
    },
    set size(n: number) {
      pool.size = n;
    },
    /** Workers alive and busy, jobs queued, workers started and terminated, jobs completed. */
    stats: () => pool.stats(),
    gsim: call("gsim"),
    gsimMarkets: call("gsimMarkets"),
    smart: call("smart"),
    projectImportShares: call("projectImportShares"),
    importPriceShocks: call("importPriceShocks"),
  });
  return Object.freeze({
    ...base,
    cge,
    pool: poolApi,
    /** `solvers.configure({workers: 2})`: the pool's size. */
    configure(options: { workers?: number } = {}) {
      if (typeof options !== "object" || options === null) throw new SolverError({ kind: "bad-input", argument: "options", message: "configure expects {workers}" });
      for (const name of Object.keys(options)) if (name !== "workers") throw new SolverError({ kind: "bad-input", argument: name, message: `unknown option ${name} (expected workers)` });
      if (options.workers !== undefined) pool.size = options.workers;
      return { workers: pool.size };
    },
    scenarioGrid,
    randomDraws,
    seededRandom,
    quantiles,
    quantileName,
    quantileSummary,
  });
}
