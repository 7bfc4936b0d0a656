/**
 * The textbook standard CGE model (STDCGE; Hosoe, Gasawa & Hashimoto 2010, ch. 6) written
 * through the model builder, from any balanced SAM with one import source and any number of
 * sectors: what an MPSGE modeller would write. Per sector j (values in SAM units, benchmark
 * prices 1):
 *
 *     V_j   value added: CAP, LAB → VA_j, Cobb–Douglas (σ = 1)
 *     Z_j   gross output: VA_j and intermediates Q_i in fixed proportions (σ = 0), sold as
 *           exports (earning foreign exchange PFX) and domestic D_j under a CET (elasticity ψ),
 *           the production tax as an output tax t_z = IDT_j / (Z_j + IDT_j), paid to GOV
 *     A_j   Armington: D_j and imports (PFX at the tariff t_m = TRF_j / M_j) → Q_j, CES σ
 *
 * Consumers: HOH owns the factors and buys goods, direct tax (the "commodity" TDX, bought by
 * HOH and owned by GOV) and saving (SAV), all Cobb–Douglas, so tax and saving are fixed shares
 * of income as in STDCGE; GOV buys goods and saves; INV owns all saving and the foreign saving
 * (PFX) and buys investment goods. The equilibrium is STDCGE's (checked against GAMS/CONOPT's
 * utility and the `cge` solver in standard.test.ts). Flows in `solveMge`'s result: `Q_BRDρHOH`
 * is household consumption of BRD, activity `Z_BRD` is gross output relative to the benchmark.
 */
import type { Sam } from "../cge/sam";
import { optionFail } from "../cge/errors";
import { numberOption, record } from "../options";
import { mge, type Flow, type MgeModel, type Sector } from "./model";

/** Options of `standardModel`: elasticities and the tariff rates to solve under. */
export interface StandardModelOptions {
  /** Armington elasticity σ between domestic goods and imports (default 2, as STDCGE). */
  sigma?: number;
  /** CET elasticity ψ between exports and domestic sales (default 2, as STDCGE). */
  psi?: number;
  /** Every benchmark tariff rate times this, 0 to 100 (default 1; 0 removes all tariffs, STDCGE's experiment). */
  tariffScale?: number;
}

/** The standard model of a SAM (`cge.sam`, one import source) under the given tariffs. */
export function standardModel(sam: Sam, options: StandardModelOptions = {}): MgeModel {
  const o = record(options, "options", ["sigma", "psi", "tariffScale"], optionFail);
  const sigma = o.sigma === undefined ? 2 : numberOption(o.sigma, "sigma", { above: 0, max: 50 }, optionFail);
  const psi = o.psi === undefined ? 2 : numberOption(o.psi, "psi", { above: 0, max: 50 }, optionFail);
  const tariffScale = o.tariffScale === undefined ? 1 : numberOption(o.tariffScale, "tariffScale", { min: 0, max: 100 }, optionFail);
  if (sam.sources.length !== 1) optionFail("sam", sam.sources.map((s) => s.name).join(", "), "must have one import source for the standard model");
  if (sam.factors.length !== 2 || !sam.factors.includes("CAP") || !sam.factors.includes("LAB")) {
    optionFail("sam", sam.factors.join(", "), "must have the factors CAP and LAB for the standard model");
  }
  const { account: EXT, tariff: TRF } = sam.sources[0];
  const index = new Map(sam.labels.map((l, i) => [l, i]));
  const size = sam.labels.length;
  const at = (row: string, column: string) => sam.values[index.get(row)! * size + index.get(column)!];
  const goods = sam.sectors;
  const { household: HOH, government: GOV, investment: INV, indirectTax: IDT } = sam;
  const sectors: Sector[] = goods.flatMap((j) => {
    const Y = at("CAP", j) + at("LAB", j);
    const Z = Y + goods.reduce((a, i) => a + at(i, j), 0);
    const tz = at(IDT, j) / (Z + at(IDT, j)); // (1 − t)(1 + τz) = 1: the markup τz as an output tax
    const E = at(j, EXT), D = Z + at(IDT, j) - E, M = at(EXT, j);
    const tm = M > 0 && TRF ? at(TRF, j) / M : 0;
    const outputTax = [{ rate: tz, agent: GOV }];
    const outputs: Flow[] = [{ commodity: `D_${j}`, quantity: D, price: 1 - tz, taxes: outputTax }];
    if (E > 0) outputs.unshift({ commodity: "PFX", quantity: E, price: 1 - tz, taxes: outputTax });
    const armington: Flow[] = [{ commodity: `D_${j}`, quantity: D }];
    if (M > 0) armington.push({ commodity: "PFX", quantity: M, price: 1 + tm, taxes: [{ rate: tm * tariffScale, agent: GOV }] });
    return [
      { name: `V_${j}`, s: 1, inputs: [{ commodity: "CAP", quantity: at("CAP", j) }, { commodity: "LAB", quantity: at("LAB", j) }].filter((f) => f.quantity > 0),
        outputs: [{ commodity: `VA_${j}`, quantity: Y }] },
      { name: `Z_${j}`, s: 0, t: psi,
        inputs: [{ commodity: `VA_${j}`, quantity: Y }, ...goods.filter((i) => at(i, j) > 0).map((i) => ({ commodity: `Q_${i}`, quantity: at(i, j) }))],
        outputs },
      { name: `A_${j}`, s: sigma, inputs: armington, outputs: [{ commodity: `Q_${j}`, quantity: D + M * (1 + tm) }] },
    ];
  });
  const demands = (buyer: string) => goods.filter((i) => at(i, buyer) > 0).map((i) => ({ commodity: `Q_${i}`, quantity: at(i, buyer) }));
  const foreignSaving = at(INV, EXT);
  return mge({
    commodities: ["CAP", "LAB", "PFX", "TDX", "SAV", ...goods.flatMap((j) => [`VA_${j}`, `D_${j}`, `Q_${j}`])],
    sectors,
    consumers: [
      { name: HOH, s: 1, demands: [...demands(HOH), { commodity: "TDX", quantity: at(GOV, HOH) }, { commodity: "SAV", quantity: at(INV, HOH) }],
        endowments: [{ commodity: "CAP", quantity: at(HOH, "CAP") }, { commodity: "LAB", quantity: at(HOH, "LAB") }] },
      { name: GOV, s: 1, demands: [...demands(GOV), { commodity: "SAV", quantity: at(INV, GOV) }],
        endowments: [{ commodity: "TDX", quantity: at(GOV, HOH) }] },
      { name: INV, s: 1, demands: demands(INV),
        endowments: [{ commodity: "SAV", quantity: at(INV, HOH) + at(INV, GOV) }, ...(foreignSaving !== 0 ? [{ commodity: "PFX", quantity: foreignSaving }] : [])] },
    ],
  });
}
