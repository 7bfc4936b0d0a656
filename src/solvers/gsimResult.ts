/**
 * The result of a GSIM solution and its assembly from world price changes and new trade,
 * shared by the linear and the levels form.
 */
import type { NormalMarket } from "./gsimInput";
import { rowTable, type RowTable } from "./input";

/** One row of `GsimResult.summary`, per region. */
export interface GsimSummaryRow {
  region: string;
  worldPriceChange: number;
  importPriceChange: number;
  exports0: number;
  exports1: number;
  imports0: number;
  imports1: number;
  producerSurplus: number;
  consumerSurplus: number;
  tariffRevenue: number;
  welfare: number;
}

/** Result of `gsim`. Changes are proportional (0.05 = +5%) or in the trade value unit. */
export interface GsimResult {
  regions: string[];
  /** Proportional change in each exporter's world price, P̂*_r. */
  worldPriceChange: number[];
  /** Proportional change in each importer's composite (internal) import price, P̂_v. */
  importPriceChange: number[];
  /** New trade at world prices, [exporter][importer]. */
  trade1: number[][];
  /** Per region: producer surplus, consumer surplus, tariff revenue and welfare changes. */
  producerSurplus: number[];
  consumerSurplus: number[];
  tariffRevenue: number[];
  welfare: number[];
  /** `region, worldPriceChange, importPriceChange, exports0, exports1, imports0, imports1, producerSurplus, consumerSurplus, tariffRevenue, welfare`. */
  summary: RowTable<GsimSummaryRow>;
  /** Max |Σ_v demand − supply| / exports over exporters at the solution (market clearing). */
  clearingResidual: number;
  iterations: number;
}

/**
 * Builds a `GsimResult` from world price changes x, new trade at world prices and the
 * composite import price changes. Per region v: ΔR_v = Σ_r M1_rv·(T1_rv − 1) − M_rv·(T0_rv − 1)
 * and ΔW = ΔPS + ΔCS + ΔR, with the surplus areas supplied by the form that solved it.
 */
export function assemble(
  mk: NormalMarket,
  x: ArrayLike<number>,
  trade1: Float64Array,
  importPrice: ArrayLike<number>,
  consumerSurplus: (v: number, r0: number) => number,
  producerSurplus: (r: number, x0: number) => number,
  residuals: ArrayLike<number>,
  iterations: number,
): GsimResult {
  const { n, regions, m, t0, t1 } = mk;
  const rows = (a: Float64Array) => Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)));
  const exports0 = new Array<number>(n).fill(0), exports1 = new Array<number>(n).fill(0);
  const imports0 = new Array<number>(n).fill(0), imports1 = new Array<number>(n).fill(0);
  const revenue = new Array<number>(n).fill(0), r0 = new Array<number>(n).fill(0);
  for (let r = 0; r < n; r++) {
    for (let v = 0; v < n; v++) {
      const k = r * n + v;
      exports0[r] += m[k];
      exports1[r] += trade1[k];
      imports0[v] += m[k];
      imports1[v] += trade1[k];
      r0[v] += m[k] * t0[k];
      revenue[v] += trade1[k] * (t1[k] - 1) - m[k] * (t0[k] - 1);
    }
  }
  const cs = regions.map((_, v) => consumerSurplus(v, r0[v]));
  const ps = regions.map((_, r) => producerSurplus(r, exports0[r]));
  const welfare = regions.map((_, i) => ps[i] + cs[i] + revenue[i]);
  const worldPriceChange = Array.from(x);
  const importPriceChange = Array.from(importPrice);
  let clearingResidual = 0;
  for (let i = 0; i < n; i++) clearingResidual = Math.max(clearingResidual, Math.abs(residuals[i]));
  return {
    regions: [...regions], worldPriceChange, importPriceChange, trade1: rows(trade1),
    producerSurplus: ps, consumerSurplus: cs, tariffRevenue: revenue, welfare,
    summary: rowTable<GsimSummaryRow>({ region: [...regions], worldPriceChange, importPriceChange, exports0, exports1, imports0, imports1,
      producerSurplus: ps, consumerSurplus: cs, tariffRevenue: revenue, welfare }),
    clearingResidual, iterations,
  };
}

