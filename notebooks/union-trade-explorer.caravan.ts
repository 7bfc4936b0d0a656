// caravan: 1
// title: Customs Union trade explorer: pick a reporter, a partner and a flow

// %% [markdown id=intro]
// # Trade inside the Customs Union, 2010 to 2013
//
// Belarus, Kazakhstan and Russia formed a customs union in 2010. How much did they trade with
// each other in its first years, and how fast did that trade grow? This notebook is for a first
// hour with trade data: pick a **reporter** (the country whose statistics you read), a **flow**
// (its exports or its imports) and a **partner**, and read the series, its growth rates and a
// table. Everything below the pickers follows your choice.
//
// The data are the study's Tables 1.2 to 1.7 (TSPC AUCA, *Kyrgyzstan's Accession to the Customs
// Union*, 2014), in million US dollars, from the Eurasian Economic Commission's statistics:
// `data/study/cu_trade_flows.csv`, one row per number printed in the study, with the line it
// was read from.

// %% [code id=raw]
const raw = await FileAttachment("study/cu_trade_flows.csv").csv()
raw.select("table_no", "reporter", "partner", "flow", "year", "value", "measure")
// %% output
// table_no	reporter	partner	flow	year	value	measure
// 1.2	Kazakhstan	null	export	null	null	value
// 1.3	Kazakhstan	CU total	import	2010	12896.3	value
// 1.3	Kazakhstan	CU total	import	2011	15925.8	value
// 1.3	Kazakhstan	CU total	import	2012	17788.5	value
// 1.3	Kazakhstan	CU total	import	2013	18367.3	value
// 1.3	Kazakhstan	CU total	import	2013/2010	142.4	index_2013_as_pct_of_2010
// 1.4	Russia	Belarus	export	2010	18254.1	value
// 1.4	Russia	Belarus	export	2011	25482.7	value
// 1.4	Russia	Belarus	export	2012	27541.7	value
// 1.4	Russia	Belarus	export	2013	22888.8	value
// 1.4	Russia	Belarus	export	2013/2010	125.4	index_2013_as_pct_of_2010
// 1.4	Russia	Kazakhstan	export	2010	12465	value
// 1.4	Russia	Kazakhstan	export	2011	15332	value
// 1.4	Russia	Kazakhstan	export	2012	17112.7	value
// 1.4	Russia	Kazakhstan	export	2013	17685.6	value
// 1.4	Russia	Kazakhstan	export	2013/2010	141.9	index_2013_as_pct_of_2010
// 1.4	Russia	CU total	export	2010	30719.1	value
// 1.4	Russia	CU total	export	2011	40814.7	value
// 1.4	Russia	CU total	export	2012	44654.4	value
// 1.4	Russia	CU total	export	2013	40574.4	value
// … 61 rows

// %% [markdown id=tidy-md]
// ## Step 1: keep the numbers
//
// Each table prints four yearly values (`measure` = `value`) and an index, "2013 in % to 2010"
// (`measure` = `index_2013_as_pct_of_2010`). We keep the yearly values as numbers for the
// pickers, and the printed index aside, to check it against our own calculation later.

// %% [code id=values]
const values = raw
  .filter((d) => d.measure === "value" && d.value !== null && d.value !== undefined && d.value !== "")
  .derive({ year: (d) => op.parse_int(d.year), value: (d) => op.parse_float(d.value) })
  .select("table_no", "reporter", "partner", "flow", "year", "value")
values.groupby("reporter", "flow", "partner").count().orderby("reporter", "flow", "partner")
// %% output
// reporter	flow	partner	count
// Belarus	export	Kazakhstan	4
// Belarus	export	Russia	4
// Belarus	import	CU total	4
// Belarus	import	Kazakhstan	4
// Belarus	import	Russia	4
// Kazakhstan	import	CU total	4
// Russia	export	Belarus	4
// Russia	export	CU total	4
// Russia	export	Kazakhstan	4
// Russia	import	Belarus	4
// Russia	import	CU total	4
// Russia	import	Kazakhstan	4

// %% [code id=printedIndex]
const printedIndex = raw
  .filter((d) => d.measure === "index_2013_as_pct_of_2010")
  .derive({ printed: (d) => op.parse_float(d.value) })
  .select("reporter", "partner", "flow", "printed")
// %% output
// reporter	partner	flow	printed
// Kazakhstan	CU total	import	142.4
// Russia	Belarus	export	125.4
// Russia	Kazakhstan	export	141.9
// Russia	CU total	export	132.1
// Russia	Belarus	import	169.1
// Russia	Kazakhstan	import	102.5
// Russia	CU total	import	145
// Belarus	Kazakhstan	export	186.8
// Belarus	Russia	export	169.1
// Belarus	Kazakhstan	import	20.2
// Belarus	Russia	import	125.4
// Belarus	CU total	import	123.1

// %% [markdown id=pick-md]
// ## Step 2: pick
//
// Only combinations with numbers are offered. Not all of the study's tables survive: Table 1.2
// (Kazakhstan's exports to the union) has its title and header only, and of Table 1.3
// (Kazakhstan's imports) only the union total survives, so Kazakhstan offers imports from
// "CU total" and nothing else.

// %% [code id=reporter]
const reporter = select(values.dedupe("reporter").orderby("reporter").array("reporter") as string[], { value: "Russia", label: "Reporter" })
// %% output
// select = "Russia"

// %% [code id=flow]
const flow = select(values.filter(aq.escape((d: { reporter: string }) => d.reporter === reporter)).dedupe("flow").orderby("flow").array("flow") as string[], { label: "Flow" })
// %% output
// select = "export"

// %% [code id=partner]
const partner = select(
  values.filter(aq.escape((d: { reporter: string; flow: string }) => d.reporter === reporter && d.flow === flow)).dedupe("partner").orderby("partner").array("partner") as string[],
  { label: "Partner" },
)
// %% output
// select = "Belarus"

// %% [code id=series]
const series = values
  .filter(aq.escape((d: { reporter: string; flow: string; partner: string }) => d.reporter === reporter && d.flow === flow && d.partner === partner))
  .orderby("year")
  .select("year", "value")
  .objects() as { year: number; value: number }[]
// %% output
// [
//   {"value": 18254.1, "year": 2010},
//   {"value": 25482.7, "year": 2011},
//   {"value": 27541.7, "year": 2012},
//   {"value": 22888.8, "year": 2013},
// ]

// %% [markdown id=series-md]
// ## Step 3: the series
//
// **${reporter}'s ${flow === "export" ? "exports to" : "imports from"} ${partner === "CU total" ? "the other union members (total)" : partner}**, million US
// dollars (Table ${values.filter(aq.escape((d: { reporter: string; flow: string }) => d.reporter === reporter && d.flow === flow)).get("table_no", 0)} of the study).
// ${mirror.length > 0 ? `The grey line is the mirror flow: the same trade as ${partner} reports it (${partner}'s ${flow === "export" ? "imports from" : "exports to"} ${reporter}). Two countries' statistics of the same trade rarely agree exactly; here they are one table copied into another.` : `${partner === "CU total" ? "The union total has no mirror flow." : `${partner} does not report the mirror flow in the surviving tables.`}`}

// %% [code id=mirror]
const mirror = values
  .filter(aq.escape((d: { reporter: string; flow: string; partner: string }) => d.reporter === partner && d.partner === reporter && d.flow !== flow))
  .orderby("year")
  .select("year", "value")
  .objects() as { year: number; value: number }[]
// %% output
// [
//   {"value": 18254.1, "year": 2010},
//   {"value": 25482.7, "year": 2011},
//   {"value": 27541.7, "year": 2012},
//   {"value": 22888.8, "year": 2013},
// ]

// %% [code id=seriesChart]
Plot.plot({
  title: `${reporter}: ${flow} ${flow === "export" ? "to" : "from"} ${partner}, USD million`,
  x: { label: "year", tickFormat: "d", ticks: [2010, 2011, 2012, 2013] },
  y: { label: "USD million", grid: true, zero: true },
  marks: [
    Plot.line(mirror, { x: "year", y: "value", stroke: "#aaa", strokeWidth: 4 }),
    Plot.line(series, { x: "year", y: "value", stroke: "steelblue", strokeWidth: 2 }),
    Plot.dot(series, { x: "year", y: "value", fill: "steelblue", tip: true }),
    Plot.text(series, { x: "year", y: "value", text: (d: { value: number }) => d.value.toLocaleString("en-US"), dy: -12 }),
  ],
})
// %% output
// chart: Russia: export to Belarus, USD million, 4 marks: line ×1, line ×1, dot ×4, text ×4
// x: 2010, 2013
// y: 0, 27541.7

// %% [markdown id=growth-md]
// ## Step 4: growth rates
//
// The growth rate from one year to the next is `value(t) / value(t − 1) − 1`. Over the three
// years, the printed index is `value(2013) / value(2010) × 100`, and the average yearly growth
// rate is its cube root: `(value(2013) / value(2010))^(1/3) − 1`.

// %% [code id=growth]
const growth = series.map((d, k) => ({
  year: d.year,
  value: d.value,
  change: k === 0 ? null : +(d.value - series[k - 1].value).toFixed(1),
  growth_pct: k === 0 ? null : +((d.value / series[k - 1].value - 1) * 100).toFixed(1),
  index_2010: +((d.value / series[0].value) * 100).toFixed(1),
}))
aq.from(growth)
// %% output
// year	value	change	growth_pct	index_2010
// 2010	18254.1	null	null	100
// 2011	25482.7	7228.6	39.6	139.6
// 2012	27541.7	2059	8.1	150.9
// 2013	22888.8	-4652.9	-16.9	125.4

// %% [code id=growthChart]
Plot.plot({
  title: "Growth on the year before, %",
  x: { label: "year", tickFormat: "d", ticks: [2011, 2012, 2013] },
  y: { label: "%", grid: true },
  marks: [
    Plot.barY(growth.filter((d) => d.growth_pct !== null), { x: "year", y: "growth_pct", fill: (d: { growth_pct: number }) => (d.growth_pct < 0 ? "firebrick" : "steelblue") }),
    Plot.ruleY([0]),
  ],
})
// %% output
// chart: Growth on the year before, %, 2 marks: bar ×3, rule ×1
// x: 2011, 2012, 2013
// y: -16.9, 39.6

// %% [code id=summary]
const summary = (() => {
  const first = series[0], last = series[series.length - 1]
  const printed = printedIndex.filter(aq.escape((d: { reporter: string; flow: string; partner: string }) => d.reporter === reporter && d.flow === flow && d.partner === partner))
  const index = (last.value / first.value) * 100
  return {
    from: first.year, to: last.year,
    indexRecomputed: +index.toFixed(1),
    indexPrinted: printed.numRows() > 0 ? (printed.get("printed", 0) as number) : null,
    agreesWithPrint: printed.numRows() > 0 ? Math.abs(index - (printed.get("printed", 0) as number)) <= 0.05 : null,
    averageYearlyGrowth_pct: +((Math.pow(last.value / first.value, 1 / (last.year - first.year)) - 1) * 100).toFixed(2),
  }
})()
// %% output
// {
//   "agreesWithPrint": true,
//   "averageYearlyGrowth_pct": 7.83,
//   "from": 2010,
//   "indexPrinted": 125.4,
//   "indexRecomputed": 125.4,
//   "to": 2013,
// }

// %% [markdown id=summary-md]
// From ${summary.from} to ${summary.to} this flow ${summary.indexRecomputed >= 100 ? "grew" : "shrank"} to
// **${summary.indexRecomputed}%** of its 2010 value${summary.indexPrinted === null ? "" : summary.agreesWithPrint ? ` (the study prints ${summary.indexPrinted}: it agrees)` : ` (the study prints ${summary.indexPrinted}: it does not agree)`},
// on average **${summary.averageYearlyGrowth_pct}% a year**. The yearly rates are not that
// average: look at the bars above.

// %% [markdown id=table-md]
// ## Step 5: every pair, side by side
//
// The same calculation for every reporter, flow and partner at once, with the study's printed
// index beside ours. Sort it in your head by the last column: which trade grew fastest?

// %% [code id=allPairs]
values
  .groupby("reporter", "flow", "partner")
  .rollup({ y2010: (d) => op.sum(d.year === 2010 ? d.value : 0), y2013: (d) => op.sum(d.year === 2013 ? d.value : 0) })
  .derive({ index_recomputed: (d) => op.round((d.y2013 / d.y2010) * 1000) / 10 })
  .join_left(printedIndex)
  .derive({ average_growth_pct: (d) => op.round((op.pow(d.y2013 / d.y2010, 1 / 3) - 1) * 10000) / 100 })
  .orderby("reporter", "flow", "partner")
// %% output
// reporter	flow	partner	y2010	y2013	index_recomputed	printed	average_growth_pct
// Belarus	export	Kazakhstan	464.8	868.2	186.8	186.8	23.15
// Belarus	export	Russia	9951.2	16829.8	169.1	169.1	19.14
// Belarus	import	CU total	18662.1	22971.2	123.1	123.1	7.17
// Belarus	import	Kazakhstan	408	82.3	20.2	20.2	-41.35
// Belarus	import	Russia	18254.1	22888.8	125.4	125.4	7.83
// Kazakhstan	import	CU total	12896.3	18367.3	142.4	142.4	12.51
// Russia	export	Belarus	18254.1	22888.8	125.4	125.4	7.83
// Russia	export	CU total	30719.1	40574.4	132.1	132.1	9.72
// Russia	export	Kazakhstan	12465	17685.6	141.9	141.9	12.37
// Russia	import	Belarus	9951.2	16829.8	169.1	169.1	19.14
// Russia	import	CU total	15613.5	22636.3	145	145	13.18
// Russia	import	Kazakhstan	5662.3	5806.5	102.5	102.5	0.84

// %% [markdown id=exercises]
// ## Try it
//
// * Russia's exports to Belarus and Belarus's imports from Russia are the same numbers: find
//   the other pair that mirrors exactly.
// * Which flows fell in 2013? What might explain it (look up Russia's growth in 2013)?
// * Belarus's imports from Kazakhstan fell to a fifth in three years. Is the average yearly
//   growth rate a good summary of that series?
// * A total should be the sum of its parts: check that Russia's exports to the union in 2010
//   (30,719.1) are its exports to Belarus plus its exports to Kazakhstan.
// * Add a cell: `values.filter((d) => d.partner === "CU total")` and plot all union totals on
//   one chart with `Plot.line(..., { x: "year", y: "value", stroke: "reporter" })`.

// %% end
