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

/** Options: import sources (default CU, ROW), seed, and whether all sources share each good's tariff rate. */
export interface SyntheticOptions {
  sources?: readonly string[];
  seed?: number;
  uniformTariffs?: boolean;
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
  sectors.forEach((j, jj) => {
    const scale = scales[jj];
    // Intermediates are thin per pair as n grows and scale with both sectors' sizes, so every
    // sector's intermediate sales stay below its own costs.
    sectors.forEach((i, ii) => set(i, j, (Math.sqrt(scale * scales[ii]) * u(0.1, 0.6)) / Math.max(1, n / 2)));
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
