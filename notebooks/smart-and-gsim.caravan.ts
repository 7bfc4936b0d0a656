// caravan: 1
// title: SMART and GSIM, step by step

// %% [markdown id=intro]
// # SMART and GSIM, step by step
//
// Two partial-equilibrium models that trade economists reach for first, worked through so
// that every number can be recomputed with a pencil.
//
// * **Part 1, SMART** (the World Bank's WITS model): a small country buys one product, say
//   HS 020130 fresh beef, from three suppliers. It joins a customs union with one of them,
//   **KZ**: the tariff on KZ's beef falls from 10% to 0, while **CN** and **TR** keep paying
//   10%. Trade creation, trade diversion, tariff revenue and welfare, each step by hand beside
//   the solver (`solvers.smart`), with sliders for the three elasticities.
// * **Part 2, GSIM** (Francois and Hall's global simulation model): four regions trade one
//   product with each other; the United States and the European Union remove the tariffs
//   between them. World prices, trade, surplus and welfare for everyone, checked against the
//   published teaching example, and the welfare convention explained.
//
// The SMART numbers are illustrative (not data); the GSIM numbers are the published example's
// inputs (`data/reference/gsim_4x4_inputs.json`). Change any cell and everything below follows.

// %% [markdown id=smart-title]
// ## Part 1. SMART: one product, three suppliers

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
// ### The three elasticities
//
// Imports are valued at world prices, normalised to 1 a unit, so 60 of imports is 60 units.
//
// * **Import demand elasticity** η (negative): how much the country's total imports of the
//   product fall when their price rises by 1%.
// * **Substitution elasticity** σ: how easily buyers switch between suppliers when their
//   relative prices change (the Armington assumption: beef from KZ and from CN are close
//   but not perfect substitutes).
// * **Export supply elasticity** ε: how much the suppliers' prices respond to demand. WITS
//   treats ε ≥ 99 as infinite: suppliers sell any quantity at an unchanged world price, so
//   the tariff cut passes fully into the import price.
//
// The text below quotes the numbers at the starting values (η = −1.5, σ = 1.5, ε = 99, as in
// WITS' defaults for σ and ε); the cells follow the sliders.

// %% [code id=eta]
const eta = slider({ min: -4, max: -0.1, step: 0.05, value: -1.5, label: "Import demand elasticity η" })
// %% output
// slider = -1.5

// %% [code id=sigma]
const sigma = slider({ min: 0, max: 10, step: 0.1, value: 1.5, label: "Substitution elasticity σ" })
// %% output
// slider = 1.5

// %% [code id=epsilon]
const epsilon = slider({ min: 0.5, max: 99, step: 0.5, value: 99, label: "Export supply elasticity ε (99 = infinite)" })
// %% output
// slider = 99

// %% [code id=elasticities]
const elasticities = { importDemandElasticity: eta, substitutionElasticity: sigma, exportSupplyElasticity: epsilon }
// %% output
// {"exportSupplyElasticity": 99, "importDemandElasticity": -1.5, "substitutionElasticity": 1.5}

// %% [markdown id=passthrough-md]
// ### Step 1: the tariff cut and the import price
//
// The domestic price of an import is the world price times one plus the tariff,
// `p = p* · (1 + t)`. At an unchanged world price, KZ's beef gets cheaper by
// `(1 + t1)/(1 + t0) − 1 = 1.00/1.10 − 1` = −9.09%; CN's and TR's prices do not move. So KZ's
// beef also gets 9.09% cheaper *relative to its rivals*: that drives diversion in step 4.

// %% [code id=passThrough]
const passThrough = lines.map((l) => ({
  partner: l.partner,
  priceChangeAtFixedWorldPrice: (1 + l.tariff1 / 100) / (1 + l.tariff0 / 100) - 1,
}))
// %% output
// [
//   {"partner": "KZ", "priceChangeAtFixedWorldPrice": -0.0909091},
//   {"partner": "CN", "priceChangeAtFixedWorldPrice": 0},
//   {"partner": "TR", "priceChangeAtFixedWorldPrice": 0},
// ]

// %% [markdown id=creation-md]
// ### Step 2: trade creation
//
// Cheaper KZ beef means more beef imported in total. SMART's creation for supplier k is
//
// `TC_k = η · M_k · (Δt_k / (1 + t0_k)) / (1 − η/ε)`
//
// and with ε infinite the divisor is 1. By hand: `−1.5 × 60 × (−0.10 / 1.10)` = **8.18**.
// CN and TR's tariffs do not change, so they create nothing. Now: KZ creates
// ${creationByHand[0].creation.toFixed(2)}.

// %% [code id=creationByHand]
const creationByHand = lines.map((l) => {
  const relativeTariffChange = (l.tariff1 - l.tariff0) / 100 / (1 + l.tariff0 / 100)
  const divisor = epsilon >= 99 ? 1 : 1 - eta / epsilon
  return { partner: l.partner, relativeTariffChange, divisor, creation: (eta * l.imports * relativeTariffChange) / divisor }
})
// %% output
// [
//   {"creation": 8.18182, "divisor": 1, "partner": "KZ", "relativeTariffChange": -0.0909091},
//   {"creation": 0, "divisor": 1, "partner": "CN", "relativeTariffChange": 0},
//   {"creation": 0, "divisor": 1, "partner": "TR", "relativeTariffChange": 0},
// ]

// %% [markdown id=worldprice-md]
// ### Step 3: the world price (only with a finite ε)
//
// With infinite export supply KZ sells the extra 8.18 at the old world price. With a finite ε,
// KZ's price rises along its supply curve, by `p̂*_k = TC_k / (M_k · ε)`, and part of the
// tariff cut ends in KZ's pocket instead of the buyers'. Move the ε slider below 99 to see it:
// now KZ's world price changes by ${(worldPriceByHand[0].worldPriceChange * 100).toFixed(3)}%.

// %% [code id=worldPriceByHand]
const worldPriceByHand = lines.map((l, k) => ({
  partner: l.partner,
  worldPriceChange: epsilon >= 99 || l.imports === 0 ? 0 : creationByHand[k].creation / (l.imports * epsilon),
}))
// %% output
// [
//   {"partner": "KZ", "worldPriceChange": 0},
//   {"partner": "CN", "worldPriceChange": 0},
//   {"partner": "TR", "worldPriceChange": 0},
// ]

// %% [markdown id=diversion-md]
// ### Step 4: trade diversion
//
// Buyers also switch suppliers. SMART keeps the product's total imports fixed for this step
// and moves the shares with the relative prices: with base shares `s_k` and price ratios
// `r_k = (1 + t1_k)/(1 + t0_k)`, the new share is
//
// `s'_k = s_k · r_k^(−σ) / Σ_j s_j · r_j^(−σ)`
//
// and diversion is `TD_k = M · (s'_k − s_k)`. By hand: KZ's weight is `0.6 × (1/1.1)^(−1.5)`
// = 0.6 × 1.1537 = 0.6922, CN's and TR's stay 0.3 and 0.1, so KZ's new share is
// 0.6922 / 1.0922 = 0.6338 and it gains `100 × (0.6338 − 0.6)` = **3.38**, taken from CN
// (−2.53) and TR (−0.84) in proportion to their shares. Diversion sums to zero.

// %% [code id=diversionByHand]
const diversionByHand = (() => {
  const total = lines.reduce((sum, l) => sum + l.imports, 0)
  const weight = lines.map((l) => (l.imports / total) * ((1 + l.tariff1 / 100) / (1 + l.tariff0 / 100)) ** -sigma)
  const sum = weight.reduce((a, b) => a + b, 0)
  return lines.map((l, k) => ({ partner: l.partner, share0: l.imports / total, share1: weight[k] / sum, diversion: total * (weight[k] / sum - l.imports / total) }))
})()
// %% output
// [
//   {"diversion": 3.37714, "partner": "KZ", "share0": 0.6, "share1": 0.633771},
//   {"diversion": -2.53285, "partner": "CN", "share0": 0.3, "share1": 0.274671},
//   {"diversion": -0.844284, "partner": "TR", "share0": 0.1, "share1": 0.0915572},
// ]

// %% [markdown id=revenue-md]
// ### Step 5: tariff revenue
//
// Revenue after the change is the new tariff on the new quantity at the new world price,
// `ΔR_k = t1_k · (M_k + TC_k + TD_k) · (1 + p̂*_k) − t0_k · M_k`. By hand: KZ paid
// `0.10 × 60` = 6 and now pays nothing (**−6**); CN now ships `30 − 2.53` and pays
// `0.10 × 27.47 = 2.75` instead of 3 (**−0.25**); TR loses **−0.08** the same way. The
// diverted units took their tariff with them.

// %% [code id=revenueByHand]
const revenueByHand = lines.map((l, k) => {
  const quantity = l.imports + creationByHand[k].creation + diversionByHand[k].diversion
  return { partner: l.partner, revenueChange: (l.tariff1 / 100) * quantity * (1 + worldPriceByHand[k].worldPriceChange) - (l.tariff0 / 100) * l.imports }
})
// %% output
// [
//   {"partner": "KZ", "revenueChange": -6},
//   {"partner": "CN", "revenueChange": -0.253285},
//   {"partner": "TR", "revenueChange": -0.0844284},
// ]

// %% [markdown id=welfare-md]
// ### Step 6: consumer surplus and welfare
//
// The buyers' price of KZ beef changes by `Δp_k = (1 + t1)(1 + p̂*) − (1 + t0)` a unit: −0.10
// here. Consumers gain that on the 60 units they already bought, plus the triangle on the newly
// created imports: `ΔCS_k = −Δp_k · M_k − ½ · Δp_k · TC_k` = 6.00 + ½ × 0.10 × 8.18 = **6.41**.
// (WITS calls this "consumer surplus"; it is the consumer side's welfare change.)
//
// **Welfare** is consumer surplus plus tariff revenue, `ΔW_k = ΔCS_k + ΔR_k`: the suppliers are
// abroad, so their gains do not count for the importer. The 6 that KZ's buyers no longer pay
// the treasury is a transfer between them and cancels out. What is left is Viner's balance:
// the **creation** triangle (+0.41) against the revenue lost on **diverted** trade, beef now
// bought from KZ that was no cheaper than CN's or TR's before the tariff (−0.34). By hand the
// product's welfare is 0.41 − 0.34 = **+0.07**: creation wins, narrowly.

// %% [code id=welfareByHand]
const welfareByHand = lines.map((l, k) => {
  const dp = (1 + l.tariff1 / 100) * (1 + worldPriceByHand[k].worldPriceChange) - (1 + l.tariff0 / 100)
  const consumerSurplus = -dp * l.imports - 0.5 * dp * creationByHand[k].creation
  return { partner: l.partner, priceChange: dp, consumerSurplus, welfare: consumerSurplus + revenueByHand[k].revenueChange }
})
// %% output
// [
//   {"consumerSurplus": 6.40909, "partner": "KZ", "priceChange": -0.1, "welfare": 0.409091},
//   {"consumerSurplus": 0, "partner": "CN", "priceChange": 0, "welfare": -0.253285},
//   {"consumerSurplus": 0, "partner": "TR", "priceChange": 0, "welfare": -0.0844284},
// ]

// %% [markdown id=smart-md]
// ### Step 7: the solver, and the check
//
// `solvers.smart` does all of the above at once. Its columns must equal the hand calculations,
// at any position of the sliders: the check table gives, for each quantity, the largest
// difference over the three suppliers.

// %% [code id=result]
const result = solvers.smart(lines, elasticities)
result.lines.select("partner", "creation", "diversion", "worldPriceChange", "totalEffect", "revenueChange", "consumerSurplus", "welfare")
// %% output
// partner	creation	diversion	worldPriceChange	totalEffect	revenueChange	consumerSurplus	welfare
// KZ	8.18182	3.37714	0	11.559	-6	6.40909	0.409091
// CN	0	-2.53285	0	-2.53285	-0.253285	0	-0.253285
// TR	0	-0.844284	0	-0.844284	-0.0844284	0	-0.0844284

// %% [code id=check]
const check = (() => {
  const rows = result.lines.objects()
  const byHand: Record<string, number[]> = {
    creation: creationByHand.map((r) => r.creation),
    worldPriceChange: worldPriceByHand.map((r) => r.worldPriceChange),
    diversion: diversionByHand.map((r) => r.diversion),
    revenueChange: revenueByHand.map((r) => r.revenueChange),
    consumerSurplus: welfareByHand.map((r) => r.consumerSurplus),
    welfare: welfareByHand.map((r) => r.welfare),
  }
  return Object.entries(byHand).map(([quantity, hand]) => {
    const largest = Math.max(...hand.map((h, k) => Math.abs(h - (rows[k] as unknown as Record<string, number>)[quantity])))
    return { quantity, largestDifference: largest < 1e-9 ? "below 1e-9" : largest, agrees: largest < 1e-9 }
  })
})()
// %% output
// [
//   {"agrees": true, "largestDifference": "below 1e-9", "quantity": "creation"},
//   {"agrees": true, "largestDifference": "below 1e-9", "quantity": "worldPriceChange"},
//   {"agrees": true, "largestDifference": "below 1e-9", "quantity": "diversion"},
//   {"agrees": true, "largestDifference": "below 1e-9", "quantity": "revenueChange"},
//   {"agrees": true, "largestDifference": "below 1e-9", "quantity": "consumerSurplus"},
//   {"agrees": true, "largestDifference": "below 1e-9", "quantity": "welfare"},
// ]

// %% [code id=effectsChart]
Plot.plot({
  title: "SMART: change in imports of beef by supplier",
  y: { label: "change in imports (units)", grid: true },
  color: { legend: true },
  marks: [
    Plot.barY(result.lines.objects().flatMap((r) => [
      { partner: r.partner, effect: "creation", value: r.creation },
      { partner: r.partner, effect: "diversion", value: r.diversion },
    ]), { x: "partner", y: "value", fill: "effect" }),
    Plot.ruleY([0]),
  ],
})
// %% output
// chart: SMART: change in imports of beef by supplier, 2 marks: bar ×6, rule ×1
// x: "CN", "KZ", "TR"
// y: -2.53285, 11.559
// color: "creation", "diversion"

// %% [code id=product]
const product = result.products.objects()[0]
// %% output
// {
//   "consumerSurplus": 6.40909,
//   "creation": 8.18182,
//   "diversion": 0,
//   "imports0": 100,
//   "imports1": 108.182,
//   "priceEffect": 0,
//   "product": "020130",
//   "revenueChange": -6.33771,
//   "totalEffect": 8.18182,
//   "welfare": 0.0713774,
// }

// %% [markdown id=smart-reading]
// **For the product as a whole**, at the sliders' values: imports rise by
// ${product.totalEffect.toFixed(2)} in value (creation ${product.creation.toFixed(2)}, plus ${product.priceEffect.toFixed(2)} from dearer
// world prices when ε is finite; diversion sums to zero), revenue changes
// by ${product.revenueChange.toFixed(2)}, consumers gain ${product.consumerSurplus.toFixed(2)},
// and welfare changes by **${product.welfare.toFixed(3)}**.
//
// Try it:
//
// * Raise σ to 5: diversion grows, and so does the revenue lost on diverted trade; the union's
//   welfare effect turns negative.
// * Lower ε to 2: part of the tariff cut is captured by KZ as a higher world price, creation is
//   divided by `1 − η/ε`, and the buyers gain less.
// * Set CN's and TR's `tariff1` to 0 in the first cell (a cut for everyone, not a union):
//   relative prices do not move, there is no diversion, and welfare rises.

// %% [markdown id=gsim-title]
// ## Part 2. GSIM: four regions and a free trade agreement
//
// SMART looks at one importer. GSIM (J. Francois and H. K. Hall, "Global simulation analysis
// of industry-level trade policy", 2003) solves one product's world market: every region both
// imports and exports, and world prices move so that each exporter's sales equal its supply.
// The teaching example has four regions (US, JP, EU and the rest of the world, RW), the trade
// between them at world prices (rows export, columns import), the initial tariffs as powers
// (1.21 is a 21% tariff), and three elasticities: import demand −1.25, export supply 1.5,
// substitution between sources 5. The experiment: a **US-EU free trade agreement**, both
// tariffs between them set to 0.

// %% [code id=gsimInputs]
const gsimInputs = (await FileAttachment("reference/gsim_4x4_inputs.json").json()) as {
  regions: string[]; Em_import_demand: number; Ex_export_supply: number; Es_substitution: number
  M_trade_world_prices: number[][]; T0_power_of_tariff: number[][]; experiment: { name: string; set_to_one: [string, string][] }
}
// %% output
// {
//   "Em_import_demand": -1.25,
//   "Es_substitution": 5,
//   "Ex_export_supply": 1.5,
//   "M_trade_world_prices": [[0, 50, 200, 300], [500, 0, 150, 200], [300, 100, 200, 200], [50, 100, 110, 20]],
//   "T0_power_of_tariff": [[1, 1.21, 1.41, 1.22], [1.37, 1, 1.31, 1.23], [1.32, 1.36, 1, 1.18], [1.57, 1.41, 1.25, 1.15]],
//   "cols": "importer",
//   "experiment": {"name": "US-EU free trade agreement", "note": "power of tariff T1[exporter,importer] = 1 for both pairs", "set_to_one": [["EU", "US"], ["US", "EU"]]},
//   "regions": ["US", "JP", "EU", "RW"],
//   "rows": "exporter",
// }

// %% [code id=tariff1]
const tariff1 = (() => {
  const t = gsimInputs.T0_power_of_tariff.map((row) => row.slice())
  for (const [exporter, importer] of gsimInputs.experiment.set_to_one) t[gsimInputs.regions.indexOf(exporter)][gsimInputs.regions.indexOf(importer)] = 1
  return t
})()
// %% output
// [[1, 1.21, 1, 1.22], [1.37, 1, 1.31, 1.23], [1, 1.36, 1, 1.18], [1.57, 1.41, 1.25, 1.15]]

// %% [code id=flows]
aq.from(gsimInputs.regions.flatMap((exporter, r) => gsimInputs.regions.map((importer, v) => ({
  exporter, importer, trade: gsimInputs.M_trade_world_prices[r][v],
  tariff0_pct: +((gsimInputs.T0_power_of_tariff[r][v] - 1) * 100).toFixed(2), tariff1_pct: +((tariff1[r][v] - 1) * 100).toFixed(2),
}))).filter((d) => d.trade > 0))
// %% output
// exporter	importer	trade	tariff0_pct	tariff1_pct
// US	JP	50	21	21
// US	EU	200	41	0
// US	RW	300	22	22
// JP	US	500	37	37
// JP	EU	150	31	31
// JP	RW	200	23	23
// EU	US	300	32	0
// EU	JP	100	36	36
// EU	EU	200	0	0
// EU	RW	200	18	18
// RW	US	50	57	57
// RW	JP	100	41	41
// RW	EU	110	25	25
// RW	RW	20	15	15

// %% [code id=gsimResult]
const gsimResult = solvers.gsim({
  regions: gsimInputs.regions, trade: gsimInputs.M_trade_world_prices,
  tariff0: gsimInputs.T0_power_of_tariff, tariff1,
  importDemandElasticity: gsimInputs.Em_import_demand, exportSupplyElasticity: gsimInputs.Ex_export_supply,
  substitutionElasticity: gsimInputs.Es_substitution,
})
gsimResult.summary.select("region", "worldPriceChange", "importPriceChange", "exports0", "exports1", "imports0", "imports1")
// %% output
// region	worldPriceChange	importPriceChange	exports0	exports1	imports0	imports1
// US	0.0791813	-0.090287	550	664.047	850	959.959
// JP	-0.0316209	0.0258808	850	784.08	250	244.338
// EU	0.0480493	-0.0800165	800	898.869	660	706.166
// RW	-0.0183717	0.0368757	280	267.282	720	703.815

// %% [markdown id=published-md]
// ### Against the published example
//
// The teaching example reports the world price changes, to four decimals: US +0.0792,
// JP −0.0316, EU +0.0480, RW −0.0184 (as quoted beside a public R transcription of the GSIM
// 4×4 workbook; GSIM is documented in Francois and Hall 2003 and in O. Jammes and M. Olarreaga,
// "Explaining SMART and GSIM", World Bank, 2005). The solver must agree to half a unit in the
// fourth decimal.

// %% [code id=publishedCheck]
const publishedCheck = gsimInputs.regions.map((region, r) => {
  const published = [0.0792, -0.0316, 0.048, -0.0184][r]
  const caravan = gsimResult.worldPriceChange[r]
  return { region, published, caravan: +caravan.toFixed(6), agrees: Math.abs(caravan - published) <= 5e-5 }
})
// %% output
// [
//   {"agrees": true, "caravan": 0.079181, "published": 0.0792, "region": "US"},
//   {"agrees": true, "caravan": -0.031621, "published": -0.0316, "region": "JP"},
//   {"agrees": true, "caravan": 0.048049, "published": 0.048, "region": "EU"},
//   {"agrees": true, "caravan": -0.018372, "published": -0.0184, "region": "RW"},
// ]

// %% [markdown id=gsim-reading]
// The partners' exporters gain: US and EU goods now sell in each other's market without a
// tariff, so demand for them rises and so do their world prices (+7.9% and +4.8%). Japan and the
// rest of the world lose sales in the US and the EU to the partners and their world prices fall.
// Inside the agreement, buyers pay less for imports (the composite import price falls 9.0% in
// the US and 8.0% in the EU); outside it they pay more, because the US and EU goods they also
// buy got dearer.

// %% [markdown id=convention-md]
// ### Welfare, and its convention
//
// GSIM's welfare change for a region is the sum of three areas, in the units of the trade
// matrix (value at world prices):
//
// * **Producer surplus** of its exporters, the area left of the linear export supply curve:
//   `ΔPS_r = X_r · P̂*_r · (1 + ½ · E_x · P̂*_r)`, with X_r its exports.
// * **Consumer surplus** of its buyers, the area left of the linear import demand curve between
//   the old and the new composite import price: `ΔCS_v = −R0_v · P̂_v − ½ · E_m · R0_v · P̂_v²`,
//   with R0_v its imports at internal (tariff-inclusive) prices.
// * **Tariff revenue**: `ΔR_v = Σ_r M1_rv · (T1_rv − 1) − M_rv · (T0_rv − 1)`.
//
// The convention to watch is the triangle in ΔCS. When the import price falls, buyers gain the
// rectangle and the triangle of new purchases. When it **rises**, they lose the rectangle but
// the triangle *reduces* the loss, because they buy less along the curve: the same formula holds
// for both signs. Some implementations write the triangle as `+ ½ · sign(P̂) · E_m · R0 · P̂²` (the
// R transcription quoted above does), which adds the triangle to the loss instead: for a rise in
// price it overstates the loss by `|E_m| · R0 · P̂²`. Caravan uses the area under the curve (see
// `src/solvers/README.md`). Under this FTA the two conventions agree for the US and the EU, whose
// import prices fall, and differ for Japan and the rest of the world, whose import prices rise.
// The cell below recomputes every area by hand from the solver's prices and new trade, beside
// the solver's own figures and the sign(P̂) variant.

// %% [code id=welfareAreas]
const welfareAreas = gsimInputs.regions.map((region, k) => {
  const M = gsimInputs.M_trade_world_prices, T0 = gsimInputs.T0_power_of_tariff
  const x = gsimResult.worldPriceChange[k], P = gsimResult.importPriceChange[k]
  const exports = M[k].reduce((a, b) => a + b, 0)
  const R0 = M.reduce((a, row, r) => a + row[k] * T0[r][k], 0)
  const Em = gsimInputs.Em_import_demand, Ex = gsimInputs.Ex_export_supply
  const producerSurplus = exports * x * (1 + 0.5 * Ex * x)
  const consumerSurplus = -R0 * P - 0.5 * Em * R0 * P * P
  const tariffRevenue = M.reduce((a, row, r) => a + gsimResult.trade1[r][k] * (tariff1[r][k] - 1) - row[k] * (T0[r][k] - 1), 0)
  const welfare = producerSurplus + consumerSurplus + tariffRevenue
  const welfareSignVariant = producerSurplus + (-R0 * P + 0.5 * Math.sign(P) * Em * R0 * P * P) + tariffRevenue
  return {
    region, producerSurplus, consumerSurplus, tariffRevenue, welfare,
    solverWelfare: gsimResult.welfare[k], agreesWithSolver: Math.abs(welfare - gsimResult.welfare[k]) < 1e-9 * Math.max(1, Math.abs(welfare)),
    welfareSignVariant,
  }
})
aq.from(welfareAreas)
// %% output
// region	producerSurplus	consumerSurplus	tariffRevenue	welfare	solverWelfare	agreesWithSolver	welfareSignVariant
// US	46.136	110.595	-138.517	18.2139	18.2139	true	18.2139
// JP	-26.2404	-8.59347	0.621921	-34.2119	-34.2119	true	-34.4945
// EU	39.8247	68.5589	-93.8392	14.5443	14.5443	true	14.5443
// RW	-5.0732	-31.3784	-2.86991	-39.3216	-39.3216	true	-40.8021

// %% [code id=welfareChart]
Plot.plot({
  title: "GSIM: welfare effects of a US-EU FTA, by component",
  y: { label: "change (value at world prices)", grid: true },
  color: { legend: true },
  marks: [
    Plot.barY(welfareAreas.flatMap((w) => [
      { region: w.region, component: "producer surplus", value: w.producerSurplus },
      { region: w.region, component: "consumer surplus", value: w.consumerSurplus },
      { region: w.region, component: "tariff revenue", value: w.tariffRevenue },
    ]), { x: "region", y: "value", fill: "component" }),
    Plot.dot(welfareAreas, { x: "region", y: "welfare", r: 5, fill: "black", tip: true }),
    Plot.ruleY([0]),
  ],
})
// %% output
// chart: GSIM: welfare effects of a US-EU FTA, by component, 3 marks: bar ×12, dot ×4, rule ×1
// x: "EU", "JP", "RW", "US"
// y: -138.517, 156.731
// color: "consumer surplus", "producer surplus", "tariff revenue"

// %% [markdown id=gsim-end]
// **Reading it.** The partners gain, ${welfareAreas[0].welfare.toFixed(1)} for the US and
// ${welfareAreas[2].welfare.toFixed(1)} for the EU: their producers sell more at higher prices
// and their buyers pay less, which more than covers the tariff revenue each gives up on the
// other's goods. The outsiders lose, ${welfareAreas[1].welfare.toFixed(1)} for Japan and
// ${welfareAreas[3].welfare.toFixed(1)} for the rest of the world: lower prices for what they
// sell and higher prices for what they buy. The four regions together change by
// ${welfareAreas.reduce((a, w) => a + w.welfare, 0).toFixed(1)}: in this example the outsiders'
// losses outweigh the partners' gains. A preferential agreement does not make the world better
// off by itself: trade diverted from cheaper outsiders is a cost, exactly as in SMART's Viner
// balance. Compare the sign(P̂) variant's column: it makes both outsiders' losses look larger.

// %% end
