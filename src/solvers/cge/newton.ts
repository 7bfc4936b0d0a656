/**
 * Newton's method for a square system F(x) = 0 with an exact Jacobian, a dense or sparse LU
 * with partial pivoting, a fraction-to-boundary rule that keeps positive unknowns
 * (prices, quantities) positive, and an Armijo backtracking line search on ½‖F‖².
 * Converges when max_k |F_k(x)| ≤ tolerance (residuals are expected scaled, e.g. relative to base flows).
 * Source: Dennis & Schnabel, Numerical Methods for Unconstrained Optimization and
 * Nonlinear Equations (1996), algorithm 6.3.1 (line search); Nocedal & Wright (2006) §19.2 (fraction to boundary).
 */
import type { CgeErrorInfo, EquationResidual } from "./errors";
import { factor, solveLU } from "./lu";
import { sparseFactor, sparseSolve } from "../sparse/lu";
import type { Csc } from "../sparse/matrix";
import type { SparseOrder } from "../sparse/ordering";

/** A square nonlinear system. `jacobian` returns F and the row-major n × n matrix ∂F/∂x. */
export interface NewtonProblem {
  n: number;
  /** Equation names, one per residual (for error reports). */
  equations: readonly string[];
  /** Unknown names, one per column. */
  unknowns: readonly string[];
  /** Unknowns that must stay strictly positive. */
  positive: readonly boolean[];
  residual(x: Float64Array): Float64Array;
  jacobian(x: Float64Array): { f: Float64Array; jac: Float64Array };
  /**
   * When present, used instead of `jacobian`: F, the sparse Jacobian and a column order for it
   * (`sparseOrder`, computed once per pattern), factorised by the sparse LU.
   */
  sparseJacobian?(x: Float64Array): { f: Float64Array; jac: Csc; order: SparseOrder };
}

/** Solver settings; every field optional. */
export interface NewtonOptions {
  /** Max-norm of the residual at which to stop (default 1e-12). */
  tolerance?: number;
  /** Default 50. */
  maxIterations?: number;
  /** Called after every iteration with its number (1-based) and the residual max-norm. */
  onProgress?: (iteration: number, residual: number) => void;
}

export type NewtonResult =
  | { ok: true; x: Float64Array; iterations: number; residual: number }
  | { ok: false; error: CgeErrorInfo };

function maxAbs(f: Float64Array): number {
  let m = 0;
  for (let i = 0; i < f.length; i++) {
    const a = Math.abs(f[i]);
    if (!(a <= m)) m = a; // NaN wins, so a non-finite residual is never mistaken for convergence
  }
  return m;
}

function halfSquare(f: Float64Array): number {
  let s = 0;
  for (let i = 0; i < f.length; i++) s += f[i] * f[i];
  return 0.5 * s;
}

/** The `count` largest residuals by magnitude, with their equation names. */
export function worst(f: Float64Array, names: readonly string[], count = 5): EquationResidual[] {
  return Array.from(f, (residual, k) => ({ name: names[k], residual }))
    .sort((a, b) => (Number.isFinite(b.residual) ? Math.abs(b.residual) : Infinity) - (Number.isFinite(a.residual) ? Math.abs(a.residual) : Infinity))
    .slice(0, count);
}

function notConverged(iterations: number, f: Float64Array, names: readonly string[], why: string): NewtonResult {
  const residual = maxAbs(f);
  const worstEquations = worst(f, names);
  return {
    ok: false,
    error: {
      kind: "not-converged", iterations, residual: Number.isFinite(residual) ? residual : Infinity, worstEquations,
      message: `not converged after ${iterations} iterations (${why}; residual ${residual.toExponential(2)}, worst ${worstEquations[0]?.name ?? "none"})`,
    },
  };
}

/** The Newton step dx solving J·dx = −F at x (dense or sparse LU), or the column without a pivot. */
function linearStep(problem: NewtonProblem, x: Float64Array): { f: Float64Array; dx: Float64Array } | { column: number } {
  if (problem.sparseJacobian) {
    const { f, jac, order } = problem.sparseJacobian(x);
    const lu = sparseFactor(jac, order);
    return "kind" in lu ? { column: lu.column } : { f, dx: sparseSolve(lu, f.map((v) => -v)) };
  }
  const { f, jac } = problem.jacobian(x);
  const lu = factor(jac, problem.n);
  return "kind" in lu ? { column: lu.column } : { f, dx: solveLU(lu, f.map((v) => -v)) };
}

/** Solves F(x) = 0 from the start `x0` (not modified). */
export function newton(problem: NewtonProblem, x0: ArrayLike<number>, options: NewtonOptions = {}): NewtonResult {
  const tol = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 50;
  const { n } = problem;
  let x = Float64Array.from(x0);
  let f = problem.residual(x);
  let r = maxAbs(f);
  if (!Number.isFinite(r)) return notConverged(0, f, problem.equations, "the equations cannot be evaluated at the start point: a price or quantity there is zero, negative or infinite");
  if (r <= tol) return { ok: true, x, iterations: 0, residual: r };
  for (let it = 1; it <= maxIterations; it++) {
    const step = linearStep(problem, x);
    if ("column" in step) {
      const unknown = problem.unknowns[step.column];
      return {
        ok: false,
        error: {
          kind: "singular-jacobian", iterations: it, unknown,
          message: `singular jacobian at ${unknown} in iteration ${it}: the equations no longer determine it ` +
            "(a share or price has run to 0 or infinity); try a smaller shock, smaller elasticities or another closure",
        },
      };
    }
    const { f: fx, dx } = step;
    // Fraction to boundary: a positive unknown may fall to at most a tenth of its value per step.
    let t = 1;
    for (let k = 0; k < n; k++) {
      if (problem.positive[k] && dx[k] < 0) t = Math.min(t, (0.9 * x[k]) / -dx[k]);
    }
    const phi0 = halfSquare(fx);
    let trial = new Float64Array(n);
    let ft = fx;
    for (;;) {
      for (let k = 0; k < n; k++) trial[k] = x[k] + t * dx[k];
      ft = problem.residual(trial);
      const phi = halfSquare(ft);
      // Armijo condition for ½‖F‖² along the Newton direction (directional derivative −2φ0).
      if (Number.isFinite(phi) && phi <= (1 - 2e-4 * t) * phi0) break;
      t *= 0.5;
      if (t < 1e-12) return notConverged(it, fx, problem.equations, "line search failed");
    }
    x = trial;
    trial = new Float64Array(n);
    f = ft;
    r = maxAbs(f);
    options.onProgress?.(it, r);
    if (r <= tol) return { ok: true, x, iterations: it, residual: r };
  }
  return notConverged(maxIterations, f, problem.equations, "iteration limit");
}
