/**
 * Dense linear algebra for the small systems the equilibrium solvers build:
 * LU factorisation with partial pivoting, and Newton's method on top of it.
 */
import { SolverError } from "./errors";
import type { OnProgress } from "./input";
import { factor, solveLU, type LU } from "./cge/lu";

/** An LU factorisation PA = LU stored in one row-major matrix, with its row permutation. */
export type { LU } from "./cge/lu";

/**
 * Factorises the n×n row-major matrix `a` (left unchanged) as PA = LU (Doolittle, partial
 * pivoting; Golub & Van Loan, *Matrix Computations*, alg. 3.4.1; one implementation shared
 * with the CGE solver, `cge/lu.ts`). Throws `singular-matrix` when a pivot is below `1e-14`
 * times the largest entry.
 */
export function luFactor(a: ArrayLike<number>, n: number): LU {
  const f = factor(Float64Array.from(a), n);
  if ("kind" in f) throw new SolverError({ kind: "singular-matrix", pivot: f.column, message: `singular matrix at pivot ${f.column + 1}` });
  return f;
}

/** Solves A x = b from the factorisation of A (forward then back substitution). */
export const luSolve: (f: LU, b: ArrayLike<number>) => Float64Array = solveLU;

/** Options of `newton`. */
export interface NewtonOptions {
  /** Stop when max |F(x)| ≤ tolerance (default 1e-12). */
  tolerance?: number;
  /** Give up after this many iterations (default 50). */
  maxIterations?: number;
  /** Names of the equations, for the `worstEquation` of a `not-converged` error. */
  equationNames?: readonly string[];
  onProgress?: OnProgress;
}

/** Result of `newton`: the root, the iterations used and the final max |F|. */
export interface NewtonResult {
  x: Float64Array;
  iterations: number;
  residual: number;
}

const maxAbs = (v: ArrayLike<number>) => {
  let m = 0, at = 0;
  for (let i = 0; i < v.length; i++) if (!(Math.abs(v[i]) <= m)) { m = Math.abs(v[i]); at = i; }
  return { m, at };
};

/**
 * Solves F(x) = 0 by Newton's method, x ← x − J(x)⁻¹F(x), with the step halved (up to
 * 30 times) until max |F| decreases (a backtracking line search; Dennis & Schnabel,
 * *Numerical Methods for Unconstrained Optimization and Nonlinear Equations*, §6.3).
 * `jacobian` returns the row-major n×n matrix ∂F_i/∂x_j. Throws `not-converged` naming
 * the equation with the largest residual.
 */
export function newton(
  f: (x: Float64Array) => Float64Array,
  jacobian: (x: Float64Array) => Float64Array,
  x0: ArrayLike<number>,
  options: NewtonOptions = {},
): NewtonResult {
  const tol = options.tolerance ?? 1e-12;
  const maxIter = options.maxIterations ?? 50;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let fx = f(x);
  let { m: residual, at } = maxAbs(fx);
  for (let iter = 0; iter <= maxIter; iter++) {
    options.onProgress?.(Math.min(1, iter / maxIter), `newton iteration ${iter}, max residual ${residual.toExponential(2)}`);
    if (residual <= tol) {
      options.onProgress?.(1, "converged");
      return { x, iterations: iter, residual };
    }
    if (iter === maxIter) break;
    const step = luSolve(luFactor(jacobian(x), n), fx);
    let lambda = 1;
    for (let tries = 0; tries < 30; tries++, lambda /= 2) {
      const trial = new Float64Array(n);
      for (let i = 0; i < n; i++) trial[i] = x[i] - lambda * step[i];
      const ft = f(trial);
      const next = maxAbs(ft);
      if (next.m < residual || tries === 29) {
        x = trial;
        fx = ft;
        residual = next.m;
        at = next.at;
        break;
      }
    }
  }
  const worst = options.equationNames?.[at] ?? `equation ${at + 1}`;
  throw new SolverError({ kind: "not-converged", iterations: maxIter, residual, worstEquation: worst,
    message: `newton did not converge after ${maxIter} iterations (max residual ${residual.toExponential(2)} in ${worst})` });
}
