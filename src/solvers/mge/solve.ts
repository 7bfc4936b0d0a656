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
import { keyword, numberOption, record } from "../options";
import { cscFromRows, type Csc } from "../sparse/matrix";
import { sparseOrder } from "../sparse/ordering";
import { compile } from "./equations";
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

/** Solves the model; throws `CgeError` (`not-converged` naming the worst conditions, `singular-jacobian`, `bad-option`). */
export function solveMge(m: MgeModel, options: MgeSolveOptions = {}): MgeSolution {
  const r = trySolveMge(m, options);
  if (!r.ok) throw new CgeError(r.error);
  return r.solution;
}

/** Like `solveMge`, returning `{ok: false, error}` instead of throwing. */
export function trySolveMge(m: MgeModel, options: MgeSolveOptions = {}):
  { ok: true; solution: MgeSolution } | { ok: false; error: CgeErrorInfo } {
  const o = record(options, "options", ["fix", "start", "tolerance", "maxIterations", "linear"], optionFail);
  const plan = compile(m);
  const L = plan.layout;
  const fixed = new Map<string, number>();
  for (const [k, v] of Object.entries(record(o.fix, "fix", L.names, optionFail))) fixed.set(k, numberOption(v, `fix.${k}`, {}, optionFail));
  if (![...fixed.keys()].some((k) => L.kinds[L.index.get(k)!] === "price" || L.kinds[L.index.get(k)!] === "income")) {
    optionFail("fix", JSON.stringify(o.fix ?? {}), "fix one price or income as the numeraire (prices are determined only relative to it)");
  }
  const start = L.benchmark.slice();
  for (const [k, v] of Object.entries(record(o.start, "start", L.names, optionFail))) start[L.index.get(k)!] = numberOption(v, `start.${k}`, {}, optionFail);
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
