/**
 * Deterministic synthetic SAMs for tests and benchmarks: N sectors, two factors (CAP, LAB),
 * any number of import sources, balanced by construction (costs first, then final demand,
 * then institutions close the circular flow). Seeded with mulberry32, so the same arguments
 * always give the same SAM.
 */
import { CgeError } from "./errors";
import type { LabelledMatrix, SamAccounts } from "./sam";

/** mulberry32 pseudo-random numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Options: import sources (default CU, ROW), seed, whether all sources share each good's tariff
 * rate, and `suppliers` k: when given (and below n), the input–output table is sparse, as in a
 * detailed classification (see `supplierLists`), instead of every sector buying from every sector.
 */
export interface SyntheticOptions {
  sources?: readonly string[];
  seed?: number;
  uniformTariffs?: boolean;
  suppliers?: number;
  /** With `suppliers`: how many of them each sector draws from outside its industry group (default 0). */
  crossLinks?: number;
}

/** A balanced SAM with `n` sectors and its account roles (accounts S1…Sn, CAP, LAB, IDT, TRF_s, HOH, GOV, INV, EXT_s). */
export function syntheticSam(n: number, o: SyntheticOptions = {}): { matrix: LabelledMatrix; accounts: SamAccounts } {
  const sources = [...(o.sources ?? ["CU", "ROW"])];
  const rnd = mulberry32(o.seed ?? 7);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const sectors = Array.from({ length: n }, (_, i) => `S${i + 1}`);
  const labels = [...sectors, "CAP", "LAB", "IDT", ...sources.map((s) => `TRF_${s}`), "HOH", "GOV", "INV", ...sources.map((s) => `EXT_${s}`)];
  const at = new Map(labels.map((l, i) => [l, i]));
  const v = labels.map(() => new Array<number>(labels.length).fill(0));
  const set = (r: string, c: string, x: number) => (v[at.get(r)!][at.get(c)!] = x);
  const get = (r: string, c: string) => v[at.get(r)!][at.get(c)!];
  const cost = new Array<number>(n).fill(0);
  const tariffRate = sectors.map(() => u(0.02, 0.15));
  const scales = sectors.map(() => u(50, 150));
  // Who supplies whom: every sector every sector, or the sparse table of `supplierLists`.
  const sparse = o.suppliers !== undefined && Math.floor(o.suppliers) < n;
  const lists = sparse ? supplierLists(n, Math.max(1, Math.floor(o.suppliers!)), rnd, o.crossLinks ?? 0) : null;
  if (lists) {
    // Hubs sell a small share of every sector's size, so they are sized to their sales.
    const total = scales.reduce((a, x, i) => a + (lists.hub[i] ? 0 : x), 0);
    scales.forEach((_, i) => lists.hub[i] && (scales[i] = 0.1 * total * u(0.8, 1.2)));
  }
  sectors.forEach((j, jj) => {
    const scale = scales[jj];
    // Intermediates are thin per pair as the number of suppliers grows and scale with both
    // sectors' sizes, so every sector's intermediate sales stay below its own costs.
    if (!lists) sectors.forEach((i, ii) => set(i, j, (Math.sqrt(scale * scales[ii]) * u(0.1, 0.6)) / Math.max(1, n / 2)));
    else {
      const own = lists.buysFrom[jj].filter((i) => !lists.hub[i] || lists.hub[jj]);
      for (const ii of own) set(sectors[ii], j, (Math.sqrt(scale * scales[ii]) * u(0.1, 0.6)) / own.length);
      if (!lists.hub[jj]) lists.buysFrom[jj].filter((i) => lists.hub[i]).forEach((ii) => set(sectors[ii], j, scale * u(0.01, 0.04)));
    }
    set("CAP", j, scale * u(0.2, 0.5));
    set("LAB", j, scale * u(0.2, 0.5));
    const inputs = sectors.reduce((a, i) => a + get(i, j), 0) + get("CAP", j) + get("LAB", j);
    set("IDT", j, inputs * u(0.02, 0.08));
    sources.forEach((s) => {
      const m = scale * u(0.05, 0.3);
      set(`EXT_${s}`, j, m);
      set(`TRF_${s}`, j, m * (o.uniformTariffs ? tariffRate[jj] : u(0.0, 0.2)));
    });
    cost[jj] = labels.reduce((a, r) => a + get(r, j), 0);
  });
  sectors.forEach((i, ii) => {
    const intermediate = sectors.reduce((a, j) => a + get(i, j), 0);
    const final = cost[ii] - intermediate;
    if (!(final > 0)) throw new CgeError({ kind: "bad-sam", account: i, message: `synthetic SAM: no final demand left for ${i}` });
    const w = [u(0.35, 0.45), u(0.12, 0.2), u(0.12, 0.2), u(0.15, 0.25)];
    const ws = w.reduce((a, x) => a + x, 0);
    set(i, "HOH", (final * w[0]) / ws);
    set(i, "GOV", (final * w[1]) / ws);
    set(i, "INV", (final * w[2]) / ws);
    const e = (final * w[3]) / ws;
    const split = sources.map(() => u(0.5, 1.5));
    const ss = split.reduce((a, x) => a + x, 0);
    sources.forEach((s, k) => set(i, `EXT_${s}`, (e * split[k]) / ss));
  });
  const rowSum = (r: string) => labels.reduce((a, c) => a + get(r, c), 0);
  const colSum = (c: string) => labels.reduce((a, r) => a + get(r, c), 0);
  set("HOH", "CAP", rowSum("CAP"));
  set("HOH", "LAB", rowSum("LAB"));
  set("GOV", "IDT", rowSum("IDT"));
  sources.forEach((s) => set("GOV", `TRF_${s}`, rowSum(`TRF_${s}`)));
  sources.forEach((s) => set("INV", `EXT_${s}`, rowSum(`EXT_${s}`) - colSum(`EXT_${s}`)));
  const govIncomeOther = rowSum("GOV");
  const gov = colSum("GOV");
  const sg = 0.05 * gov;
  set("INV", "GOV", sg);
  set("GOV", "HOH", gov + sg - govIncomeOther);
  set("INV", "HOH", rowSum("HOH") - colSum("HOH"));
  if (!(get("GOV", "HOH") > 0) || !(get("INV", "HOH") > 0)) {
    throw new CgeError({ kind: "bad-sam", message: "synthetic SAM: household pays no direct tax or saves nothing; try another seed" });
  }
  return {
    matrix: { labels, values: v },
    accounts: {
      sectors, factors: ["CAP", "LAB"], household: "HOH", government: "GOV", investment: "INV", indirectTax: "IDT",
      restOfWorld: Object.fromEntries(sources.map((s) => [s, `EXT_${s}`])),
      tariffs: Object.fromEntries(sources.map((s) => [s, `TRF_${s}`])),
    },
  };
}

/**
 * A sparse input–output structure for n sectors and k suppliers a sector: two hub sectors (S1,
 * S2: trade, transport or energy; none below 20 sectors) supply every sector, at 1–4 % of the
 * buyer's size, and buy only from each other; every other sector buys from itself, the hubs,
 * `crossLinks` sectors drawn from anywhere and the rest from its own industry group (ten
 * consecutive sectors). Groups and hubs keep the LU fill small, as the block structure of a
 * real detailed table does; random cross-group links make the supply graph an expander, whose
 * LU is dense in a block of about the number of sectors (a stress case, see bench/mge.bench.ts).
 */
export function supplierLists(n: number, k: number, rnd: () => number, crossLinks = 0): { buysFrom: number[][]; hub: boolean[] } {
  const hubs = n >= 20 ? 2 : 0;
  const hub = Array.from({ length: n }, (_, i) => i < hubs);
  const pick = (from: number[]) => from[Math.floor(rnd() * from.length)];
  const buysFrom = Array.from({ length: n }, (_, j) => {
    if (hub[j]) return Array.from({ length: hubs }, (_, i) => i);
    const list = [j, ...Array.from({ length: hubs }, (_, i) => i)];
    const group = Math.floor((j - hubs) / 10);
    const mates = Array.from({ length: n }, (_, i) => i).filter((i) => !hub[i] && i !== j && Math.floor((i - hubs) / 10) === group);
    for (let t = 0; t < k - 1 - hubs - crossLinks && mates.length > 0; t++) list.push(mates.splice(Math.floor(rnd() * mates.length), 1)[0]);
    for (let t = 0; t < crossLinks; t++) {
      const other = pick(Array.from({ length: n - hubs }, (_, i) => i + hubs));
      if (!list.includes(other)) list.push(other);
    }
    return list;
  });
  return { buysFrom, hub };
}
