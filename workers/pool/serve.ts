/**
 * The solver worker's side of the pool: runs one task at a time, synchronously, and posts
 * its Newton steps and its result or failure. The same handler serves a browser worker, a
 * worker thread in Node and the in-process executor the tests use.
 */
import * as solvers from "../../src/solvers/index";
import { trySolve } from "../../src/solvers/cge/solve";
import type { CgeModel } from "../../src/solvers/cge/model";
import { sweepRow } from "../../src/solvers/sweepCge";
import { decode, encode } from "./codec";
import type { PoolFailure, PooledFunction, SolverReply, SolverRequest, SolverTask } from "../protocol";

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
    const step = (iteration: number, residual: number) => reply({ type: "step", job, iteration, residual });
    try {
      const transfer: Transferable[] = [];
      const result = run(task, model, step, transfer);
      reply({ type: "done", job, result }, transfer);
    } catch (thrown) {
      reply({ type: "failed", job, failure: failureOf(thrown) });
    }
  };
}

function run(task: SolverTask, model: (key: number) => CgeModel, step: (i: number, r: number) => void, transfer: Transferable[]): unknown {
  switch (task.kind) {
    case "cge-solve": {
      const outcome = trySolve(model(task.model), task.policy, { ...task.options, ...(task.steps ? { onProgress: step } : {}) } as Parameters<typeof trySolve>[2]);
      if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { name: "CgeError", info: outcome.error });
      // The model stays behind: the caller has it and puts it back.
      const { model: _model, ...solution } = outcome.solution;
      return solution;
    }
    case "cge-sweep":
      return sweepRow(model(task.model), task.item, task.index, task.options as Parameters<typeof sweepRow>[3], task.steps ? step : undefined);
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
