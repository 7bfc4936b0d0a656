/**
 * GSIM in levels: the CES import demand and constant-elasticity export supply whose
 * linearisation is Francois & Hall's model, solved exactly by Newton's method.
 */
import type { GsimOptions } from "./gsim";
import { assemble, type GsimResult } from "./gsimResult";
import type { NormalMarket } from "./gsimInput";
import { newton } from "./linalg";

/** Internal price relative q_rv, composite price P_v and current shares θ'_rv at world prices p. */
function prices(mk: NormalMarket, theta: Float64Array, p: ArrayLike<number>) {
  const { n, t0, t1, es } = mk;
  const q = new Float64Array(n * n), share = new Float64Array(n * n), composite = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const rho = 1 - es[v];
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const k = r * n + v;
      q[k] = (p[r] * t1[k]) / t0[k];
      if (theta[k] === 0) continue;
      const w = Math.abs(rho) < 1e-12 ? theta[k] * Math.log(q[k]) : theta[k] * q[k] ** rho;
      share[k] = w;
      sum += w;
    }
    if (Math.abs(rho) < 1e-12) {
      composite[v] = Math.exp(sum);
      for (let r = 0; r < n; r++) share[r * n + v] = theta[r * n + v];
    } else {
      composite[v] = sum > 0 ? sum ** (1 / rho) : 1;
      for (let r = 0; r < n; r++) if (sum > 0) share[r * n + v] /= sum;
    }
  }
  return { q, share, composite };
}

/**
 * Market-clearing residuals in levels, relative to initial exports X_r:
 *
 *     F_r(p) = Σ_v (M_rv / X_r)·(q_rv / P_v)^(−E_s,v)·P_v^(E_m,v) − p_r^(E_x,r)
 *     q_rv = p_r·T1_rv/T0_rv,   P_v = (Σ_r θ_rv·q_rv^(1−E_s,v))^(1/(1−E_s,v))
 *
 * p_r is exporter r's world price (1 initially), quantities are in initial world-price value
 * units. Linearising around p = 1 gives `gsimLinearResiduals` exactly.
 */
export function gsimLevelsResiduals(mk: NormalMarket, theta: Float64Array, p: ArrayLike<number>): Float64Array {
  const { n, m, em, ex, es } = mk;
  const { q, composite } = prices(mk, theta, p);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let exports = 0, demand = 0;
    for (let v = 0; v < n; v++) {
      const k = r * n + v;
      if (m[k] === 0) continue;
      exports += m[k];
      demand += m[k] * (q[k] / composite[v]) ** -es[v] * composite[v] ** em[v];
    }
    out[r] = (exports > 0 ? demand / exports : 0) - p[r] ** ex[r];
  }
  return out;
}

/**
 * Analytic Jacobian ∂F_r/∂p_s of `gsimLevelsResiduals` (row-major):
 * ∂Q_rv/∂p_s = Q_rv·(−E_s,v·δ_rs + (E_s,v + E_m,v)·θ'_sv)/p_s, θ'_sv the current expenditure share.
 */
export function gsimLevelsJacobian(mk: NormalMarket, theta: Float64Array, p: ArrayLike<number>): Float64Array {
  const { n, m, em, ex, es } = mk;
  const { q, share, composite } = prices(mk, theta, p);
  const jac = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    let exports = 0;
    for (let v = 0; v < n; v++) exports += m[r * n + v];
    jac[r * n + r] -= ex[r] * p[r] ** (ex[r] - 1);
    if (exports === 0) continue;
    for (let v = 0; v < n; v++) {
      const k = r * n + v;
      if (m[k] === 0) continue;
      const qrv = (m[k] / exports) * (q[k] / composite[v]) ** -es[v] * composite[v] ** em[v];
      jac[r * n + r] -= (qrv * es[v]) / p[r];
      for (let s = 0; s < n; s++) jac[r * n + s] += (qrv * (es[v] + em[v]) * share[s * n + v]) / p[s];
    }
  }
  return jac;
}

/**
 * Solves the levels form by Newton (analytic Jacobian, LU, backtracking) from p = 1 and
 * reports with exact areas for constant-elasticity curves:
 *
 *     ΔCS_v = −R0_v·(P_v^(1+E_m) − 1)/(1 + E_m)   (−R0_v·ln P_v when E_m = −1)
 *     ΔPS_r = X_r·(p_r^(1+E_x) − 1)/(1 + E_x)
 *
 * Source: the CES/constant-elasticity model behind Francois & Hall (2003), section 2.
 */
export function gsimLevelsSolve(mk: NormalMarket, theta: Float64Array, options: GsimOptions): GsimResult {
  const { n, m, em, ex, es } = mk;
  const start = new Float64Array(n).fill(1);
  const { x: p, iterations } = newton(
    (x) => gsimLevelsResiduals(mk, theta, x),
    (x) => gsimLevelsJacobian(mk, theta, x),
    start,
    { tolerance: options.tolerance ?? 1e-12, maxIterations: options.maxIterations ?? 50,
      equationNames: mk.regions.map((r) => `market clearing for ${r}`), onProgress: options.onProgress },
  );
  const { q, composite } = prices(mk, theta, p);
  const trade1 = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let v = 0; v < n; v++) {
      const k = r * n + v;
      trade1[k] = m[k] === 0 ? 0 : p[r] * m[k] * (q[k] / composite[v]) ** -es[v] * composite[v] ** em[v];
    }
  }
  const area = (level: number, e: number) => (Math.abs(1 + e) < 1e-12 ? Math.log(level) : (level ** (1 + e) - 1) / (1 + e));
  return assemble(mk, Array.from(p, (v) => v - 1), trade1, Array.from(composite, (v) => v - 1),
    (v, r0) => -r0 * area(composite[v], em[v]), (r, x0) => x0 * area(p[r], ex[r]),
    gsimLevelsResiduals(mk, theta, p), iterations);
}
