/**
 * The textbook standard CGE model (STDCGE; Hosoe, Gasawa & Hashimoto 2010, ch. 6) written
 * through the model builder, from any balanced SAM with any number of sectors and import
 * sources: what an MPSGE modeller would write. The SAM is read and checked by the `cge` solver's
 * own calibration (`flows`, `calibrateFlows`: one reading of a SAM, the same refusals), so both
 * solvers start from the same benchmark. Per sector j (values in SAM units, benchmark prices 1):
 *
 *     V_j   value added: the factors → VA_j, Cobb–Douglas (σ = 1)
 *     Z_j   gross output: VA_j and intermediates Q_i in fixed proportions (σ = 0), sold as
 *           exports (earning foreign exchange PFX) and domestic D_j under a CET (elasticity ψ),
 *           the production tax as an output tax t_z = IDT_j / (Z_j + IDT_j), paid to GOV
 *     A_j   Armington: D_j and imports → Q_j, CES σ
 *     I_j   (goods imported from two sources or more) the import composite M_j: imports by
 *           source s → M_j, CES σ_sources, as the `cge` solver's second Armington nest
 *
 * An import from source s pays for foreign exchange at the tariff t_m,s = TRF_s,j / M_s,j (paid
 * to GOV). With one source that is PFX itself; with several it is PFX_s, bought one for one with
 * PFX by the sector FX_s, so that each source's imports are a flow of their own (`PFX_CU†I_BRD`)
 * and FX_s's activity is the total from s relative to the benchmark. A non-tariff (iceberg)
 * cost ntb_s,j is calibrated as in `cge` (no effect at the benchmark); cutting it by a fraction c
 * makes a unit of imports cost κ = (1 + (1 − c)·ntb)/(1 + ntb) units of foreign exchange.
 *
 * Consumers: HOH owns the factors and buys goods, direct tax (the "commodity" TDX, bought by
 * HOH and owned by GOV) and saving (SAV), all Cobb–Douglas, so tax and saving are fixed shares
 * of income as in STDCGE; GOV buys goods and saves; INV owns all saving and the foreign saving
 * (PFX) and buys investment goods. The equilibrium is STDCGE's (checked against GAMS/CONOPT's
 * utility and the `cge` solver in stdcge.test.ts and twoSource.test.ts). Flows in `solveMge`'s
 * result: `Q_BRDρHOH` is household consumption of BRD, activity `Z_BRD` is gross output relative
 * to the benchmark; `importsBySource` reads imports by source and good from a solution.
 */
import { calibrateFlows, flows, type CalibrateOptions, type PerSector } from "../cge/calibrate";
import { CgeError, optionFail } from "../cge/errors";
import { calibrationOptions, rateRange } from "../cge/options";
import type { Sam } from "../cge/sam";
import { describe, numberOption, perName, record } from "../options";
import { mge, type Flow, type MgeModel, type Sector } from "./model";
import type { MgeSolution } from "./solve";

/** Options of `standardModel`: elasticities, and the tariffs and non-tariff costs to solve under. */
export interface StandardModelOptions {
  /** Armington elasticity σ between domestic goods and imports: one for all sectors or one per sector (default 2, as STDCGE). */
  sigma?: PerSector;
  /** CET elasticity ψ between exports and domestic sales, likewise (default 2, as STDCGE). */
  psi?: PerSector;
  /** Elasticity between import sources, likewise (default 4, as `cge.calibrate`; unused with one source). */
  sigmaSources?: PerSector;
  /**
   * Benchmark tariff rates times this, 0 to 100: one number for every source or one per source
   * (sources left out: 1). Default 1; 0 removes the tariffs (STDCGE's experiment).
   */
  tariffScale?: number | Readonly<Record<string, number>>;
  /** Tariff rates to solve under, by source: one rate or a rate per sector (sectors left out keep their scaled benchmark rate). */
  tariffRates?: Readonly<Record<string, PerSector>>;
  /** Benchmark non-tariff (iceberg) costs, ad valorem, by source: as `cge.calibrate`'s `ntb`. */
  ntb?: Readonly<Record<string, PerSector>>;
  /** The fraction of each source's benchmark non-tariff cost removed, 0 to 1: one number or one per source (default 0). */
  ntbCut?: number | Readonly<Record<string, number>>;
}

const keys = ["sigma", "psi", "sigmaSources", "tariffScale", "tariffRates", "ntb", "ntbCut"] as const;

/** The commodity that source `s`'s imports are paid in: PFX itself with one source. */
const currency = (sam: Sam, s: string) => (sam.sources.length === 1 ? "PFX" : `PFX_${s}`);

/** The standard model of a SAM (`cge.sam`, one import source or several) under the given tariffs and non-tariff costs. */
export function standardModel(sam: Sam, options: StandardModelOptions = {}): MgeModel {
  const o = record(options, "options", keys, optionFail);
  const sources = sam.sources.map((s) => s.name);
  const goods = sam.sectors;
  const tariffScale = perName(o.tariffScale, "tariffScale", sources, "import source", 1, { min: 0, max: 100 }, optionFail);
  const ntbCut = perName(o.ntbCut, "ntbCut", sources, "import source", 0, { min: 0, max: 1 }, optionFail);
  const rates = record(o.tariffRates, "tariffRates", sources, (option, value, why) =>
    optionFail(option, value, why.replace("unknown option", "unknown import source")));
  const rateOf = sources.map((s) => {
    const v = rates[s];
    if (v === undefined) return () => undefined;
    if (typeof v === "number") {
      const r = numberOption(v, `tariffRates.${s}`, rateRange, optionFail);
      return () => r;
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) optionFail(`tariffRates.${s}`, v, `must be a number or an object with a rate per sector, got ${describe(v)}`);
    const given = record(v, `tariffRates.${s}`, goods, (option, value, why) => optionFail(option, value, why.replace("unknown option", "unknown sector")));
    const map = new Map(Object.entries(given).map(([j, r]) => [j, numberOption(r, `tariffRates.${s}.${j}`, rateRange, optionFail)]));
    return (j: string) => map.get(j);
  });
  // The cge calibration reads the SAM, checks it and normalises the elasticities and NTB costs.
  const calibration = { sigma: o.sigma, psi: o.psi, sigmaSources: o.sigmaSources, ntb: o.ntb } as CalibrateOptions;
  const f = flows(sam);
  const e = calibrationOptions(calibration, f);
  const { base: b, exo } = calibrateFlows(f, calibration, sam);
  const { household: HOH, government: GOV, investment: INV } = sam;
  const positive = (name: string, v: number) => {
    if (v < 0) throw new CgeError({ kind: "bad-sam", message: `the builder's standard model needs ${name} ≥ 0, the SAM has ${v}` });
    return v > 0;
  };
  positive(`direct tax ${GOV}←${HOH}`, b.Td);
  positive(`household saving ${INV}←${HOH}`, b.Sp);
  positive(`government saving ${INV}←${GOV}`, b.Sg);
  const imported = sources.map((_, s) => b.Ms[s].reduce((a, v) => a + v, 0));
  const sectors: Sector[] = goods.flatMap((j, jj) => {
    const Y = b.Y[jj], Z = b.Z[jj], D = b.D[jj], E = b.E[jj];
    const tz = b.Tz[jj] / (Z + b.Tz[jj]); // (1 − t)(1 + τz) = 1: the markup τz as an output tax
    const outputTax = tz !== 0 ? [{ rate: tz, agent: GOV }] : [];
    const outputs: Flow[] = [{ commodity: `D_${j}`, quantity: D, price: 1 - tz, taxes: outputTax }];
    if (E > 0) outputs.unshift({ commodity: "PFX", quantity: E, price: 1 - tz, taxes: outputTax });
    // Imports by source at benchmark prices 1 + t_m; a unit costs κ units of foreign exchange.
    const imports: Flow[] = sources.flatMap((src, s) => {
      const M = b.Ms[s][jj];
      if (!(M > 0)) return [];
      const tm = exo.taum[s][jj], ntb = exo.ntb[s][jj];
      const kappa = (1 + (1 - ntbCut[s]) * ntb) / (1 + ntb);
      const rate = rateOf[s](j) ?? tm * tariffScale[s];
      // A zero tax is left out rather than carried as a zero rate: the same model, a sparser Jacobian.
      return [{ commodity: currency(sam, src), quantity: M * kappa, price: (1 + tm) / kappa, taxes: rate !== 0 ? [{ rate, agent: GOV }] : [] }];
    });
    const importValue = imports.reduce((a, f) => a + f.quantity * f.price!, 0);
    const armington: Flow[] = [{ commodity: `D_${j}`, quantity: D }];
    const nest: Sector[] = [];
    if (imports.length === 1) armington.push(imports[0]);
    else if (imports.length > 1) {
      armington.push({ commodity: `M_${j}`, quantity: importValue });
      nest.push({ name: `I_${j}`, s: e.sigmaSources[jj], inputs: imports, outputs: [{ commodity: `M_${j}`, quantity: importValue }] });
    }
    return [
      { name: `V_${j}`, s: 1, inputs: sam.factors.map((h, k) => ({ commodity: h, quantity: b.F[k][jj] })).filter((f) => f.quantity > 0),
        outputs: [{ commodity: `VA_${j}`, quantity: Y }] },
      { name: `Z_${j}`, s: 0, t: e.psi[jj],
        inputs: [{ commodity: `VA_${j}`, quantity: Y }, ...goods.flatMap((i, ii) => (b.X[ii][jj] > 0 ? [{ commodity: `Q_${i}`, quantity: b.X[ii][jj] }] : []))],
        outputs },
      { name: `A_${j}`, s: e.sigma[jj], inputs: armington, outputs: [{ commodity: `Q_${j}`, quantity: D + importValue }] },
      ...nest,
    ];
  });
  // Several sources: each source's currency is bought one for one with PFX (activity 1 at the benchmark).
  const exchange: Sector[] = sources.length === 1 ? [] : sources.flatMap((s, k) => (imported[k] > 0
    ? [{ name: `FX_${s}`, s: 0, inputs: [{ commodity: "PFX", quantity: imported[k] }], outputs: [{ commodity: currency(sam, s), quantity: imported[k] }] }]
    : []));
  const demands = (x: readonly number[]) => goods.flatMap((i, ii) => (x[ii] > 0 ? [{ commodity: `Q_${i}`, quantity: x[ii] }] : []));
  const only = <T>(keep: boolean, item: T): T[] => (keep ? [item] : []);
  return mge({
    commodities: [...sam.factors, "PFX", ...only(b.Td > 0, "TDX"), ...only(b.Sp + b.Sg > 0, "SAV"),
      ...(sources.length === 1 ? [] : sources.filter((_, k) => imported[k] > 0).map((s) => currency(sam, s))),
      ...goods.flatMap((j, jj) => [`VA_${j}`, `D_${j}`, `Q_${j}`, ...only(sources.filter((_, s) => b.Ms[s][jj] > 0).length > 1, `M_${j}`)])],
    sectors: [...sectors, ...exchange],
    consumers: [
      { name: HOH, s: 1, demands: [...demands(b.Xp), ...only(b.Td > 0, { commodity: "TDX", quantity: b.Td }), ...only(b.Sp > 0, { commodity: "SAV", quantity: b.Sp })],
        endowments: sam.factors.map((h, k) => ({ commodity: h, quantity: b.FF[k] })) },
      { name: GOV, s: 1, demands: [...demands(b.Xg), ...only(b.Sg > 0, { commodity: "SAV", quantity: b.Sg })],
        endowments: only(b.Td > 0, { commodity: "TDX", quantity: b.Td }) },
      { name: INV, s: 1, demands: demands(b.Xv),
        endowments: [...only(b.Sp + b.Sg > 0, { commodity: "SAV", quantity: b.Sp + b.Sg }), ...only(b.Sf !== 0, { commodity: "PFX", quantity: b.Sf })] },
    ],
  });
}

/**
 * Imports by source and good in a solution of `standardModel(sam, …)`: foreign exchange spent
 * at benchmark world prices (the quantity imported, times κ when a non-tariff cost was cut),
 * `{ CU: { BRD: 12.3, … }, … }`; goods a source does not supply are left out.
 */
export function importsBySource(sam: Sam, solution: MgeSolution): Record<string, Record<string, number>> {
  const { flows: f, values: v } = solution;
  return Object.fromEntries(sam.sources.map((src) => {
    const c = currency(sam, src.name);
    return [src.name, Object.fromEntries(sam.sectors.flatMap((j) => {
      const nested = f[`${c}†I_${j}`], direct = f[`${c}†A_${j}`];
      if (nested !== undefined) return [[j, nested * v[`I_${j}`]]];
      if (direct !== undefined) return [[j, direct * v[`A_${j}`]]];
      return [];
    }))];
  }));
}
