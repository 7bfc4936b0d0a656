// caravan: 1
// title: Tariff pass-through and SMART trade creation and diversion, with three countries

// %% [markdown id=intro]
// # Tariff pass-through and SMART, step by step
//
// A small importing country buys one product (say, HS 020130, fresh beef) from three
// suppliers. It joins a customs union with one of them, **KZ**: the tariff on KZ's beef
// falls from 10% to 0, while **CN** and **TR** keep paying 10%. What happens to prices,
// to imports from each supplier, to tariff revenue and to welfare?
//
// This notebook answers with the World Bank's SMART model (`solvers.smart`), and
// recomputes every number by hand beside the solver, so you can see where it comes from.
// The numbers are illustrative (not data); change any cell and everything below follows.

// %% [code id=lines]
const lines = [
  { product: "020130", partner: "KZ", imports: 60, tariff0: 10, tariff1: 0 },
  { product: "020130", partner: "CN", imports: 30, tariff0: 10, tariff1: 10 },
  { product: "020130", partner: "TR", imports: 10, tariff0: 10, tariff1: 10 },
]
// %% output
// [
//   {"imports": 60, "partner": "KZ", "product": "020130", "tariff0": 10, "tariff1": 0},
//   {"imports": 30, "partner": "CN", "product": "020130", "tariff0": 10, "tariff1": 10},
//   {"imports": 10, "partner": "TR", "product": "020130", "tariff0": 10, "tariff1": 10},
// ]

// %% [markdown id=elasticities-md]
// ## The three elasticities
//
// * **Import demand elasticity** η (negative): how much the country's total imports of the
//   product fall when their price rises by 1%.
// * **Substitution elasticity** σ: how easily buyers switch between suppliers when their
//   relative prices change (the Armington assumption: beef from KZ and from CN are close
//   but not perfect substitutes).
// * **Export supply elasticity** ε: how much the suppliers' prices respond to demand. WITS
//   treats ε ≥ 99 as infinite: suppliers sell any quantity at an unchanged world price, so
//   the tariff cut passes fully into the import price.

// %% [code id=elasticities]
const elasticities = { importDemandElasticity: -1.5, substitutionElasticity: 1.5, exportSupplyElasticity: 99 }
// %% output
// {"exportSupplyElasticity": 99, "importDemandElasticity": -1.5, "substitutionElasticity": 1.5}

// %% [markdown id=passthrough-md]
// ## Step 1: pass-through to import prices
//
// The domestic price of an import is the world price times one plus the tariff,
// `p = p* · (1 + t)`. With the world price unchanged (infinite export supply), the
// proportional change of KZ's beef price is `(1 + t1)/(1 + t0) − 1 = 1.00/1.10 − 1`,
// a fall of 9.09%; CN and TR's prices do not move. The relative price of KZ's beef
// against its rivals falls by the same 9.09%: that drives diversion in step 3.

// %% [code id=passThrough]
const passThrough = lines.map((l) => ({
  partner: l.partner,
  priceChange: (1 + l.tariff1 / 100) / (1 + l.tariff0 / 100) - 1,
}))
// %% output
// [
//   {"partner": "KZ", "priceChange": -0.0909091},
//   {"partner": "CN", "priceChange": 0},
//   {"partner": "TR", "priceChange": 0},
// ]

// %% [markdown id=creation-md]
// ## Step 2: trade creation
//
// Cheaper KZ beef means more beef imported in total. SMART's creation for supplier k is
//
// `TC_k = η · M_k · (Δt_k / (1 + t0_k)) / (1 − η/ε)`
//
// and with ε infinite the divisor is 1. For KZ: `−1.5 × 60 × (−0.10 / 1.10)` = 8.18.
// CN and TR's tariffs do not change, so they create nothing.

// %% [code id=creationByHand]
const creationByHand = lines.map((l) => ({
  partner: l.partner,
  creation: elasticities.importDemandElasticity * l.imports * ((l.tariff1 - l.tariff0) / 100 / (1 + l.tariff0 / 100)),
}))
// %% output
// [
//   {"creation": 8.18182, "partner": "KZ"},
//   {"creation": 0, "partner": "CN"},
//   {"creation": 0, "partner": "TR"},
// ]

// %% [markdown id=diversion-md]
// ## Step 3: trade diversion
//
// Buyers also switch suppliers. SMART keeps the product's total imports fixed for this step
// and moves the shares with the relative prices: with base shares `s_k` and price ratios
// `r_k = (1 + t1_k)/(1 + t0_k)`, the new share is
//
// `s'_k = s_k · r_k^(−σ) / Σ_j s_j · r_j^(−σ)`
//
// and diversion is `TD_k = M · (s'_k − s_k)`. What KZ gains, CN and TR lose in proportion
// to their shares: diversion sums to zero.

// %% [code id=diversionByHand]
const diversionByHand = (() => {
  const total = lines.reduce((sum, l) => sum + l.imports, 0)
  const weight = lines.map((l) => (l.imports / total) * ((1 + l.tariff1 / 100) / (1 + l.tariff0 / 100)) ** -elasticities.substitutionElasticity)
  const sum = weight.reduce((a, b) => a + b, 0)
  return lines.map((l, k) => ({ partner: l.partner, share0: l.imports / total, share1: weight[k] / sum, diversion: total * (weight[k] / sum - l.imports / total) }))
})()
// %% output
// [
//   {"diversion": 3.37714, "partner": "KZ", "share0": 0.6, "share1": 0.633771},
//   {"diversion": -2.53285, "partner": "CN", "share0": 0.3, "share1": 0.274671},
//   {"diversion": -0.844284, "partner": "TR", "share0": 0.1, "share1": 0.0915572},
// ]

// %% [markdown id=smart-md]
// ## Step 4: the solver, and the check
//
// `solvers.smart` does steps 1 to 3 at once and adds revenue and welfare. Its creation
// and diversion columns must equal the hand calculations above; the last cell of this
// section checks that, to six decimals.

// %% [code id=result]
const result = solvers.smart(lines, elasticities)
result.lines.select("partner", "creation", "diversion", "totalEffect", "revenueChange", "consumerSurplus", "welfare")
// %% output
// partner	creation	diversion	totalEffect	revenueChange	consumerSurplus	welfare
// KZ	8.18182	3.37714	11.559	-6	6.40909	0.409091
// CN	0	-2.53285	-2.53285	-0.253285	0	-0.253285
// TR	0	-0.844284	-0.844284	-0.0844284	0	-0.0844284

// %% [code id=check]
const check = result.lines.objects().map((row, k) => ({
  partner: row.partner,
  creationMatches: Math.abs(row.creation - creationByHand[k].creation) < 1e-6,
  diversionMatches: Math.abs(row.diversion - diversionByHand[k].diversion) < 1e-6,
}))
// %% output
// [
//   {"creationMatches": true, "diversionMatches": true, "partner": "KZ"},
//   {"creationMatches": true, "diversionMatches": true, "partner": "CN"},
//   {"creationMatches": true, "diversionMatches": true, "partner": "TR"},
// ]

// %% [markdown id=welfare-md]
// ## Step 5: revenue and welfare
//
// Imports are valued at world prices, so a unit of KZ beef cost 1.10 with the tariff and
// 1.00 without it: its price falls by 0.10 a unit.
//
// * **Tariff revenue** falls by 6 on KZ (60 units paid 0.10 each, now nothing) and by 0.34
//   on CN and TR: the 3.38 units diverted away from them took their tariff with them.
// * **Consumers** gain 0.10 a unit on the 60 units they already bought from KZ (6.00), plus
//   the triangle on the newly created imports, ½ × 0.10 × 8.18 = 0.41: 6.41 in all.
// * **Welfare** is consumer surplus plus tariff revenue (the suppliers are abroad, and with
//   infinite supply their prices do not change). The 6 paid by KZ's buyers to the treasury
//   is only a transfer; what is left is Viner's balance: the **creation** triangle (+0.41)
//   against the revenue lost on **diverted** trade, now bought from a supplier that was no
//   cheaper before the tariff (−0.34). Here creation wins, by 0.07; a higher substitution
//   elasticity tips the balance.

// %% [code id=product]
result.products.select("product", "creation", "diversion", "totalEffect", "revenueChange", "consumerSurplus", "welfare")
// %% output
// product	creation	diversion	totalEffect	revenueChange	consumerSurplus	welfare
// 020130	8.18182	0	8.18182	-6.33771	6.40909	0.0713774

// %% [markdown id=exercise]
// ## Try it
//
// * Raise the substitution elasticity to 5: diversion grows, and so does the revenue lost on
//   diverted trade: the union's net welfare effect turns negative.
// * Set CN's and TR's `tariff1` to 0 as well (a cut for everyone, not a union): relative
//   prices do not move, so there is no diversion, and welfare rises.
// * Give suppliers a finite export supply elasticity (say 2): part of the tariff cut is
//   captured by KZ as a higher world price, and creation is divided by `1 − η/ε`.

// %% end
