/**
 * The solver pool (issue 13): a queue of solver tasks and up to `size` solver workers,
 * started lazily, each running one task at a time. A task whose signal aborts is dropped
 * from the queue, or, when running, its worker is terminated (only that one) and a fresh
 * worker takes the next task. Outcomes are values, never rejections.
 * No DOM and no platform: workers come from a `SpawnSolver` (workers/pool/browser.ts,
 * workers/pool/node.ts, or an in-process executor in tests).
 */
import { SolverError } from "../../src/solvers/errors";
import type { PoolFailure, SolverReply, SolverRequest, SolverTask } from "../protocol";
import type { PoolStats } from "../ts/cellSolvers";

/** A started solver worker, as the pool drives it. */
export interface SolverPort {
  post(request: SolverRequest, transfer?: Transferable[]): void;
  terminate(): void;
}

/** Starts a solver worker whose replies and crash go to `listener`. */
export type SpawnSolver = (listener: { message(reply: SolverReply): void; error(message: string): void }) => SolverPort;

/** What a job ends with. */
export type PoolOutcome = { ok: true; result: unknown } | { ok: false; failure: PoolFailure };

/** How a task is run: the model it needs, its cancellation signal, where its Newton steps go. */
export interface RunOptions {
  /** A large value (a calibrated model) the task names by `key`: sent once to each worker. */
  shared?: { key: number; value: unknown };
  signal?: AbortSignal;
  /** Hears Newton's steps; `index` is the scenario's number in a sweep batch. */
  onStep?: (iteration: number, residual: number, index?: number) => void;
}

/** Counters for tests, benchmarks and `solvers.pool.stats()` (declared with the cells' types). */
export type { PoolStats };

interface Job {
  id: number;
  task: SolverTask;
  options: RunOptions;
  finish: (outcome: PoolOutcome) => void;
  slot: Slot | null;
  dropAbort: () => void;
}

interface Slot {
  port: SolverPort;
  job: Job | null;
  models: Set<number>;
}

/** Most models a worker keeps; past this it is told to forget the others. */
const MODELS_PER_WORKER = 4;
/** The largest pool a notebook may ask for. */
export const MAX_POOL_SIZE = 16;

/** The default size: the machine's cores less one (the kernel's), at least 1, at most `cap`. */
export function defaultPoolSize(cores: number | undefined, cap = MAX_POOL_SIZE): number {
  return Math.max(1, Math.min(cap, (cores ?? 2) - 1));
}

/** A pool of solver workers; see the module comment. */
export class SolverPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly jobs = new Map<number, Job>();
  private limit: number;
  private nextJob = 1;
  private closed = false;
  private counts = { started: 0, terminated: 0, completed: 0 };

  constructor(private readonly spawn: SpawnSolver, size: number) {
    this.limit = checkedSize(size);
  }

  /** How many solver workers may run at once. */
  get size(): number {
    return this.limit;
  }

  /** Sets the size (a whole number from 1 to 16); idle workers beyond it are stopped. */
  set size(n: number) {
    this.limit = checkedSize(n);
    for (const slot of [...this.slots]) if (this.slots.length > this.limit && !slot.job) this.retire(slot);
    this.pump();
  }

  /** Queues `task`; resolves with its result or its failure (cancelled when `signal` aborts). */
  run(task: SolverTask, options: RunOptions = {}): Promise<PoolOutcome> {
    return new Promise((resolve) => {
      if (this.closed) return resolve({ ok: false, failure: { kind: "cancelled", message: "the solver pool is closed" } });
      if (options.signal?.aborted) return resolve({ ok: false, failure: { kind: "cancelled", message: "the cell moved on" } });
      const job: Job = { id: this.nextJob++, task, options, finish: resolve, slot: null, dropAbort: () => {} };
      const signal = options.signal;
      if (signal) {
        const abort = () => this.cancel(job);
        signal.addEventListener("abort", abort, { once: true });
        job.dropAbort = () => signal.removeEventListener("abort", abort);
      }
      this.jobs.set(job.id, job);
      this.queue.push(job);
      this.pump();
    });
  }

  /** Counters: workers alive and busy, jobs queued, workers started and terminated, jobs completed. */
  stats(): PoolStats {
    return { size: this.limit, workers: this.slots.length, busy: this.slots.filter((s) => s.job).length, queued: this.queue.length, ...this.counts };
  }

  /** Stops every worker; queued and running jobs end as cancelled. */
  close(): void {
    this.closed = true;
    for (const job of [...this.jobs.values()]) this.end(job, { ok: false, failure: { kind: "cancelled", message: "the solver pool is closed" } });
    for (const slot of [...this.slots]) this.retire(slot);
  }

  private cancel(job: Job): void {
    if (!this.jobs.has(job.id)) return;
    const slot = job.slot;
    // Terminating is the only way to stop a synchronous solve; only this job's worker goes.
    if (slot) this.retire(slot);
    this.end(job, { ok: false, failure: { kind: "cancelled", message: "the cell moved on" } });
    // Later: one abort cancels all of a cell's jobs in a row, and none of them may start meanwhile.
    queueMicrotask(() => this.pump());
  }

  private end(job: Job, outcome: PoolOutcome): void {
    if (!this.jobs.delete(job.id)) return;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    if (job.slot && job.slot.job === job) job.slot.job = null;
    job.slot = null;
    job.dropAbort();
    job.finish(outcome);
  }

  /** Hands queued jobs to idle workers, starting workers up to the size. */
  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.limit) return;
        slot = this.start();
      }
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    job.slot = slot;
    const request: SolverRequest = { type: "task", job: job.id, task: job.task };
    const shared = job.options.shared;
    if (shared && !slot.models.has(shared.key)) {
      const reset = slot.models.size >= MODELS_PER_WORKER;
      if (reset) slot.models.clear();
      slot.models.add(shared.key);
      request.shared = { key: shared.key, value: shared.value, reset };
    }
    try {
      slot.port.post(request);
    } catch (error) {
      // A value that cannot be cloned (a function in the options): the job fails, the worker stays.
      slot.models.delete(shared?.key ?? -1);
      this.end(job, { ok: false, failure: { kind: "exception", message: `cannot send the task to a solver worker: ${(error as Error).message}` } });
    }
  }

  private start(): Slot {
    const slot: Slot = { port: null as unknown as SolverPort, job: null, models: new Set() };
    slot.port = this.spawn({
      message: (reply) => this.onReply(slot, reply),
      error: (message) => {
        const job = slot.job;
        this.retire(slot);
        if (job) this.end(job, { ok: false, failure: { kind: "worker-failed", message: `a solver worker failed: ${message}` } });
        this.pump();
      },
    });
    this.slots.push(slot);
    this.counts.started++;
    return slot;
  }

  private retire(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    slot.port.terminate();
    this.counts.terminated++;
  }

  private onReply(slot: Slot, reply: SolverReply): void {
    const job = slot.job;
    if (!job || job.id !== reply.job) return;
    switch (reply.type) {
      case "step":
        job.options.onStep?.(reply.iteration, reply.residual, reply.index);
        return;
      case "done":
        this.counts.completed++;
        this.end(job, { ok: true, result: reply.result });
        break;
      case "failed":
        this.counts.completed++;
        this.end(job, { ok: false, failure: reply.failure });
        break;
      default: {
        const never: never = reply;
        void never;
        return;
      }
    }
    if (this.slots.length > this.limit) this.retire(slot);
    this.pump();
  }
}

function checkedSize(n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_POOL_SIZE) {
    throw new SolverError({ kind: "bad-input", argument: "size", message: `pool size must be a whole number from 1 to ${MAX_POOL_SIZE}, got ${String(n)}` });
  }
  return n;
}
