/**
 * Dense linear algebra for the small systems the equilibrium solvers build:
 * LU factorisation with partial pivoting, and Newton's method on top of it.
 */
import { SolverError } from "./errors";
import type { OnProgress } from "./input";

/** An LU factorisation PA = LU stored in one row-major matrix, with its row permutation. */
export interface LU {
  n: number;
  lu: Float64Array;
  perm: Int32Array;
}

/**
 * Factorises the n×n row-major matrix `a` as PA = LU (Doolittle, partial pivoting;
 * Golub & Van Loan, *Matrix Computations*, alg. 3.4.1). Throws `singular-matrix` when a
 * pivot is below `1e-300` or below `1e-14` times the largest entry.
 */
export function luFactor(a: ArrayLike<number>, n: number): LU {
  const lu = Float64Array.from(a);
  const perm = new Int32Array(n);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(lu[i]));
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i * n + k]) > Math.abs(lu[p * n + k])) p = i;
    const pivot = lu[p * n + k];
    if (!(Math.abs(pivot) > Math.max(1e-300, 1e-14 * scale))) {
      throw new SolverError({ kind: "singular-matrix", pivot: k, message: `singular matrix at pivot ${k + 1}` });
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] /= pivot);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  return { n, lu, perm };
}

/** Solves A x = b from the factorisation of A (forward then back substitution). */
export function luSolve({ n, lu, perm }: LU, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[perm[i]];
    for (let j = 0; j < i; j++) s -= lu[i * n + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * x[j];
    x[i] = s / lu[i * n + i];
  }
  return x;
}

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
