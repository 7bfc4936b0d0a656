/**
 * The 1-2-3 model (Devarajan, Go, Lewis, Robinson & Sinko, "Simple general equilibrium
 * modeling", in Francois & Reinert (eds.), Applied Methods for Trade Policy Analysis, 1997),
 * as the GAMS model library's MGE123 writes it in MPSGE: one output Y transformed into domestic
 * sales PD and exports PX (CET 4), an Armington good PA of PD and imports PM (CES 4), labour–
 * leisure choice for the household (CES 0.4), taxes on capital, labour, the Armington good,
 * exports and imports, all paid to GOVT. Auxiliaries: UR (unemployment under a rigid real wage,
 * PL ≥ PA ⊥ UR ≥ 0), TAU_LS (lump-sum replacement tax) and TAU_TL (wage-tax replacement), each
 * keeping real government spending GOVT = g0·PA. A closure fixes the ones not used
 * (`closures123`). Units: the model's benchmark values (its microconsistent matrix).
 */
import { mge, type MgeModel } from "./model";
import type { MgeSolveOptions } from "./solve";

// Benchmark data from the model's microconsistent matrix (MGE123).
const d0 = 218.308, x0 = 106.386, kd0 = 143.862, ly0 = 163.32, a0 = 413.653, g0 = 35.583, m0 = 144.701, i0 = 86.376;
const tk = 12.837 / 143.862, tl = 3.539 / 163.32, ta = 32.027 / 413.653, tx = 1.136 / 106.386, tm = 18.617 / 144.701;
const bopdef = 38.315, l0 = 0.75 * ly0, c0 = a0 - i0 - g0;
const dtax = g0 - bopdef - tm * m0 - ta * a0 - tl * ly0 - tk * kd0 - tx * x0;

/** The 1-2-3 model with import tariff rate `tariff` (the benchmark rate is `tm123`, 12.87 %). */
export function model123(tariff: number = tm): MgeModel {
  return mge({
    commodities: ["PD", "PX", "PM", "PA", "PL", "RK", "PFX"],
    sectors: [
      { name: "Y", t: 4, s: 1,
        outputs: [{ commodity: "PD", quantity: d0 }, { commodity: "PX", quantity: x0, price: 1 - tx, taxes: [{ rate: tx, agent: "GOVT" }] }],
        inputs: [{ commodity: "RK", quantity: kd0, price: 1 + tk, taxes: [{ rate: tk, agent: "GOVT" }] },
          { commodity: "PL", quantity: ly0, price: 1 + tl, taxes: [{ rate: { constant: tl, aux: "TAU_TL" }, agent: "GOVT" }] }] },
      { name: "A", s: 4, outputs: [{ commodity: "PA", quantity: a0, taxes: [{ rate: ta, agent: "GOVT" }] }],
        inputs: [{ commodity: "PD", quantity: d0 }, { commodity: "PM", quantity: m0, price: 1 + tm, taxes: [{ rate: tariff, agent: "GOVT" }] }] },
      { name: "M", outputs: [{ commodity: "PM", quantity: m0 }], inputs: [{ commodity: "PFX", quantity: m0 }] },
      { name: "X", outputs: [{ commodity: "PFX", quantity: x0 }], inputs: [{ commodity: "PX", quantity: x0 }] },
    ],
    consumers: [
      { name: "GOVT", s: 0, demands: [{ commodity: "PA", quantity: g0 }],
        endowments: [{ commodity: "PA", quantity: { aux: "TAU_LS", coefficient: g0 } }, { commodity: "PA", quantity: dtax }, { commodity: "PFX", quantity: bopdef }] },
      { name: "HH", s: 0.4, demands: [{ commodity: "PA", quantity: c0 }, { commodity: "PL", quantity: l0 }],
        endowments: [{ commodity: "PA", quantity: { aux: "TAU_LS", coefficient: -g0 } }, { commodity: "PA", quantity: -dtax },
          { commodity: "RK", quantity: kd0 }, { commodity: "PA", quantity: -i0 }, { commodity: "PL", quantity: ly0 + l0 },
          { commodity: "PL", quantity: { aux: "UR", coefficient: -(ly0 + l0) } }] },
    ],
    auxiliaries: [
      { name: "UR", constraint: { PL: 1, PA: -1 }, lower: 0 },     // rigid real wage: PL ≥ PA ⊥ unemployment ≥ 0
      { name: "TAU_LS", constraint: { GOVT: 1, PA: -g0 } },         // lump-sum replacement keeps real government spending
      { name: "TAU_TL", constraint: { GOVT: 1, PA: -g0 } },         // or a wage-tax replacement does
    ],
  });
}

/** The benchmark import tariff rate, 18.617 / 144.701. */
export const tm123 = tm;

/**
 * MGE123's four closures as `solveMge` options: the household's income is the numeraire
 * (fixed at the published values, so prices compare with GAMS/MPSGE's), the unused auxiliaries
 * fixed at 0. "flexible" wage: UR = 0; "rigid": UR free, PL ≥ PA.
 */
export const closures123: Record<"lumpSumFlexible" | "lumpSumRigid" | "wageTaxFlexible" | "wageTaxRigid", MgeSolveOptions> = {
  lumpSumFlexible: { fix: { HH: 414.184, UR: 0, TAU_TL: 0 } },
  lumpSumRigid: { fix: { HH: 427.4988518, TAU_TL: 0 } },
  wageTaxFlexible: { fix: { HH: 427.4988518, UR: 0, TAU_LS: 0 } },
  wageTaxRigid: { fix: { HH: 441.2417391, TAU_LS: 0 } },
};
