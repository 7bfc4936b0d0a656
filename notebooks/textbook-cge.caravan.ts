// caravan: 1
// title: A CGE tariff experiment step by step, with the textbook SAM

// %% [markdown id=intro]
// # A CGE tariff experiment, step by step
//
// A computable general equilibrium (CGE) model follows a tariff through the whole economy:
// prices of imports, what households buy, what firms produce, what the government earns,
// and the exchange rate that keeps foreign payments balanced. This notebook runs the
// standard model of Hosoe, Gasawa and Hashimoto, *Textbook of Computable General
// Equilibrium Modelling* (2010), as published in the GAMS model library (STDCGE), on its
// own social accounting matrix (SAM), and removes every import tariff.
//
// The steps: read the SAM, check it balances, calibrate the model's parameters from it,
// confirm that the base solves without moving, remove the tariffs, and read the results
// against the number the GAMS model library publishes for the same experiment.

// %% [markdown id=sam-md]
// ## Step 1: the social accounting matrix
//
// A SAM records every payment in the economy once: the **column pays the row**. Two
// sectors (BRD, bread, and MLK, milk), two factors (capital CAP and labour LAB), indirect
// taxes (IDT), tariffs (TRF), a household (HOH), the government (GOV), investment (INV)
// and the rest of the world (EXT). Reading down the BRD column: bread producers buy 21 of
// bread and 17 of milk as inputs, pay 20 to capital and 15 to labour, 5 of indirect tax,
// and (in the EXT row) its imports, 13, pay 1 of tariff (TRF row).

// %% [code id=samTable]
const samTable = await FileAttachment("reference/stdcge_sam.csv").csv()
// %% output
// row\\col	BRD	MLK	CAP	LAB	IDT	TRF	HOH	GOV	INV	EXT
// BRD	21	8	0	0	0	0	20	19	16	8
// MLK	17	9	0	0	0	0	30	14	15	4
// CAP	20	30	0	0	0	0	0	0	0	0
// LAB	15	25	0	0	0	0	0	0	0	0
// IDT	5	4	0	0	0	0	0	0	0	0
// TRF	1	2	0	0	0	0	0	0	0	0
// HOH	0	0	50	40	0	0	0	0	0	0
// GOV	0	0	0	0	9	3	23	0	0	0
// INV	0	0	0	0	0	0	17	2	0	12
// EXT	13	11	0	0	0	0	0	0	0	0

// %% [markdown id=balance-md]
// ## Step 2: every account balances
//
// What an account receives (its row total) must equal what it pays (its column total):
// income equals spending for the household, supply equals demand for a good. A model
// calibrated on an unbalanced SAM would not reproduce it.

// %% [code id=balance]
const textbookSam = solvers.cge.parseSamCsv(await FileAttachment("reference/stdcge_sam.csv").text())
const balance = textbookSam.labels.map((account, i) => ({
  account,
  received: textbookSam.values[i].reduce((a, b) => a + b, 0),
  paid: textbookSam.values.reduce((a, row) => a + row[i], 0),
}))
balance
// %% output
// [
//   {"account": "BRD", "paid": 92, "received": 92},
//   {"account": "MLK", "paid": 89, "received": 89},
//   {"account": "CAP", "paid": 50, "received": 50},
//   {"account": "LAB", "paid": 40, "received": 40},
//   {"account": "IDT", "paid": 9, "received": 9},
//   {"account": "TRF", "paid": 3, "received": 3},
//   {"account": "HOH", "paid": 90, "received": 90},
//   {"account": "GOV", "paid": 35, "received": 35},
//   {"account": "INV", "paid": 31, "received": 31},
//   {"account": "EXT", "paid": 24, "received": 24},
// ]

// %% [markdown id=calibrate-md]
// ## Step 3: calibration
//
// Calibration chooses every parameter so that the model, at prices of 1, reproduces the
// SAM exactly. Shares come straight from the columns: the household spends a share
// α of its consumption on each good (20/50 and 30/50), value added is split between
// capital and labour with Cobb-Douglas shares β (bread: 20/35 capital, 15/35 labour), the
// tariff rate is tariffs over imports (bread: 1/13 = 7.7%; milk: 2/11 = 18.2%). The two
// elasticities are not in the SAM: they are the textbook's choices, σ = 2 between imports
// and domestic goods (Armington) and ψ = 2 between exports and domestic sales (CET). The
// wage is the numeraire (its price stays 1).

// %% [code id=model]
const accounts = {
  sectors: ["BRD", "MLK"], factors: ["CAP", "LAB"], household: "HOH", government: "GOV",
  investment: "INV", indirectTax: "IDT", restOfWorld: "EXT", tariffs: "TRF",
}
const model = solvers.cge.calibrate(solvers.cge.sam(textbookSam, accounts), { sigma: 2, psi: 2, closure: { numeraire: "LAB" } })
const calibration = model.sectors.map((sector, i) => ({
  sector,
  consumptionShare: model.params.alpha[i],
  capitalShare: model.params.beta[0][i],
  labourShare: model.params.beta[1][i],
  tariffRate: model.exo.taum[0][i],
  productionTax: model.exo.tauz[i],
}))
calibration
// %% output
// [
//   {"capitalShare": 0.571429, "consumptionShare": 0.4, "labourShare": 0.428571, "productionTax": 0.0684932, "sector": "BRD", "tariffRate": 0.0769231},
//   {"capitalShare": 0.545455, "consumptionShare": 0.6, "labourShare": 0.454545, "productionTax": 0.0555556, "sector": "MLK", "tariffRate": 0.181818},
// ]

// %% [markdown id=base-md]
// ## Step 4: the base solves without moving
//
// Before any experiment, solving the calibrated model with nothing changed must give back
// the SAM: zero Newton iterations, and every published equation satisfied to rounding.
// This is the replication check every CGE study should show.

// %% [code id=base]
const base = solvers.cge.solveSync(model)
const baseCheck = { iterations: base.iterations, worstEquation: base.worstPublished.name, relativeResidual: Math.abs(base.worstPublished.relative) < 1e-12 ? "below 1e-12" : base.worstPublished.relative }
baseCheck
// %% output
// {"iterations": 0, "relativeResidual": "below 1e-12", "worstEquation": "eqpqd[MLK]"}

// %% [markdown id=experiment-md]
// ## Step 5: remove every tariff
//
// The experiment sets both tariff rates to zero (`tariff({ scale: 0 })`). Imports get
// cheaper at home and the economy buys more of them; the government loses its tariff
// revenue (3 in the base) and, with fixed tax rates, has less to spend; and because foreign
// savings are fixed, the extra imports must be paid for by extra exports: the currency
// depreciates (the exchange rate ε, the price of foreign currency, rises) until they are.
// In the table: imports +8.1%, exports +16.1%, ε +6.3%, tariff revenue −100%, and household
// utility +2.29% (equivalent variation 1.145, in base-price units of income). Nominal GDP
// falls because the wage is the numeraire and prices fall; real GDP rises by 0.23%.

// %% [code id=removed]
const removed = solvers.cge.solveSync(model, solvers.cge.scenario().tariff({ scale: 0 }))
solvers.cge.summary(removed)
// %% output
// indicator	base	level	change_pct
// GDP, nominal	102	99.0242	-2.91746
// GDP, real (base prices)	102	102.233	0.228018
// household utility (UU)	25.5085	26.0926	2.29
// equivalent variation	0	1.145	null
// household consumption	50	50.0247	0.0493499
// exports	12	13.9326	16.1054
// imports, total	24	25.9326	8.05268
// imports from ROW	24	25.9326	8.05268
// tariff revenue, total	3	0	-100
// tariff revenue on ROW	3	0	-100
// exchange rate	1	1.06282	6.28242

// %% [markdown id=published-md]
// ## Step 6: against the published result
//
// The GAMS model library's STDCGE, translated to Python in GAMS-dev/gamspy-examples
// (`models/stdcge/stdcge.py`), asserts the household utility the CONOPT solver reaches:
// 25.508490012515818 in the base and 26.092634381288686 with tariffs removed. The cell
// computes both from our solution and their relative differences.

// %% [code id=published]
const published = [
  { state: "base", published: 25.508490012515818, caravan: solvers.cge.utility(model, base.levels) },
  { state: "tariffs removed", published: 26.092634381288686, caravan: solvers.cge.utility(model, removed.levels) },
].map((r) => ({ ...r, relativeDifference: Math.abs(r.caravan / r.published - 1) < 1e-9 ? "below 1e-9" : r.caravan / r.published - 1 }))
// %% output
// [
//   {"caravan": 25.5085, "published": 25.5085, "relativeDifference": "below 1e-9", "state": "base"},
//   {"caravan": 26.0926, "published": 26.0926, "relativeDifference": "below 1e-9", "state": "tariffs removed"},
// ]

// %% [markdown id=goods-md]
// ## Step 7: who buys what
//
// By good: the change (%) in imports, domestic sales, exports, household consumption, the
// price households pay (the Armington composite), the domestic price of imports
// (tariff included) and the price of the domestic good. Milk paid the higher tariff
// (18.2%): its imports rise by about 19% and its domestic sales fall. Bread paid only 7.7%,
// and the 6.3% depreciation eats most of that cut: imported bread gets only 1.3% cheaper,
// while domestic bread gets cheaper still (−2.0%), so buyers switch towards domestic bread
// and bread imports *fall*, by about 1%. General equilibrium is not the sum of single-market effects: the exchange
// rate and input costs link them.

// %% [code id=byGood]
const byGood = model.sectors.map((good, i) => {
  const pct = (v: "M" | "D" | "E" | "Xp" | "pq" | "pd" | "PM") => +(((removed.levels[v] as number[])[i] / (model.base[v] as number[])[i] - 1) * 100).toFixed(3)
  return { good, imports: pct("M"), domesticSales: pct("D"), exports: pct("E"), consumption: pct("Xp"), consumerPrice: pct("pq"), importPrice: pct("PM"), domesticPrice: pct("pd") }
})
// %% output
// [
//   {"consumerPrice": -1.875, "consumption": 1.961, "domesticPrice": -1.987, "domesticSales": 0.291, "exports": 17.929, "good": "BRD", "importPrice": -1.309, "imports": -1.082},
//   {"consumerPrice": -2.4, "consumption": 2.51, "domesticPrice": -0.874, "domesticSales": -2.177, "exports": 12.458, "good": "MLK", "importPrice": -10.069, "imports": 18.848},
// ]

// %% [markdown id=reading]
// ## Reading the result
//
// Removing tariffs raises household utility by 2.29% in this small economy: consumers pay
// less for both goods, and resources move towards exports. The government's loss of tariff
// revenue is part of the bill: with fixed tax rates it buys less. The utility figures are
// the GAMS model library's, reproduced to nine digits (step 6); the economy is a teaching
// example, not a country.
//
// Try `sigma: 4` in the calibration cell (imports and domestic goods closer substitutes):
// imports respond more and the gain changes (the comparison with GAMS in step 6 then no
// longer applies: it is for σ = ψ = 2). Or remove only milk's tariff with
// `tariff({ sectors: ["MLK"], scale: 0 })` to see one sector at a time.

// %% end
