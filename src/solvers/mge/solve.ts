/**
 * Solves an `MgeModel`'s complementarity problem. Each bounded pair (x ≥ 0, F(x) ≥ 0, x·F = 0)
 * becomes one equation through the Fischer–Burmeister function φ(a, b) = a + b − √(a² + b²),
 * zero exactly when a ≥ 0, b ≥ 0 and ab = 0; free variables keep F = 0. The square system is
 * solved by Newton's method with the exact Jacobian (forward-mode differentiation recorded once
 * per model and set of fixed values and replayed without allocation: mge/residuals.ts,
 * sparse/tape.ts), a dense or sparse LU for the step (sparse/lu.ts, chosen by size; Newton's
 * later Jacobians refactorised along the first one's pivots) and a line search (cge/newton.ts).
 * A fixed variable (the numeraire income, a closure's aux) drops its condition.
 * Source: A. Fischer, "A special Newton-type optimization method", Optimization 24 (1992);
 * T. De Luca, F. Facchinei, C. Kanzow, Math. Programming 75 (1996) (semismooth Newton).
 */
import { CgeError, optionFail, type CgeErrorInfo } from "../cge/errors";
import { newton } from "../cge/newton";
import { describe, keyword, numberOption, record } from "../options";
import { cscFromRows, type Csc } from "../sparse/matrix";
import { sparseOrder } from "../sparse/ordering";
import { compile, conditions, type Layout, type Plan } from "./equations";
import { cachedResidualTape } from "./residuals";
import type { MgeModel } from "./model";

/** Options of `solveMge`. */
export interface MgeSolveOptions {
  /** Variables held at a value (at least one price or income: the numeraire). */
  fix?: Readonly<Record<string, number>>;
  /** Start values (default: the benchmark). */
  start?: Readonly<Record<string, number>>;
  /** Newton's stopping rule: max |scaled condition| (default 1e-12, at most 1e-3). */
  tolerance?: number;
  maxIterations?: number;
  /**
   * The Newton step's linear solve: `"dense"` LU, `"sparse"` LU (approximate-minimum-degree
   * column order, partial pivoting), or `"auto"` (default): sparse from `sparseFrom` unknowns on.
   */
  linear?: "auto" | "dense" | "sparse";
  /**
   * Refuse a model that does not replicate its benchmark (MPSGE's benchmark check): at every
   * activity and price 1, incomes and auxiliaries at their benchmark, each condition of a variable
   * not fixed must hold to 1e-8 of its size, else a `bad-option` naming the worst one and its
   * imbalance. Off by default: a counterfactual model (`model123(0)`, other tax rates than the
   * reference prices carry) is rightly off balance at the benchmark.
   */
  checkBenchmark?: boolean;
}

/** Unknowns from which `linear: "auto"` uses the sparse LU (below it the dense LU is as fast or faster; bench/mge.bench.ts). */
export const sparseFrom = 40;

/** A solution: every variable's value, the per-unit flows and the worst condition. */
export interface MgeSolution {
  kind: "mge-solution";
  values: Record<string, number>;
  /** Per unit of activity or, for consumers, totals: `PD‡Y` (output of PD by Y), `RK†Y` (input), `PAρHH` (demand). */
  flows: Record<string, number>;
  iterations: number;
  /** The largest |complementarity residual| over the conditions, relative to their benchmark sizes. */
  residual: number;
  worst: string;
  /** Which LU solved the Newton steps. */
  linear: "dense" | "sparse";
}

/**
 * `{keys[i]: values[from + i]}` as an ordinary object, like `Object.fromEntries`. Built without a
 * prototype and given Object.prototype after: thousands of keys go in several times faster
 * (no prototype chain to consult per key), and "__proto__" stays an own key as with fromEntries.
 */
function recordOf(keys: readonly string[], values: ArrayLike<number>, from: number): Record<string, number> {
  const o = Object.create(null) as Record<string, number>;
  for (let i = 0; i < keys.length; i++) o[keys[i]] = values[from + i];
  return Object.setPrototypeOf(o, Object.prototype) as Record<string, number>;
}

/**
 * A fixed or start value of variable `k`, by its kind: an activity finite and ≥ 0, a price finite
 * and > 0 (demands and cost indices divide by prices), an income or auxiliary finite.
 */
function variableValue(L: Layout, k: string, v: unknown, option: "fix" | "start"): number {
  const kind = L.kinds[L.index.get(k)!];
  const range = kind === "price" ? { above: 0 } : kind === "activity" ? { min: 0 } : {};
  const what = kind === "price" ? ` (${k} is a price)` : kind === "activity" ? ` (${k} is an activity level)` : "";
  return numberOption(v, `${option}.${k}`, range, (name, value, why) => optionFail(name, value, `${why}${what}`));
}

/**
 * MPSGE's benchmark replication check: the conditions at the benchmark (every activity and price
 * 1, incomes and auxiliaries at theirs), each relative to its size; throws `bad-option` naming the
 * worst zero-profit, market or constraint condition above 1e-8 and its imbalance in model units.
 * Fixed variables' conditions are dropped, as in the solve.
 */
function checkBenchmark(plan: Plan, fixed: ReadonlyMap<string, number>): void {
  const L = plan.layout;
  const c = conditions(plan, L.benchmark, false).conditions as number[];
  let worst = -1, size = 0;
  L.names.forEach((name, k) => {
    if (fixed.has(name) || L.kinds[k] === "income") return;
    const f = c[k] / L.size[k];
    const r = L.bounded[k] && L.benchmark[k] === 0 ? Math.max(0, -f) : Math.abs(f);
    if (!(r <= size)) (size = r), (worst = k);
  });
  if (worst < 0 || size <= 1e-8) return;
  const what = { activity: "zero profit of sector", price: "market clearing of commodity", aux: "constraint of auxiliary", income: "income balance of" }[L.kinds[worst]];
  const sign = { activity: " (unit cost minus revenue)", price: " (supply minus demand)", aux: "", income: "" }[L.kinds[worst]];
  optionFail("model", L.names[worst], `does not replicate its benchmark (checkBenchmark): ${what} ${L.names[worst]} is off by ${c[worst].toPrecision(6)}${sign} ` +
    `(${(100 * size).toPrecision(3)} % of its benchmark size ${L.size[worst]}) at every activity and price 1; check the benchmark quantities and reference prices`);
}

/**
 * The first non-finite value, negative income or negative flow (beyond roundoff: 1e-10 of the
 * largest flow or 1) at a solution, as an `outside-domain` error: the conditions hold there but a
 * negative demand or supply means nothing (a start far from the benchmark can lead Newton there).
 */
function outsideDomain(L: Layout, x: readonly number[], labels: readonly string[], flows: ArrayLike<number>): CgeErrorInfo | undefined {
  const error = (variable: string, value: number, why: string): CgeErrorInfo =>
    ({ kind: "outside-domain", variable, value, scenario: "mge", message: `${variable} = ${value}: ${why}` });
  for (let k = 0; k < L.names.length; k++) {
    if (!Number.isFinite(x[k])) return error(L.names[k], x[k], "the solution is not a finite number");
  }
  let largest = 1;
  for (let i = 0; i < labels.length; i++) largest = Math.max(largest, Math.abs(flows[i]));
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isFinite(flows[i])) return error(labels[i], flows[i], "a flow at the solution is not a finite number");
    if (flows[i] < -1e-10 * largest) return error(labels[i], flows[i], "a flow at the solution is negative: the conditions hold but the equilibrium means nothing (check the fixed values, endowments and start)");
  }
  for (let k = 0; k < L.names.length; k++) {
    if (L.kinds[k] === "income" && x[k] < -1e-10 * Math.max(1, Math.abs(L.benchmark[k]))) return error(L.names[k], x[k], "a consumer's income at the solution is negative");
  }
  return undefined;
}

/** Solves the model; throws `CgeError` (`not-converged` naming the worst conditions, `singular-jacobian`, `bad-option`). */
export function solveMge(m: MgeModel, options: MgeSolveOptions = {}): MgeSolution {
  const r = trySolveMge(m, options);
  if (!r.ok) throw new CgeError(r.error);
  return r.solution;
}

/** Like `solveMge`, returning `{ok: false, error}` instead of throwing. */
export function trySolveMge(m: MgeModel, options: MgeSolveOptions = {}):
  { ok: true; solution: MgeSolution } | { ok: false; error: CgeErrorInfo } {
  const o = record(options, "options", ["fix", "start", "tolerance", "maxIterations", "linear", "checkBenchmark"], optionFail);
  const plan = compile(m);
  const L = plan.layout;
  const fixed = new Map<string, number>();
  for (const [k, v] of Object.entries(record(o.fix, "fix", L.names, optionFail))) fixed.set(k, variableValue(L, k, v, "fix"));
  if (![...fixed].some(([k, v]) => v > 0 && (L.kinds[L.index.get(k)!] === "price" || L.kinds[L.index.get(k)!] === "income"))) {
    optionFail("fix", JSON.stringify(o.fix ?? {}), "fix one price or income at a positive value as the numeraire (prices are determined only relative to it)");
  }
  const start = L.benchmark.slice();
  for (const [k, v] of Object.entries(record(o.start, "start", L.names, optionFail))) start[L.index.get(k)!] = variableValue(L, k, v, "start");
  if (o.checkBenchmark !== undefined && typeof o.checkBenchmark !== "boolean") optionFail("checkBenchmark", o.checkBenchmark, `must be true or false, got ${describe(o.checkBenchmark)}`);
  if (o.checkBenchmark === true) checkBenchmark(plan, fixed);
  for (const [k, v] of fixed) start[L.index.get(k)!] = v;
  const free = L.names.map((_, k) => k).filter((k) => !fixed.has(L.names[k]));
  const scales = free.map((k) => Math.max(Math.abs(L.benchmark[k]), 1));
  const n = free.length;
  const asked = o.linear === undefined ? "auto" : keyword(o.linear, "linear", ["auto", "dense", "sparse"], optionFail);
  const linear: "dense" | "sparse" = asked === "auto" ? (n >= sparseFrom ? "sparse" : "dense") : asked;

  // Scaled unknowns z (x = z·scale), the residuals recorded once per set of fixed values
  // (mge/residuals.ts) and replayed without allocation (sparse/tape.ts).
  const fixedKey = [...fixed.keys()].sort().join("\u0000");
  const { tape: t, flows: labels } = cachedResidualTape(plan, fixed, start, free, scales);
  const { rowStart, cols } = t;
  const nnz = rowStart[n];
  // The sparse Jacobian's columns from its rows: the transposition is fixed with the pattern.
  let pattern: { colStart: Int32Array; rowIndex: Int32Array; source: Int32Array } | undefined;
  const byRows = new Float64Array(nnz);
  const result = newton({
    n, equations: free.map((k) => L.names[k]), unknowns: free.map((k) => L.names[k]), positive: free.map(() => false),
    residual(z) {
      const f = new Float64Array(n);
      t.values(z, f);
      return f;
    },
    jacobian(z) {
      const f = new Float64Array(n), jac = new Float64Array(n * n);
      t.jacobian(z, f, byRows);
      for (let i = 0; i < n; i++) for (let p = rowStart[i]; p < rowStart[i + 1]; p++) jac[i * n + cols[p]] = byRows[p];
      return { f, jac };
    },
    sparseJacobian: linear === "dense" ? undefined : (z) => {
      const f = new Float64Array(n);
      t.jacobian(z, f, byRows);
      if (!pattern) {
        // Transpose the positions 0 … nnz−1 once: entry q of the columns is entry source[q] of the rows.
        const at = cscFromRows(n, rowStart, cols, Float64Array.from({ length: nnz }, (_, p) => p));
        pattern = { colStart: at.colStart, rowIndex: at.rowIndex, source: Int32Array.from(at.values) };
      }
      const { colStart, rowIndex, source } = pattern;
      const values = new Float64Array(nnz);
      for (let q = 0; q < nnz; q++) values[q] = byRows[source[q]];
      const jac: Csc = { n, colStart, rowIndex, values };
      // The pattern depends on the model and the fixed set only: order its columns once and keep the order.
      let order = plan.orderings.get(fixedKey);
      if (!order) plan.orderings.set(fixedKey, (order = sparseOrder(jac)));
      return { f, jac, order };
    },
  }, free.map((k, j) => start[k] / scales[j]), {
    tolerance: o.tolerance === undefined ? 1e-12 : numberOption(o.tolerance, "tolerance", { above: 0, max: 1e-3 }, optionFail),
    maxIterations: o.maxIterations === undefined ? 100 : numberOption(o.maxIterations, "maxIterations", { min: 1, max: 10000, integer: true }, optionFail),
  });
  if (!result.ok) return result;
  const x = start.slice();
  free.forEach((k, j) => (x[k] = result.x[j] * scales[j]));
  // The conditions and per-unit flows at the solution: the tape's extra outputs.
  t.values(result.x, new Float64Array(n));
  const extras = t.extras();
  const c = extras.subarray(0, L.names.length);
  // Report the complementarity residual of every condition, fixed ones excluded.
  let residual = 0, worst = "";
  free.forEach((k) => {
    const f = c[k] / L.size[k];
    const r = L.bounded[k] ? Math.abs(Math.min(x[k] / Math.max(Math.abs(L.benchmark[k]), 1), f)) : Math.abs(f);
    if (!(r <= residual)) {
      residual = r;
      worst = L.names[k];
    }
  });
  for (const k of free) {
    if (L.bounded[k] && x[k] < -1e-10) return { ok: false, error: { kind: "outside-domain", variable: L.names[k], value: x[k], scenario: "mge", message: `${L.names[k]} = ${x[k]}: a bounded variable went negative` } };
  }
  const outside = outsideDomain(L, x, labels, extras.subarray(L.names.length));
  if (outside) return { ok: false, error: outside };
  return {
    ok: true,
    solution: {
      kind: "mge-solution",
      values: recordOf(L.names, x, 0),
      flows: recordOf(labels, extras, L.names.length),
      iterations: result.iterations, residual, worst, linear,
    },
  };
}
