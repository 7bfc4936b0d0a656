/**
 * GSIM, the global simulation model of Francois & Hall: one product market, N regions,
 * Armington (national) product differentiation, constant-elasticity export supply.
 * Solves for each exporter's world price change and reports trade, tariff revenue,
 * consumer and producer surplus and welfare by region.
 */
import type { OnProgress } from "./input";
import { internalShares, normaliseMarket, type GsimMarket, type NormalMarket } from "./gsimInput";
import { gsimLevelsResiduals, gsimLevelsSolve } from "./gsimLevels";
import { assemble, type GsimResult } from "./gsimResult";
import { newton } from "./linalg";
import { SolverError, badInput, badOptionInput, outsideDomain } from "./errors";
import { finite } from "./input";
import { describe, keyword, numberOption, record } from "./options";

export { gsimMarketFromRows, type GsimFlow, type GsimMarket, type GsimRowsOptions } from "./gsimInput";
export type { GsimResult } from "./gsimResult";

/** Options of `gsim`. */
export interface GsimOptions {
  /**
   * `linear` (default): the published model, in proportional changes (Francois & Hall 2003).
   * `levels`: the same demand and supply functions in levels (exact CES and constant-elasticity
   * curves), solved by Newton with an analytic Jacobian; equal to `linear` to first order.
   */
  form?: "linear" | "levels";
  /** For `linear`: `newton` (LU, exact for the linear system) or `gauss-seidel` (an independent iteration). */
  method?: "newton" | "gauss-seidel";
  /** Max |market-clearing residual| relative to each exporter's exports (default 1e-12). */
  tolerance?: number;
  maxIterations?: number;
  onProgress?: OnProgress;
}

/**
 * Market-clearing residuals of the linear GSIM at world price changes x, relative to exports:
 *
 *     F_r(x) = Σ_v φ_rv·M̂_rv − E_x,r·x_r
 *     M̂_rv  = −E_s,v·p̂_rv + (E_m,v + E_s,v)·Σ_s θ_sv·p̂_sv,   p̂_rv = T̂_rv + x_r,   T̂ = T1/T0 − 1
 *
 * φ_rv = M_rv / Σ_v M_rv (export shares at world prices), θ_sv the import shares at internal
 * prices. The demand term is Francois & Hall's own-price elasticity N_rr = θ_r·E_m − (1−θ_r)·E_s
 * and cross-price elasticity N_rs = θ_s·(E_m + E_s), written in one sum.
 */
export function gsimLinearResiduals(mk: NormalMarket, theta: Float64Array, x: ArrayLike<number>): Float64Array {
  const { n, m, t0, t1, em, ex, es } = mk;
  const composite = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let s = 0;
    for (let r = 0; r < n; r++) s += theta[r * n + v] * (t1[r * n + v] / t0[r * n + v] - 1 + x[r]);
    composite[v] = s;
  }
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let exports = 0, demand = 0;
    for (let v = 0; v < n; v++) {
      const mrv = m[r * n + v];
      if (mrv === 0) continue;
      exports += mrv;
      const p = t1[r * n + v] / t0[r * n + v] - 1 + x[r];
      demand += mrv * (-es[v] * p + (em[v] + es[v]) * composite[v]);
    }
    out[r] = exports > 0 ? demand / exports - ex[r] * x[r] : -ex[r] * x[r];
  }
  return out;
}

function linearJacobian(mk: NormalMarket, theta: Float64Array): Float64Array {
  const { n, m, em, ex, es } = mk;
  const jac = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    let exports = 0;
    for (let v = 0; v < n; v++) exports += m[r * n + v];
    jac[r * n + r] -= ex[r];
    if (exports === 0) continue;
    for (let v = 0; v < n; v++) {
      const phi = m[r * n + v] / exports;
      if (phi === 0) continue;
      jac[r * n + r] -= phi * es[v];
      for (let q = 0; q < n; q++) jac[r * n + q] += phi * (em[v] + es[v]) * theta[q * n + v];
    }
  }
  return jac;
}

function solveLinear(mk: NormalMarket, theta: Float64Array, options: GsimOptions) {
  const n = mk.n;
  const names = mk.regions.map((r) => `market clearing for ${r}`);
  const tol = options.tolerance ?? 1e-12;
  if ((options.method ?? "newton") === "newton") {
    const jac = linearJacobian(mk, theta);
    return newton((x) => gsimLinearResiduals(mk, theta, x), () => jac, new Float64Array(n),
      { tolerance: tol, maxIterations: options.maxIterations ?? 20, equationNames: names, onProgress: options.onProgress });
  }
  // Gauss-Seidel on F(x) = 0: the Jacobian is strictly diagonally dominant by rows
  // (diagonal excess E_x + |E_m| > 0 when E_m + E_s ≥ 0), so the sweep converges.
  const jac = linearJacobian(mk, theta);
  const x = new Float64Array(n);
  const maxIter = options.maxIterations ?? 10000;
  let residual = Infinity;
  for (let iter = 1; iter <= maxIter; iter++) {
    for (let r = 0; r < n; r++) {
      const f = gsimLinearResiduals(mk, theta, x)[r];
      x[r] -= f / jac[r * n + r];
    }
    const res = gsimLinearResiduals(mk, theta, x);
    residual = Math.max(...Array.from(res, Math.abs));
    if (iter % 16 === 0) options.onProgress?.(Math.min(1, iter / maxIter), `gauss-seidel sweep ${iter}`);
    if (residual <= tol) return { x, iterations: iter, residual };
  }
  throw new SolverError({ kind: "not-converged", iterations: maxIter, residual, worstEquation: names[0],
    message: `gauss-seidel did not converge after ${maxIter} sweeps (max residual ${residual.toExponential(2)})` });
}

/**
 * Solves one GSIM market for a change of tariffs from `tariff0` to `tariff1`.
 *
 * Equilibrium (linear form): for each exporter r, Σ_v φ_rv·M̂_rv = E_x,r·P̂*_r (see
 * `gsimLinearResiduals`), a linear system in the world price changes P̂*, solved by
 * Newton with LU (one step) or by Gauss-Seidel. Then, as in Francois & Hall (2003):
 *
 *     M1_rv  = M_rv·(1 + M̂_rv)·(1 + P̂*_r)                          new trade at world prices
 *     P̂_v    = Σ_r θ_rv·((1 + P̂*_r)·T1_rv/T0_rv − 1)               composite import price
 *     ΔR_v   = Σ_r [M1_rv·(T1_rv − 1) − M_rv·(T0_rv − 1)]           tariff revenue
 *     ΔCS_v  = −R0_v·P̂_v − ½·E_m,v·R0_v·P̂_v²,  R0_v = Σ_r M_rv·T0_rv  (area under linear demand)
 *     ΔPS_r  = X_r·P̂*_r·(1 + ½·E_x,r·P̂*_r),     X_r = Σ_v M_rv       (area above linear supply)
 *     ΔW     = ΔPS + ΔCS + ΔR
 *
 * Units: trade, revenue and surplus in the unit of `trade`; price changes proportional.
 * Source: J. Francois and H. K. Hall, "Global simulation analysis of industry-level trade
 * policy", version 3.0, 21 April 2003 (WITS GSIM documentation); O. Jammes and M. Olarreaga,
 * "Explaining SMART and GSIM", World Bank, 2005. Some implementations write the
 * consumer-surplus triangle with sign(P̂); here it is the area under the demand curve for
 * both signs. The `levels` form (see `gsimLevelsSolve`) reports exact CES/constant-elasticity
 * areas instead. Assumes no income effects and one product market.
 */
export function gsim(market: GsimMarket, options: GsimOptions = {}): GsimResult {
  const o = gsimOptions(options);
  const mk = normaliseMarket(market);
  const theta = internalShares(mk);
  return inDomain(mk, o.form === "levels" ? gsimLevelsSolve(mk, theta, o) : gsimLinear(mk, theta, o), o.form ?? "linear");
}

/** Checks `gsim`'s options: known keys, `form` and `method` keywords, tolerance in (0, 1e-3], 1 to 100 000 iterations. */
function gsimOptions(options: unknown): GsimOptions {
  const o = record(options, "options", ["form", "method", "tolerance", "maxIterations", "onProgress"], badOptionInput);
  if (o.form !== undefined) keyword(o.form, "options.form", ["linear", "levels"], badOptionInput);
  if (o.method !== undefined) keyword(o.method, "options.method", ["newton", "gauss-seidel"], badOptionInput);
  if (o.tolerance !== undefined) numberOption(o.tolerance, "options.tolerance", { above: 0, max: 1e-3 }, badOptionInput);
  if (o.maxIterations !== undefined) numberOption(o.maxIterations, "options.maxIterations", { min: 1, max: 100000, integer: true }, badOptionInput);
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") badOptionInput("options.onProgress", o.onProgress, "must be a function");
  return o as GsimOptions;
}

/**
 * Refuses a solution outside the model's domain: a world or import price falling by 100 % or
 * more, or a negative trade flow. The linear form reaches them under large tariff changes (its
 * demand is a tangent that crosses zero); the levels form stays positive by construction.
 */
function inDomain(mk: NormalMarket, r: GsimResult, form: "linear" | "levels"): GsimResult {
  const hint = form === "linear"
    ? "the linear GSIM is a first-order approximation and this tariff change is too large for it: use {form: \"levels\"} (exact CES), or a smaller change"
    : "use a smaller change";
  r.worldPriceChange.forEach((x, i) => {
    if (!(x > -1)) outsideDomain("worldPriceChange", `exporter ${mk.regions[i]}`, x, `a price cannot fall by 100 % or more; ${hint}`);
  });
  r.importPriceChange.forEach((x, i) => {
    if (!(x > -1)) outsideDomain("importPriceChange", `importer ${mk.regions[i]}`, x, `a price cannot fall by 100 % or more; ${hint}`);
  });
  r.trade1.forEach((row, e) => row.forEach((v, i) => {
    const scale = Math.max(mk.m[e * mk.n + i], 1);
    if (!(v >= -1e-12 * scale)) outsideDomain("trade1", `${mk.regions[e]} → ${mk.regions[i]}`, v, `a trade flow cannot be negative; ${hint}`);
  }));
  return r;
}

function gsimLinear(mk: NormalMarket, theta: Float64Array, options: GsimOptions): GsimResult {
  const { x, iterations } = solveLinear(mk, theta, options);
  const { n, m, t0, t1, em, ex, es } = mk;
  const composite = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    for (let r = 0; r < n; r++) composite[v] += theta[r * n + v] * (t1[r * n + v] / t0[r * n + v] - 1 + x[r]);
  }
  const trade1 = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let v = 0; v < n; v++) {
      const p = t1[r * n + v] / t0[r * n + v] - 1 + x[r];
      const mhat = -es[v] * p + (em[v] + es[v]) * composite[v];
      trade1[r * n + v] = m[r * n + v] * (1 + mhat) * (1 + x[r]);
    }
  }
  const importPrice = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    for (let r = 0; r < n; r++) importPrice[v] += theta[r * n + v] * ((1 + x[r]) * (t1[r * n + v] / t0[r * n + v]) - 1);
  }
  const cs = (v: number, r0: number) => -r0 * importPrice[v] - 0.5 * em[v] * r0 * importPrice[v] ** 2;
  const ps = (r: number, x0: number) => x0 * x[r] * (1 + 0.5 * ex[r] * x[r]);
  return assemble(mk, x, trade1, importPrice, cs, ps, gsimLinearResiduals(mk, theta, x), iterations);
}

/**
 * Solves several independent product markets (e.g. one per HS line) with the same options.
 * `markets` must be an array (a single market is refused, not read as none); the options are
 * checked before the first market is solved.
 */
export function gsimMarkets(markets: readonly GsimMarket[], options: GsimOptions = {}): GsimResult[] {
  if (!Array.isArray(markets)) badInput("markets", `expected an array of markets (wrap a single market as [market]), got ${describe(markets)}`);
  gsimOptions(options);
  const out: GsimResult[] = [];
  for (let i = 0; i < markets.length; i++) {
    out.push(gsim(markets[i], { ...options, onProgress: undefined }));
    options.onProgress?.((i + 1) / markets.length, `market ${i + 1} of ${markets.length}`);
  }
  return out;
}

/**
 * Market-clearing residuals (demand minus supply, relative to each exporter's exports) at
 * the given world price changes: zero at a solution. `linear` uses `gsimLinearResiduals`,
 * `levels` uses `gsimLevelsResiduals` at p = 1 + x, so there every change must be > −1 (a
 * world price above zero). For checking a solution independently. Another `form` is refused.
 */
export function gsimResiduals(market: GsimMarket, worldPriceChange: readonly number[], form: "linear" | "levels" = "linear"): number[] {
  keyword(form, "form", ["linear", "levels"], badOptionInput);
  const mk = normaliseMarket(market);
  if (!Array.isArray(worldPriceChange)) badInput("worldPriceChange", `expected an array of ${mk.n} numbers (one per region), got ${describe(worldPriceChange)}`);
  if (worldPriceChange.length !== mk.n) badInput("worldPriceChange", `expected ${mk.n} values (one per region), got ${worldPriceChange.length}`);
  const x = worldPriceChange.map((v, i) => finite(v, "worldPriceChange", i + 1));
  if (form === "levels") x.forEach((v, i) => {
    if (!(v > -1)) badInput("worldPriceChange", `the levels form needs a world price above zero, i.e. a change > −1 for exporter ${mk.regions[i]}, got ${v}`, i + 1);
  });
  const theta = internalShares(mk);
  return Array.from(form === "levels" ? gsimLevelsResiduals(mk, theta, x.map((v) => 1 + v)) : gsimLinearResiduals(mk, theta, x));
}
