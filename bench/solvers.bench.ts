// Trade-policy solvers at realistic sizes (issue 6): the 1,000,000-line tariff aggregation,
// SMART on 5,000 HS lines × 2 sources, GSIM on 20 regions × 50 products. Each figure is
// printed beside a peer measured in the same run, with the ratio; nothing is asserted.
import * as aq from "arquero";
import * as solvers from "../src/solvers/index";
import type { GsimMarket, SmartLine } from "../src/solvers/index";

/** Seeded Park-Miller generator: the same data on every run. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Median wall time in ms of `runs` calls after three warm-up calls (steady state, as a slider sees it). */
function time(fn: () => unknown, runs = 5): number {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
function report(name: string, ours: number, peerName: string, peer: number) {
  console.log(`${name.padEnd(44)} ${fmt(ours).padStart(10)}   ${peerName}: ${fmt(peer)}   ratio ours/peer ${(ours / peer).toFixed(2)}`);
}

// 1. Tariff aggregation: 1,000,000 lines, 5,000 HS6 codes, 12 sectors, 6 partners (2 groups),
//    1% missing tariffs, 2% zero imports, 0.5% codes without concordance.
{
  const rnd = random(7);
  const n = 1_000_000, codes = 5000;
  const partners = ["RU", "KZ", "BY", "CN", "TR", "DE"];
  const hs = new Array<string>(n), partner = new Array<string>(n);
  const tariff = new Array<number | null>(n), imports = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rnd() * codes * 1.005);
    hs[i] = String(100000 + c);
    partner[i] = partners[Math.floor(rnd() * partners.length)];
    tariff[i] = rnd() < 0.01 ? null : Math.floor(rnd() * 21);
    imports[i] = rnd() < 0.02 ? 0 : Math.round(rnd() * 1e5) / 10;
  }
  const concordance = aq.table({
    hs: Array.from({ length: codes }, (_, c) => String(100000 + c)),
    sector: Array.from({ length: codes }, (_, c) => `S${(c % 12) + 1}`),
  });
  const lines = aq.table({ hs, partner, tariff, imports });
  const groups = { RU: "CU", KZ: "CU", BY: "CU", CN: "NCU", TR: "NCU", DE: "NCU" };
  const ours = time(() => solvers.tariffAverages(lines, concordance, { partnerGroups: groups }));
  // Peer: the plain Arquero pipeline for the same averages (no reporting of dropped lines).
  const groupTable = aq.table({ partner: Object.keys(groups), group: Object.values(groups) });
  const peer = time(() =>
    lines
      .join(concordance, "hs")
      .join(groupTable, "partner")
      .filter((d: { tariff: number | null }) => d.tariff != null)
      .derive({ tm: (d: { tariff: number; imports: number }) => d.tariff * d.imports })
      .groupby("sector", "group")
      .rollup({ lines: aq.op.count(), simple: aq.op.mean("tariff"), tm: aq.op.sum("tm"), imports: aq.op.sum("imports") })
      .derive({ weighted: (d: { tm: number; imports: number }) => d.tm / d.imports }),
  );
  report("tariffAverages, 1,000,000 lines", ours, "Arquero join+groupby/rollup", peer);
}

// 2. SMART: 5,000 HS lines × 2 sources, a preference for source A.
{
  const rnd = random(11);
  const lines: SmartLine[] = [];
  for (let p = 0; p < 5000; p++) {
    const t0 = Math.round(rnd() * 25);
    lines.push({ product: `h${p}`, partner: "A", imports: rnd() * 1000, tariff0: t0, tariff1: 0 });
    lines.push({ product: `h${p}`, partner: "B", imports: rnd() * 1000, tariff0: t0, tariff1: t0 });
  }
  const ours = time(() => solvers.smart(lines, { importDemandElasticity: -1.2 }), 7);
  // Peer: the first-order WITS creation and diversion terms written as one Arquero pipeline.
  const table = aq.from(lines);
  const peer = time(() =>
    table
      .derive({ rhat: (d: SmartLine) => (d.tariff1 - d.tariff0) / (100 + d.tariff0) })
      .groupby("product")
      .derive({ total: aq.op.sum("imports"), mean: (d: { imports: number; rhat: number }) => aq.op.sum(d.imports * d.rhat) / aq.op.sum(d.imports) })
      .ungroup()
      .derive({
        creation: (d: { imports: number; rhat: number }) => -1.2 * d.imports * d.rhat,
        diversion: (d: { imports: number; rhat: number; mean: number }) => d.imports * 1.5 * (d.mean - d.rhat),
      }),
    7,
  );
  report("smart, 5,000 HS lines × 2 sources", ours, "Arquero first-order WITS terms", peer);
}

// 3. GSIM: 20 regions × 50 products, an FTA between regions 0 and 1 in every product.
{
  const rnd = random(3);
  const n = 20;
  const markets: GsimMarket[] = Array.from({ length: 50 }, () => {
    const trade = Array.from({ length: n }, () => Array.from({ length: n }, () => (rnd() < 0.8 ? rnd() * 100 : 0)));
    const tariff0 = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 1 + rnd() * 0.3)));
    const tariff1 = tariff0.map((row, i) => row.map((t, j) => ((i === 0 && j === 1) || (i === 1 && j === 0) ? 1 : t)));
    return { regions: Array.from({ length: n }, (_, i) => `R${i}`), trade, tariff0, tariff1,
      importDemandElasticity: -1.25, exportSupplyElasticity: 1.5, substitutionElasticity: 5 };
  });
  const linear = time(() => solvers.gsimMarkets(markets));
  const levels = time(() => solvers.gsimMarkets(markets, { form: "levels" }));
  const gaussSeidel = time(() => solvers.gsimMarkets(markets, { method: "gauss-seidel" }));
  report("gsim levels (Newton), 20 regions × 50 products", levels, "linear (LU)", linear);
  report("gsim linear Gauss-Seidel, 20 × 50", gaussSeidel, "linear (LU)", linear);
  console.log(`${"gsim linear (LU), per product".padEnd(44)} ${fmt(linear / 50).padStart(10)}`);
}
