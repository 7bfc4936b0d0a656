/**
 * The system `solveMge` hands to Newton, recorded as a tape (sparse/tape.ts): in scaled unknowns
 * z (x = z·scale for the free variables, fixed ones at their values), one residual per free
 * variable — its condition divided by the condition's benchmark size, through the smoothed
 * Fischer–Burmeister function φ(z, F) when the variable is bounded, F itself when free. Extra
 * outputs: every condition unscaled (layout order), then the per-unit flows.
 */
import { Recorder, type Tape, type TNum } from "../sparse/tape";
import { conditions, type Plan } from "./equations";

// A smoothing of 1e-24 keeps φ differentiable at (0, 0) and moves no root by more than 1e-12.
export const smooth = 1e-24;

/** A recorded residual system and the labels of its flow outputs. */
export interface ResidualTape {
  tape: Tape;
  /** Labels of the extra outputs after the conditions (`PD‡Y`, …). */
  flows: string[];
}

/**
 * Records the residuals of `plan` with `values` for every variable (those of the fixed ones are
 * built into the tape), the free variables `free` and their scales.
 */
export function residualTape(plan: Plan, values: readonly number[], free: readonly number[], scales: readonly number[]): ResidualTape {
  const L = plan.layout;
  const rec = new Recorder(free.length);
  const x: TNum[] = values.slice();
  free.forEach((k, j) => (x[k] = rec.variable(j, scales[j])));
  const { conditions: c, perUnit } = conditions(plan, x, true, rec);
  const rows = free.map((k, j) => {
    const f = rec.scale(c[k], 1 / L.size[k]);
    return L.bounded[k] ? rec.fischerBurmeister(rec.variable(j), f, smooth) : f;
  });
  return { tape: rec.finish(rows, [...c, ...perUnit.values()]), flows: [...perUnit.keys()] };
}

/** Tapes kept per model (one per set of fixed values, the oldest dropped first). */
const keptTapes = 4;

/** The residual tape for these fixed values, recorded on first use and kept with the plan. */
export function cachedResidualTape(plan: Plan, fixed: ReadonlyMap<string, number>, values: readonly number[], free: readonly number[],
  scales: readonly number[]): ResidualTape {
  const key = [...fixed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join("\u0000");
  let r = plan.tapes.get(key);
  if (!r) {
    r = residualTape(plan, values, free, scales);
    if (plan.tapes.size >= keptTapes) plan.tapes.delete(plan.tapes.keys().next().value!);
    plan.tapes.set(key, r);
  }
  return r;
}
