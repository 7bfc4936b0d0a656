/**
 * What a returned equilibrium must satisfy beyond its equations: every price positive, every
 * quantity non-negative, every published equation within `acceptance` (relative). Newton's
 * reduced system can converge to a point where a price has turned negative (a tariff rate
 * below −100 %) or where a power of a negative number made a published equation fail; such a
 * point solves nothing economic, so it is refused, never reported beside a number.
 */
import type { EquationResidual } from "./errors";
import type { CgeErrorInfo } from "./errors";
import type { PublishedResidual } from "./equations";
import type { CgeModel, Levels } from "./model";
import type { ScenarioData, Shock } from "./scenario";

/** Largest relative residual of a published equation at an accepted solution. */
export const acceptance = 1e-8;

const prices = ["py", "pz", "pq", "pd", "pe", "PM"] as const;
const quantities = ["Y", "Z", "Xp", "Xg", "Xv", "E", "D", "Q", "M"] as const;

/** The scenario in one line, e.g. `tariff({"scale":-20})`, for error messages. */
export function describeScenario(s: Pick<ScenarioData, "shocks"> | undefined): string {
  if (!s || s.shocks.length === 0) return "the base";
  // A loop, not map + join: map's result has another layout once the caller is optimised (see doubles.ts).
  let out = "";
  for (let k = 0; k < s.shocks.length; k++) {
    const { kind, ...rest } = s.shocks[k] as Shock;
    out += `${k > 0 ? "." : ""}${kind}(${JSON.stringify(rest)})`;
  }
  return out;
}

/**
 * The first price that is not positive or quantity that is negative (or any NaN), as an
 * `outside-domain` error, or null when every level is in the model's domain.
 */
export function domainError(m: CgeModel, l: Levels, scenario: string): CgeErrorInfo | null {
  const bad = (variable: string, value: number, why: string): CgeErrorInfo => ({
    kind: "outside-domain", variable, value, scenario,
    message: `${variable} = ${value.toPrecision(4)} under ${scenario}: ${why}; the equations hold but the point has no economic meaning (try a smaller shock)`,
  });
  for (const v of prices) {
    for (let i = 0; i < l[v].length; i++) if (!(l[v][i] > 0) && !(v === "PM" && l.M[i] === 0)) return bad(`${v}[${m.sectors[i]}]`, l[v][i], "a price must be positive");
  }
  // A quantity negative in the base (DYNCGE's recalibrated government demand can be) may stay negative.
  for (const v of quantities) {
    for (let i = 0; i < l[v].length; i++) {
      if (!(l[v][i] >= 0) && !(m.base[v][i] < 0 && Number.isFinite(l[v][i]))) return bad(`${v}[${m.sectors[i]}]`, l[v][i], "a quantity must not be negative");
    }
  }
  for (let s = 0; s < m.sources.length; s++) for (let i = 0; i < m.sectors.length; i++) {
    if (!(l.Ms[s][i] >= 0)) return bad(`Ms[${m.sources[s]},${m.sectors[i]}]`, l.Ms[s][i], "imports must not be negative");
    if (!(l.pm[s][i] > 0)) return bad(`pm[${m.sources[s]},${m.sectors[i]}]`, l.pm[s][i], "a price must be positive");
  }
  for (let h = 0; h < m.factors.length; h++) for (let j = 0; j < m.sectors.length; j++) {
    if (!(l.pf[h][j] > 0)) return bad(`pf[${m.factors[h]},${m.sectors[j]}]`, l.pf[h][j], "a factor price must be positive");
    if (!(l.F[h][j] >= 0)) return bad(`F[${m.factors[h]},${m.sectors[j]}]`, l.F[h][j], "a factor input must not be negative");
  }
  if (!(l.eps > 0)) return bad("epsilon", l.eps, "the exchange rate must be positive");
  return null;
}

/** A `not-converged` error when the worst published equation misses `acceptance`, else null. */
export function residualError(published: readonly PublishedResidual[], iterations: number, scenario: string): CgeErrorInfo | null {
  const sorted = [...published].sort((a, b) => magnitude(b.relative) - magnitude(a.relative));
  const worst = sorted[0];
  if (!worst || magnitude(worst.relative) <= acceptance) return null;
  const worstEquations: EquationResidual[] = sorted.slice(0, 5).map((r) => ({ name: r.name, residual: r.relative }));
  return {
    kind: "not-converged", iterations, residual: magnitude(worst.relative), worstEquations,
    message: `not converged under ${scenario}: ${worst.name} is off by ${(magnitude(worst.relative) * 100).toPrecision(3)} % ` +
      `after ${iterations} iterations (accepted: ${acceptance}); try a smaller shock or one phased in`,
  };
}

function magnitude(x: number): number {
  return Number.isFinite(x) ? Math.abs(x) : Infinity;
}
