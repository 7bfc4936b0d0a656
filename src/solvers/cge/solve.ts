/**
 * Solves the model under a scenario: applies the shocks, builds the square core system for
 * the closure, and runs Newton with the exact Jacobian from dual numbers. The solution
 * carries every variable's level, the base, the dropped (Walras) equation's residual and
 * the worst residual of the published equations.
 */
import { closure as normaliseClosure, fixValues, layout, type Closure } from "./closures";
import { constant, GradientArena, gradientInto, val, variable, type Dual } from "./dual";
import { publishedResiduals, worstPublished as worstOf, type PublishedResidual } from "./equations";
import { acceptance, domainError, describeScenario, residualError } from "./domain";
import { CgeError, isCgeError, type CgeErrorInfo } from "./errors";
import { checkSolveOptions, checkStart } from "./options";
import { evaluate, values, type CgeModel, type Exogenous, type Layout, type Levels } from "./model";
import { newton, type NewtonOptions, type NewtonProblem } from "./newton";
import { applyShocks, refuseInertShocks, Scenario, type ScenarioData } from "./scenario";

/** A solved equilibrium (plain data apart from the model reference). */
export interface Solution {
  kind: "cge-solution";
  model: CgeModel;
  closure: Closure;
  exo: Exogenous;
  levels: Levels;
  iterations: number;
  /** Max-norm of the scaled core conditions at the solution. */
  residual: number;
  /** The goods-market condition dropped for Walras's law and its residual (SAM units). */
  walras: { equation: string; residual: number };
  /** The published equation with the largest relative residual at the solution. */
  worstPublished: PublishedResidual;
}

/** Solver options: Newton settings plus a warm start. */
export interface SolveOptions extends NewtonOptions {
  /**
   * Start from these levels (e.g. last year's solution) instead of the base: the `levels` of a
   * solution of a model with the same sectors and factors; anything else is refused (`bad-option` naming the field).
   */
  start?: Levels;
  /** When Newton fails on the whole shock, walk to it in eight equal steps, each from the last (default true). */
  continuation?: boolean;
}

/**
 * The arena of every core evaluation in this thread: one gradient buffer and one pool of duals,
 * reused from solve to solve (an evaluation never starts another, so one arena serves them all).
 */
const arena = new GradientArena();

/** Reused Jacobian storage, per size (newton factors it in place and keeps nothing of it). */
let jacobianStore = new Float64Array(0);

/**
 * The core Newton problem for a model, exogenous values and closure (unknowns scaled by their base
 * values). The matrix `jacobian` returns is reused storage: valid until the next `jacobian` call.
 */
export function coreProblem(m: CgeModel, exo: Exogenous, L: Layout): NewtonProblem {
  const n = L.unknowns.length;
  return {
    n, equations: L.equations, unknowns: L.unknowns, positive: L.positive,
    residual(z) {
      // Constant duals: the Jacobian's code paths, with the duals taken from the arena.
      arena.open();
      try {
        const { conditions } = evaluate(m, exo, L, scaledConstants(z, L.scales));
        const f = new Float64Array(n);
        for (let r = 0; r < conditions.length; r++) f[r] = val(conditions[r]);
        return f;
      } finally {
        arena.close();
      }
    },
    jacobian(z) {
      // Every gradient of this evaluation lives in the arena; the rows are copied out before it closes.
      arena.open();
      try {
        const { conditions } = evaluate(m, exo, L, scaledVariables(z, L.scales));
        const f = new Float64Array(n);
        if (jacobianStore.length !== n * n) jacobianStore = new Float64Array(n * n);
        const jac = jacobianStore;
        jac.fill(0);
        for (let r = 0; r < conditions.length; r++) {
          f[r] = val(conditions[r]);
          gradientInto(conditions[r], jac, r * n);
        }
        return { f, jac };
      } finally {
        arena.close();
      }
    },
  };
}

/** The unknowns as constant duals x_k = z_k · scale_k (see `constant`: the residual takes the Jacobian's code paths). */
function scaledConstants(z: ArrayLike<number>, scales: readonly number[]): Dual[] {
  const x = new Array<Dual>(z.length);
  for (let k = 0; k < z.length; k++) x[k] = constant(z[k] * scales[k]);
  return x;
}

/** The unknowns as duals: x_k = z_k · scale_k with ∂x_k/∂z_k = scale_k. */
function scaledVariables(z: Float64Array, scales: readonly number[]): Dual[] {
  const n = z.length;
  const x = new Array<Dual>(n);
  for (let k = 0; k < n; k++) x[k] = variable(z[k] * scales[k], k, n, scales[k]);
  return x;
}

/**
 * Every variable's level at core unknowns `z` (scaled), as plain numbers. Evaluated with the arena
 * open, as every Newton evaluation is, so that the solver's code makes its duals in one way only
 * (a dual made outside an arena would deoptimise code that had only seen pooled ones).
 */
function levelsAt(m: CgeModel, exo: Exogenous, L: Layout, z: Float64Array): Levels {
  arena.open();
  try {
    return values(evaluate(m, exo, L, scaledConstants(z, L.scales)).levels);
  } finally {
    arena.close();
  }
}

/** Core unknowns (scaled) read from levels. */
export function unknownsFrom(L: Layout, l: Levels): Float64Array {
  const z = new Float64Array(L.unknowns.length);
  L.pd.forEach((k, i) => (z[k] = l.pd[i]));
  L.Z.forEach((k, i) => (z[k] = l.Z[i]));
  L.pf.forEach((k, h) => k !== null && (z[k] = l.pf[h][0]));
  L.FF.forEach((k, h) => k !== null && (z[k] = l.FF[h]));
  L.pfs.forEach((row, h) => row.forEach((k, j) => k !== null && (z[k] = l.pf[h][j])));
  if (L.eps !== null) z[L.eps] = l.eps;
  if (L.Sf !== null) z[L.Sf] = l.Sf;
  if (L.sspScale !== null) z[L.sspScale] = l.sspScale;
  for (let k = 0; k < z.length; k++) z[k] /= L.scales[k];
  return z;
}

/** Layouts already made, by closure and then base solution, with the sets they were made for. */
const layouts = new WeakMap<Closure, WeakMap<Levels, { m: Pick<CgeModel, "sectors" | "factors" | "specific">; layout: Layout }>>();

/**
 * `layout(m, c)`, made once per closure and model base (read, never changed, by the solve): the
 * scenarios of a sweep share both, so a worker does not redo (and V8 does not optimise) this set-up per scenario.
 */
function layoutOf(m: CgeModel, c: Closure): Layout {
  let byBase = layouts.get(c);
  if (byBase === undefined) layouts.set(c, (byBase = new WeakMap()));
  const known = byBase.get(m.base);
  if (known !== undefined && known.m.sectors === m.sectors && known.m.factors === m.factors && known.m.specific === m.specific) return known.layout;
  const L = layout(m, c);
  byBase.set(m.base, { m: { sectors: m.sectors, factors: m.factors, specific: m.specific }, layout: L });
  return L;
}

/** Solves for exogenous values `exo` under closure `c`; the result or a tagged error, never NaN. */
export function solveExogenous(m: CgeModel, exo: Exogenous, c: Closure, options: SolveOptions = {}, scenario = "the base"):
  { ok: true; solution: Solution } | { ok: false; error: CgeErrorInfo } {
  const fixed = fixValues(m, c, exo);
  const L = layoutOf(m, c);
  const problem = coreProblem(m, fixed, L);
  const result = newton(problem, unknownsFrom(L, options.start ?? m.base), options);
  if (!result.ok) return result;
  const levels = levelsAt(m, fixed, L, result.x);
  const d = L.dropped;
  const walrasResidual = levels.Q[d] - (levels.Xp[d] + levels.Xg[d] + levels.Xv[d] + levels.X[d].reduce((a, v) => a + v, 0));
  // The worst published residual without naming every equation; all of them, named, only for a refusal.
  const { worst: worstPublished, largest } = worstOf(m, fixed, c, levels);
  // A point outside the domain is refused first: there the residuals are often NaN as well.
  const refused = domainError(m, levels, scenario) ??
    (largest > acceptance ? residualError(publishedResiduals(m, fixed, c, levels), result.iterations, scenario) : null);
  if (refused) return { ok: false, error: refused };
  return {
    ok: true,
    solution: {
      kind: "cge-solution", model: m, closure: c, exo: fixed, levels,
      iterations: result.iterations, residual: result.residual,
      walras: { equation: `eqpqd[${m.sectors[d]}]`, residual: walrasResidual },
      worstPublished,
    },
  };
}

/** Like `solve`, but returns `{ok: false, error}` instead of throwing (bad options included). */
export function trySolve(m: CgeModel, s: ScenarioData = new Scenario(), options: SolveOptions = {}):
  { ok: true; solution: Solution } | { ok: false; error: CgeErrorInfo } {
  try {
    checkSolveOptions(options);
    checkStart(options.start, m);
    const c = s.closureOptions ? normaliseClosure(m, s.closureOptions, m.closure) : m.closure;
    const name = describeScenario(s);
    const shocked = applyShocks(m, m.exo, s.shocks);
    refuseInertShocks(m, c, s.shocks);
    const direct = solveExogenous(m, shocked, c, options, name);
    if (direct.ok || s.shocks.length === 0 || options.continuation === false || direct.error.kind === "outside-domain") return direct;
    // Continuation: the same shock in eight steps, each solved from the last solution.
    let start = options.start;
    let solution: Solution | null = null;
    let iterations = 0;
    for (let k = 1; k <= 8; k++) {
      const step = solveExogenous(m, applyShocks(m, m.exo, s.shocks, k / 8), c, { ...options, start }, name);
      if (!step.ok) {
        const why = step.error.kind === "outside-domain" ? step.error : direct.error;
        return { ok: false, error: { ...why, message: `${why.message} (also when the shock was applied in eight steps: step ${k} failed)` } };
      }
      solution = step.solution;
      start = solution.levels;
      iterations += solution.iterations;
    }
    return { ok: true, solution: { ...solution!, iterations } };
  } catch (e) {
    if (isCgeError(e)) return { ok: false, error: e.info };
    throw e;
  }
}

/**
 * Solves the calibrated model under a scenario (the base when omitted). Throws `CgeError`
 * (`not-converged` with iterations, residual and worst equations, or `singular-jacobian`), or
 * `bad-option` for a bad option, warm start or shock, including a shock the closure would ignore
 * (see `refuseInertShocks`).
 * Example: `solve(model, scenario().tariff({ scale: 0 }), { onProgress: (i, r) => … })`.
 */
export function solve(m: CgeModel, s: ScenarioData = new Scenario(), options: SolveOptions = {}): Solution {
  checkSolveOptions(options);
  const r = trySolve(m, s, options);
  if (!r.ok) throw new CgeError(r.error);
  return r.solution;
}
