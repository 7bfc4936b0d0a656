/**
 * The solver pool (issue 13): a sweep gives the serial numbers in scenario order, in process
 * and in real worker threads, in batches sized by the solver's speed; cancelling stops only
 * the workers running the cell's solves; a failing scenario, or a dying worker, stays on its row.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as solvers from "../../src/solvers/index";
import { syntheticSam } from "../../src/solvers/cge/synthetic";
import type { CellScope } from "../../src/kernel/types";
import { cellSolvers } from "./api";
import { sweepSync, withElasticities } from "../../src/solvers/sweepCge";
import { inProcessSpawner } from "./inprocess";
import { nodePool } from "./node";
import { SolverPool, defaultPoolSize, type SpawnSolver } from "./pool";
import type { SweepBatch } from "../protocol";

const { cge } = solvers;
type Pooled = { cge: typeof cge & { sweep: Function; solve: Function; sweepSync: typeof solvers.cge.solve }; pool: { size: number; stats(): ReturnType<SolverPool["stats"]>; gsim: Function } };

const pools: SolverPool[] = [];
afterEach(() => pools.splice(0).forEach((p) => p.close()));
const track = (p: SolverPool) => (pools.push(p), p);

function model12() {
  const { matrix, accounts } = syntheticSam(12);
  return cge.calibrate(cge.sam(matrix, accounts), { ntb: { CU: 0.15, ROW: 0.05 } });
}

function scenarios(_m: ReturnType<typeof model12>, n: number) {
  return Array.from({ length: n }, (_, k) => ({
    draw: k + 1,
    sigma: 1.5 + (k % 5) * 0.5,
    policy: cge.scenario().tariff({ source: "ROW", to: 0.05 + 0.01 * k }).ntb({ source: "CU", cut: 0.25 }),
  }));
}

/** Workers whose sweep batches say each scenario took 1 ms: batch sizes that do not depend on this machine's load. */
function steadyClock(spawn: SpawnSolver): SpawnSolver {
  return (listener) =>
    spawn({
      ...listener,
      message: (reply) => {
        if (reply.type === "done" && Array.isArray((reply.result as SweepBatch | null)?.rows)) (reply.result as SweepBatch).ms = (reply.result as SweepBatch).rows.length;
        listener.message(reply);
      },
    });
}

/** A scope whose run ends when the test says so. */
function scope(): CellScope & { end(): void; reports: [number, string | undefined][] } {
  let end!: () => void;
  const invalidation = new Promise<void>((resolve) => (end = resolve));
  const reports: [number, string | undefined][] = [];
  return { cell: "c", invalidation, progress: (f, l) => reports.push([f, l]), end, reports };
}

describe("a sweep in the pool", () => {
  it("gives the serial numbers, one row per scenario in scenario order (in-process executor, 3 workers)", async () => {
    const m = model12();
    const pool = track(new SolverPool(inProcessSpawner(), 3));
    const s = cellSolvers(solvers, pool) as unknown as Pooled;
    const items = scenarios(m, 12);
    const pooled = await s.cge.sweep(m, items);
    expect(pooled.objects()).toEqual(sweepSync(m, items).objects());
    expect(pooled.array("scenario")).toEqual(items.map((_, k) => k + 1));
    expect(pool.stats().started).toBe(3);
  });

  it("gives the serial numbers in real worker threads, and a solve equals the in-process solve", async () => {
    const m = model12();
    const pool = track(nodePool(2));
    const s = cellSolvers(solvers, pool) as unknown as Pooled;
    const items = scenarios(m, 8);
    const pooled = (await s.cge.sweep(m, items)).objects() as Record<string, unknown>[];
    const serial = items.map((item) => {
      const solved = cge.solve(withElasticities(m, { sigma: item.sigma }), item.policy);
      return cge.indicators(solved.model, solved.levels).ev;
    });
    expect(pooled.map((r) => r.ev)).toEqual(serial);
    expect(pooled.map((r) => r.draw)).toEqual(items.map((i) => i.draw));
    const policy = items[3]!.policy;
    const solved = await s.cge.solve(m, policy);
    const direct = cge.solve(m, policy);
    expect(solved.levels).toEqual(direct.levels);
    expect(solved.model).toBe(m);
    expect(pool.stats()).toMatchObject({ size: 2, started: 2, terminated: 0 });
  }, 60_000);

  it("a failing scenario stays on its row and the rest complete", async () => {
    const m = model12();
    const pool = track(new SolverPool(inProcessSpawner(), 2));
    const s = cellSolvers(solvers, pool) as unknown as Pooled;
    const rows = (await s.cge.sweep(m, [{ name: "a" }, { name: "bad", psi: -1 }, { name: "c", policy: cge.scenario().tariff({ scale: 0 }) }])).objects() as Record<string, unknown>[];
    expect(rows.map((r) => [r.name, r.ok])).toEqual([["a", true], ["bad", false], ["c", true]]);
    expect(rows[1]!.error).toMatch(/psi/);
  });

  it("a scenario whose worker dies is reported on its row; the pool starts another worker for the rest", async () => {
    const m = model12();
    const inner = inProcessSpawner();
    let spawned = 0;
    // The first worker dies on its first task; the others behave.
    const spawn: SpawnSolver = (listener) => {
      const port = inner(listener);
      const dies = spawned++ === 0;
      return { post: (request) => (dies ? setTimeout(() => listener.error("out of memory"), 0) : port.post(request)), terminate: () => port.terminate() };
    };
    const pool = track(new SolverPool(spawn, 1));
    const s = cellSolvers(solvers, pool) as unknown as Pooled;
    const rows = (await s.cge.sweep(m, scenarios(m, 3))).objects() as Record<string, unknown>[];
    expect(rows.map((r) => r.ok)).toEqual([false, true, true]);
    expect(rows[0]).toMatchObject({ scenario: 1, error_kind: "worker-failed", error: "a solver worker failed: out of memory", ev: null });
    expect(pool.stats()).toMatchObject({ started: 2, terminated: 1 });
  });

  it("goes out in batches sized by the solver's speed, shrinking towards the end; the same rows in the same order", async () => {
    const m = model12();
    const inner = steadyClock(inProcessSpawner());
    const sizes: number[] = [];
    const spawn: SpawnSolver = (listener) => {
      const port = inner(listener);
      return { post: (request) => (request.task.kind === "cge-sweep" && sizes.push(request.task.items.length), port.post(request)), terminate: () => port.terminate() };
    };
    const pool = track(new SolverPool(spawn, 2));
    const s = cellSolvers(solvers, pool) as unknown as Pooled;
    const items = scenarios(m, 40);
    const pooled = await s.cge.sweep(m, items);
    expect(pooled.objects()).toEqual(sweepSync(m, items).objects());
    // One scenario per lane while the speed is unknown, then a quarter of what is left (two lanes), capped by 50 ms of work.
    expect(sizes).toEqual([1, 1, 10, 7, 6, 4, 3, 2, 2, 1, 1, 1, 1]);
    expect(pool.stats().completed).toBe(sizes.length);
  });

  it("a worker dying in a batch of several fails only the scenario that took it down", async () => {
    const m = model12();
    const inner = steadyClock(inProcessSpawner());
    // Any worker handed the scenario named "poison" dies.
    const spawn: SpawnSolver = (listener) => {
      const port = inner(listener);
      return {
        post: (request) => {
          const task = request.task;
          if (task.kind === "cge-sweep" && task.items.some((item) => item.labels.name === "poison")) setTimeout(() => listener.error("out of memory"), 0);
          else port.post(request);
        },
        terminate: () => port.terminate(),
      };
    };
    const pool = track(new SolverPool(spawn, 1));
    const s = cellSolvers(solvers, pool) as unknown as Pooled;
    const items = scenarios(m, 12).map((item, k) => ({ ...item, name: k === 4 ? "poison" : `s${k + 1}` }));
    const rows = (await s.cge.sweep(m, items)).objects() as Record<string, unknown>[];
    expect(rows.map((r) => r.ok)).toEqual(items.map((_, k) => k !== 4));
    expect(rows[4]).toMatchObject({ scenario: 5, name: "poison", error_kind: "worker-failed", ev: null });
    const good = rows.filter((r) => r.ok);
    expect(good).toEqual((sweepSync(m, items).objects() as Record<string, unknown>[]).filter((r) => r.name !== "poison"));
    // It died in a batch with others, then again on its own: two workers lost.
    expect(pool.stats().terminated).toBe(2);
  });

  it("reports Newton steps of a batch at most every 100 ms, with the scenario's number", async () => {
    const m = model12();
    const inner = inProcessSpawner();
    const steps: { job: number; index?: number }[] = [];
    const spawn: SpawnSolver = (listener) => inner({ ...listener, message: (reply) => (reply.type === "step" && steps.push(reply), listener.message(reply)) });
    const pool = track(new SolverPool(spawn, 1));
    const sc = scope();
    const s = cellSolvers(solvers, pool, sc) as unknown as Pooled;
    const started = performance.now();
    const table = await s.cge.sweep(m, scenarios(m, 30));
    const elapsed = performance.now() - started;
    const iterations = (table.array("iterations") as number[]).reduce((a, b) => a + b, 0);
    const batches = pool.stats().completed;
    expect(steps.length).toBeGreaterThanOrEqual(batches);
    expect(steps.length).toBeLessThanOrEqual(batches + Math.ceil(elapsed / 100));
    expect(steps.length).toBeLessThan(iterations);
    expect(steps.every((st) => Number.isInteger(st.index) && st.index! >= 1 && st.index! <= 30)).toBe(true);
  });

  it("reports scenarios done on the calling cell's progress, throttled, ending at 1", async () => {
    const m = model12();
    const pool = track(new SolverPool(inProcessSpawner(), 2));
    const sc = scope();
    const s = cellSolvers(solvers, pool, sc) as unknown as Pooled;
    await s.cge.sweep(m, scenarios(m, 20));
    expect(sc.reports.length).toBeGreaterThan(0);
    expect(sc.reports.length).toBeLessThan(20);
    expect(sc.reports.at(-1)).toEqual([1, "20 of 20 scenarios"]);
  });

  it("a pooled solve tells the kernel, as it settles, that the calling cell runs next (what follows its await is blamed on it)", async () => {
    const m = model12();
    const pool = track(new SolverPool(inProcessSpawner(), 1));
    const order: string[] = [];
    const sc = { ...scope(), announce: () => order.push("announced") };
    const s = cellSolvers(solvers, pool, sc) as unknown as Pooled;
    expect((s.cge.solve as Function).name).toBe("solve");
    await s.cge.solve(m, cge.scenario().tariff({ source: "ROW", to: 0.1 }));
    order.push("after await");
    await s.cge.sweep(m, scenarios(m, 2)).catch(() => undefined);
    order.push("after sweep");
    expect(order).toEqual(["announced", "after await", "announced", "after sweep"]);
  });

  it("the sweep in the kernel's own thread (sweepSync) gives the module's rows and reports on the cell's progress too", () => {
    const m = model12();
    const pool = track(new SolverPool(inProcessSpawner(), 1));
    const sc = scope();
    const s = cellSolvers(solvers, pool, sc) as unknown as { cge: { sweepSync: typeof sweepSync } };
    const items = scenarios(m, 12);
    expect(s.cge.sweepSync(m, items).objects()).toEqual(sweepSync(m, items).objects());
    // Without reports a long sweep in the kernel's thread looked like a stuck worker to the page.
    expect(sc.reports.at(-1)).toEqual([1, "12 of 12 scenarios"]);
  });
});

describe("cancellation", () => {
  it("when the cell moves on, its queued and running solves stop: only their workers are terminated, and the pool serves the next cell", async () => {
    const m = model12();
    const pool = track(nodePool(2));
    const sc = scope();
    const s = cellSolvers(solvers, pool, sc) as unknown as Pooled;
    const other = cellSolvers(solvers, pool) as unknown as Pooled;
    const sweep = s.cge.sweep(m, scenarios(m, 400));
    const outcome = sweep.then(() => "finished", (e: Error & { kind?: string }) => e.kind);
    // Let the workers start and take their first scenarios, then end the cell's run.
    while (pool.stats().completed < 4) await new Promise((r) => setTimeout(r, 5));
    // One batch per worker is out at a time, none waits in the queue: ending the run has only these to drop.
    expect(pool.stats()).toMatchObject({ busy: 2, queued: 0 });
    sc.end();
    expect(await outcome).toBe("cancelled");
    const stats = pool.stats();
    expect(stats).toMatchObject({ queued: 0, busy: 0, workers: 0, terminated: 2 });
    expect(stats.completed).toBeLessThan(400);
    // Another cell's solve still runs, in a fresh worker.
    const solved = await other.cge.solve(m, cge.scenario().tariff({ source: "ROW", scale: 0 }));
    expect(solved.iterations).toBeGreaterThan(0);
    expect(pool.stats().started).toBe(3);
  }, 60_000);

  it("a solve asked for after the cell moved on is cancelled at once", async () => {
    const pool = track(new SolverPool(inProcessSpawner(), 1));
    const sc = scope();
    const s = cellSolvers(solvers, pool, sc) as unknown as Pooled;
    sc.end();
    await sc.invalidation;
    await expect(s.cge.solve(model12())).rejects.toMatchObject({ name: "PoolError", kind: "cancelled" });
    expect(pool.stats().started).toBe(0);
  });
});

describe("the pool", () => {
  it("starts no worker before the first task, and its size is cores less one, at least one", () => {
    const pool = track(new SolverPool(inProcessSpawner(), 2));
    expect(pool.stats().started).toBe(0);
    expect([defaultPoolSize(1), defaultPoolSize(2), defaultPoolSize(8), defaultPoolSize(64), defaultPoolSize(undefined)]).toEqual([1, 1, 7, 16, 1]);
  });

  it("a size that is not a whole number from 1 to 16 is refused by name", () => {
    const s = cellSolvers(solvers, track(new SolverPool(inProcessSpawner(), 2))) as unknown as Pooled & { configure(o: object): unknown };
    expect(() => (s.pool.size = 0)).toThrow(/pool size must be a whole number from 1 to 16/);
    expect(s.configure({ workers: 3 })).toEqual({ workers: 3 });
    expect(() => s.configure({ threads: 3 })).toThrow(/unknown option threads/);
  });

  it("a trade solver runs in the pool with its tables rebuilt, and its errors keep their data", async () => {
    const s = cellSolvers(solvers, track(new SolverPool(inProcessSpawner(), 1))) as unknown as Pooled;
    const lines = [
      { product: "020130", partner: "RU", imports: 100, tariff0: 10, tariff1: 0 },
      { product: "020130", partner: "BR", imports: 50, tariff0: 10, tariff1: 10 },
    ];
    const options = { importDemandElasticity: -1.2, substitutionElasticity: 1.5, exportSupplyElasticity: 99 };
    const pooled = (await (s.pool as unknown as { smart: Function }).smart(lines, options)) as ReturnType<typeof solvers.smart>;
    expect(pooled.lines.objects()).toEqual(solvers.smart(lines, options).lines.objects());
    const failed = await (s.pool as unknown as { smart: Function }).smart(lines, { ...options, importDemandElasticity: "x" }).catch((e: unknown) => e);
    expect(solvers.isSolverError(failed)).toBe(true);
    expect((failed as { info: { kind: string } }).info.kind).toBe("bad-input");
  });
});
