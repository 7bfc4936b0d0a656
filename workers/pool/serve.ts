/**
 * The solver worker's side of the pool: runs one task at a time (a solve, a batch of a
 * sweep's scenarios, a trade solver), synchronously, and posts its Newton steps and its
 * result or failure. The same handler serves a browser worker, a
 * worker thread in Node and the in-process executor the tests use.
 */
import * as solvers from "../../src/solvers/index";
import { trySolve } from "../../src/solvers/cge/solve";
import type { CgeModel } from "../../src/solvers/cge/model";
import { failedSweepRow, sweepRow } from "../../src/solvers/sweepCge";
import { decode, encode } from "./codec";
import { STEP_EVERY_MS, type PoolFailure, type PooledFunction, type SolverReply, type SolverRequest, type SolverTask, type SweepBatch } from "../protocol";

/** Where a solver worker's replies go (its `postMessage`, bound). */
export type ReplyPort = (reply: SolverReply, transfer?: Transferable[]) => void;

const FUNCTIONS: Record<PooledFunction, (...args: never[]) => unknown> = {
  gsim: solvers.gsim,
  gsimMarkets: solvers.gsimMarkets,
  smart: solvers.smart,
  projectImportShares: solvers.projectImportShares,
  importPriceShocks: solvers.importPriceShocks,
};

/** The failure a thrown value stands for: a solver's own error keeps its data. */
export function failureOf(thrown: unknown): PoolFailure {
  const e = thrown as { name?: unknown; info?: unknown; message?: unknown } | null;
  if (typeof e === "object" && e !== null && (e.name === "SolverError" || e.name === "CgeError") && typeof e.info === "object" && e.info !== null) {
    return { kind: "solver", name: e.name, info: e.info as { kind: string; message: string } };
  }
  return { kind: "exception", message: typeof e?.message === "string" ? e.message : String(thrown) };
}

/** A handler for solver requests that replies through `reply`; it keeps the models it was sent. */
export function solverHandler(reply: ReplyPort): (request: SolverRequest) => void {
  const models = new Map<number, unknown>();
  const model = (key: number): CgeModel => {
    const m = models.get(key);
    if (!m) throw new Error(`solver worker: model ${key} was never sent`);
    return m as CgeModel;
  };
  return (request) => {
    if (request?.type !== "task") return;
    const { job, task, shared } = request;
    if (shared) {
      if (shared.reset) models.clear();
      models.set(shared.key, shared.value);
    }
    const step = (iteration: number, residual: number, index?: number) => reply({ type: "step", job, iteration, residual, ...(index !== undefined ? { index } : {}) });
    try {
      const transfer: Transferable[] = [];
      const result = run(task, model, step, transfer);
      reply({ type: "done", job, result }, transfer);
    } catch (thrown) {
      reply({ type: "failed", job, failure: failureOf(thrown) });
    }
  };
}

type Step = (iteration: number, residual: number, index?: number) => void;

/**
 * Solves a batch of a sweep's scenarios, one row each, in order. A scenario that throws
 * (beyond the CGE errors its row already carries) fails on its own row, not the batch.
 * Steps go out at most every STEP_EVERY_MS: at the kernel they only feed a progress label.
 */
function sweepBatch(task: Extract<SolverTask, { kind: "cge-sweep" }>, m: CgeModel, step: Step): SweepBatch {
  const started = performance.now();
  let reported = -Infinity;
  const rows = task.items.map((item, k) => {
    const index = task.first + k;
    const onStep = task.steps
      ? (iteration: number, residual: number) => {
          const now = performance.now();
          if (now - reported < STEP_EVERY_MS) return;
          reported = now;
          step(iteration, residual, index);
        }
      : undefined;
    try {
      return sweepRow(m, item, index, task.options as Parameters<typeof sweepRow>[3], onStep);
    } catch (thrown) {
      const failure = failureOf(thrown);
      return failure.kind === "solver" ? failedSweepRow(m, item, index, failure.info.message, failure.info.kind) : failedSweepRow(m, item, index, failure.message, failure.kind);
    }
  });
  return { rows, ms: performance.now() - started };
}

function run(task: SolverTask, model: (key: number) => CgeModel, step: Step, transfer: Transferable[]): unknown {
  switch (task.kind) {
    case "cge-solve": {
      const outcome = trySolve(model(task.model), task.policy, { ...task.options, ...(task.steps ? { onProgress: step } : {}) } as Parameters<typeof trySolve>[2]);
      if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { name: "CgeError", info: outcome.error });
      // The model stays behind: the caller has it and puts it back.
      const { model: _model, ...solution } = outcome.solution;
      return solution;
    }
    case "cge-sweep":
      return sweepBatch(task, model(task.model), step);
    case "call": {
      const fn = FUNCTIONS[task.fn];
      if (!fn) throw new Error(`solver worker: no pooled function ${String(task.fn)}`);
      return encode((fn as (...args: unknown[]) => unknown)(...(decode(task.args) as unknown[])), transfer);
    }
    default: {
      const never: never = task;
      throw new Error(`solver worker: unknown task ${JSON.stringify(never)}`);
    }
  }
}
