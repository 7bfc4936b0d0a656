/**
 * Solves an `MgeModel`'s complementarity problem. Each bounded pair (x ≥ 0, F(x) ≥ 0, x·F = 0)
 * becomes one equation through the Fischer–Burmeister function φ(a, b) = a + b − √(a² + b²),
 * zero exactly when a ≥ 0, b ≥ 0 and ab = 0; free variables keep F = 0. The square system is
 * solved by Newton's method with the exact Jacobian (dual numbers) and a line search
 * (cge/newton.ts). A fixed variable (the numeraire income, a closure's aux) drops its condition.
 * Source: A. Fischer, "A special Newton-type optimization method", Optimization 24 (1992);
 * T. De Luca, F. Facchinei, C. Kanzow, Math. Programming 75 (1996) (semismooth Newton).
 */
import { add, mul, pow, sub, variable, type Num } from "../cge/dual";
import { CgeError, optionFail, type CgeErrorInfo } from "../cge/errors";
import { newton } from "../cge/newton";
import { numberOption, record } from "../options";
import { conditions, layout } from "./equations";
import type { MgeModel } from "./model";

/** Options of `solveMge`. */
export interface MgeSolveOptions {
  /** Variables held at a value (at least one price or income: the numeraire). */
  fix?: Readonly<Record<string, number>>;
  /** Start values (default: the benchmark). */
  start?: Readonly<Record<string, number>>;
  tolerance?: number;
  maxIterations?: number;
}

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
}

// A smoothing of 1e-24 keeps φ differentiable at (0, 0) and moves no root by more than 1e-12.
const smooth = 1e-24;
const fb = (a: Num, b: Num): Num => sub(add(a, b), pow(add(add(mul(a, a), mul(b, b)), smooth), 0.5));

/** Solves the model; throws `CgeError` (`not-converged` naming the worst conditions, `singular-jacobian`, `bad-option`). */
export function solveMge(m: MgeModel, options: MgeSolveOptions = {}): MgeSolution {
  const r = trySolveMge(m, options);
  if (!r.ok) throw new CgeError(r.error);
  return r.solution;
}

/** Like `solveMge`, returning `{ok: false, error}` instead of throwing. */
export function trySolveMge(m: MgeModel, options: MgeSolveOptions = {}):
  { ok: true; solution: MgeSolution } | { ok: false; error: CgeErrorInfo } {
  const o = record(options, "options", ["fix", "start", "tolerance", "maxIterations"], optionFail);
  const L = layout(m);
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

  const full = (z: readonly Num[]): Num[] => {
    const x: Num[] = start.slice();
    free.forEach((k, j) => (x[k] = typeof z[j] === "number" ? (z[j] as number) * scales[j] : mul(z[j], scales[j])));
    return x;
  };
  const residuals = (z: readonly Num[]): Num[] => {
    const x = full(z);
    const { conditions: c } = conditions(m, L, x, false);
    return free.map((k, j) => {
      const f = mul(c[k], 1 / L.size[k]);
      return L.bounded[k] ? fb(z[j], f) : f;
    });
  };
  const result = newton({
    n, equations: free.map((k) => L.names[k]), unknowns: free.map((k) => L.names[k]), positive: free.map(() => false),
    residual: (z) => Float64Array.from(residuals(Array.from(z)) as number[]),
    jacobian(z) {
      const duals = Array.from(z, (v, j) => variable(v, j, n));
      const f = new Float64Array(n), jac = new Float64Array(n * n);
      residuals(duals).forEach((r, i) => {
        if (typeof r === "number") f[i] = r;
        else {
          f[i] = r.v;
          jac.set(r.d, i * n);
        }
      });
      return { f, jac };
    },
  }, free.map((k, j) => start[k] / scales[j]), {
    tolerance: o.tolerance === undefined ? 1e-12 : numberOption(o.tolerance, "tolerance", { above: 0, max: 1e-3 }, optionFail),
    maxIterations: o.maxIterations === undefined ? 100 : numberOption(o.maxIterations, "maxIterations", { min: 1, max: 10000, integer: true }, optionFail),
  });
  if (!result.ok) return result;
  const x = full(Array.from(result.x)) as number[];
  const { conditions: c, perUnit } = conditions(m, L, x);
  // Report the complementarity residual of every condition, fixed ones excluded.
  let residual = 0, worst = "";
  free.forEach((k) => {
    const f = (c[k] as number) / L.size[k];
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
      values: Object.fromEntries(L.names.map((name, k) => [name, x[k]])),
      flows: Object.fromEntries([...perUnit].map(([k, v]) => [k, v as number])),
      iterations: result.iterations, residual, worst,
    },
  };
}
