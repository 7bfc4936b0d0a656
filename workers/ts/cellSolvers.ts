/**
 * The type of the `solvers` builtin as cells see it: the solvers (src/solvers/index.ts) with
 * what workers/pool/api.ts `cellSolvers` adds — `cge.solve` and `cge.sweep` in the solver
 * pool (promises), the synchronous `solveSync`/`sweepSync`, the sweep helpers, `pool` and
 * `configure`. Only the type library reads this file (workers/ts/library.ts).
 */
import type { ColumnTable } from "arquero";
import type { Rows } from "../../src/solvers/input";
import type * as Solvers from "../../src/solvers/index";
import type { CgeModel } from "../../src/solvers/cge/model";
import type { ScenarioData } from "../../src/solvers/cge/scenario";
import type { Solution, SolveOptions } from "../../src/solvers/cge/solve";
import type { quantileName, quantileSummary, quantiles, randomDraws, scenarioGrid, seededRandom } from "../../src/solvers/sweep";
import type { sweepItems, sweepSync, withElasticities } from "../../src/solvers/sweepCge";

/** What `solvers.pool.stats()` counts (workers/pool/pool.ts). */
export interface PoolStats {
  size: number;
  workers: number;
  busy: number;
  queued: number;
  started: number;
  terminated: number;
  completed: number;
}

/** `solvers.cge` in a cell. */
export type CellCge = Omit<typeof Solvers.cge, "solve"> & {
  /** Solves in a solver worker; the same result as `solveSync`, as a promise. Progress shows on the cell. */
  solve(model: CgeModel, policy?: ScenarioData, options?: SolveOptions): Promise<Solution>;
  /** Solves in this cell's worker, blocking it until done. */
  solveSync: typeof Solvers.cge.solve;
  /**
   * Solves every scenario in the pool, in parallel; resolves with an Arquero table, one row
   * per scenario in the scenarios' order. A scenario that fails is reported on its row.
   */
  sweep(model: CgeModel, scenarios: Parameters<typeof sweepItems>[0], options?: Pick<SolveOptions, "tolerance" | "maxIterations" | "continuation">): Promise<ColumnTable>;
  sweepSync: typeof sweepSync;
  withElasticities: typeof withElasticities;
};

/** `solvers` in a cell. */
export type CellSolvers = Omit<typeof Solvers, "cge"> & {
  cge: CellCge;
  /**
   * The solver pool: its size (settable: `solvers.pool.size = 2`), its statistics, and the
   * solvers that run in it, each the same as `solvers.<name>` but a promise
   * (`await solvers.pool.gsim(market, options)`); callbacks such as `onProgress` stay behind.
   */
  pool: {
    size: number;
    /** Workers alive and busy, jobs queued, workers started and terminated, jobs completed. */
    stats(): PoolStats;
    gsim(...args: Parameters<typeof Solvers.gsim>): Promise<Solvers.GsimResult>;
    gsimMarkets(...args: Parameters<typeof Solvers.gsimMarkets>): Promise<Solvers.GsimResult[]>;
    smart(...args: Parameters<typeof Solvers.smart>): Promise<Solvers.SmartResult>;
    projectImportShares(...args: Parameters<typeof Solvers.projectImportShares>): Promise<Solvers.ImportStructure>;
    importPriceShocks(...args: Parameters<typeof Solvers.importPriceShocks>): Promise<Solvers.PriceShocks>;
  };
  /** `solvers.configure({workers: 2})`: the pool's size. */
  configure(options?: { workers?: number }): { workers: number };
  scenarioGrid: typeof scenarioGrid;
  /**
   * `n` random draws of the named parameters, one row each, numbered from 1 in `draw`; the
   * same call (and `seed`, default 1) gives the same rows. Every value of a row is a number.
   * Example: `randomDraws(200, {sigma: {dist: "lognormal", median: 2, logSd: 0.3}}, {seed: 7})`.
   */
  randomDraws(...args: Parameters<typeof randomDraws>): Record<string, number>[];
  seededRandom: typeof seededRandom;
  quantiles: typeof quantiles;
  quantileName: typeof quantileName;
  /**
   * Quantiles of each `values` column per group of `by` (rows of a table or an array of any
   * objects): one row per group and value column, with `variable`, `n`, `mean` and one column
   * per quantile (`q5`, `q25`, `q50`, …). Ready for bands: `Plot.areaY(s, {x, y1: "q5", y2: "q95"})`.
   */
  quantileSummary(rows: Rows<object>, options: Parameters<typeof quantileSummary>[1]): ReturnType<typeof quantileSummary>;
};
