// Model builder (issue 17): the 1-2-3 model and STDCGE through the builder, and the size curve
// of the N-sector standard model (domestic + imports under Armington, exports under CET; six
// unknowns a sector plus seven) calibrated from a seeded synthetic SAM with a sparse input–output
// table (8 suppliers a sector: itself, two hubs, five in its industry group), solved for the
// removal of all tariffs, and the same with two import sources (CU, ROW; eight unknowns a sector
// plus 11). Each figure is the median of several solves of an already built model; its first
// solve, which also records the residuals' tape and orders the sparse Jacobian's columns, is
// printed beside it (the dense peer's first solve reuses the tape the sparse run recorded).
// "cpu" is this process's CPU time (process.cpuUsage), which a loaded machine inflates far less
// than wall time. Nothing is asserted.
import * as cge from "../src/solvers/cge/index";
import { closures123, model123 } from "../src/solvers/mge/mge123";
import { solveMge, type MgeSolveOptions } from "../src/solvers/mge/solve";
import { standardModel } from "../src/solvers/mge/standard";
import { compile } from "../src/solvers/mge/equations";
import type { MgeModel } from "../src/solvers/mge/model";
import { readFileSync } from "node:fs";

/** Median wall and CPU milliseconds of `runs` calls after one warm-up call. */
function time(fn: () => unknown, runs: number) {
  fn();
  const wall: number[] = [], cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const median = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { wall: median(wall), cpu: median(cpu) };
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
function line(name: string, m: MgeModel, options: MgeSolveOptions, goal: string, runs = 7) {
  // The model's first solve also records its residuals (sparse/tape.ts) and orders the sparse Jacobian's columns.
  const t0 = performance.now();
  const r = solveMge(m, options);
  const first = performance.now() - t0;
  const t = time(() => solveMge(m, options), runs);
  console.log(`${name.padEnd(46)} ${fmt(t.wall).padStart(10)} wall ${fmt(t.cpu).padStart(10)} cpu   first ${fmt(first).padStart(9)}   ${goal}; ` +
    `${r.iterations} iterations, ${r.linear} LU, residual ${r.residual.toExponential(1)}`);
}

// Warm the JIT on a 20-sector model (both LUs) so that the first figures are not charged for compilation.
{
  const { matrix, accounts: acc } = cge.syntheticSam(20, { sources: ["ROW"], suppliers: 8, seed: 1 });
  const m = standardModel(cge.sam(matrix, acc), { tariffScale: 0 });
  for (let i = 0; i < 5; i++) for (const linear of ["dense", "sparse"] as const) solveMge(m, { fix: { LAB: 1 }, linear });
}

// 1. The published models through the builder (goal ≤ 5 ms each).
const accounts = {
  sectors: ["BRD", "MLK"], factors: ["CAP", "LAB"], household: "HOH", government: "GOV", investment: "INV",
  indirectTax: "IDT", restOfWorld: "EXT", tariffs: "TRF",
};
const stdcgeSam = cge.sam(cge.parseSamCsv(readFileSync(new URL("../data/reference/stdcge_sam.csv", import.meta.url), "utf8")), accounts);
for (const [name, closure] of Object.entries(closures123)) line(`1-2-3 model, tariff removal, ${name}`, model123(0), closure, "goal ≤ 5 ms", 21);
line("STDCGE through the builder, tariff removal", standardModel(stdcgeSam, { tariffScale: 0 }), { fix: { LAB: 1 } }, "goal ≤ 5 ms", 21);

// 2. Size curve, sparse LU (the default from 40 unknowns), and the dense LU beside it while it is affordable.
for (const n of [10, 50, 100, 200, 500]) {
  const { matrix, accounts: acc } = cge.syntheticSam(n, { sources: ["ROW"], suppliers: 8, seed: 3 });
  const m = standardModel(cge.sam(matrix, acc), { tariffScale: 0 });
  const goal = n === 100 ? "goal ≤ 30 ms" : n === 500 ? "goal ≤ 1 s" : "";
  line(`${String(n).padStart(3)} sectors (${6 * n + 7} unknowns), sparse`, m, { fix: { LAB: 1 }, linear: "sparse" }, goal, n >= 200 ? 5 : n >= 100 ? 11 : 31);
  if (n <= 100) line(`${String(n).padStart(3)} sectors (${6 * n + 7} unknowns), dense`, m, { fix: { LAB: 1 }, linear: "dense" }, "peer: dense LU", n >= 100 ? 3 : 31);
}

// 2b. The same curve for the two-source model (imports from CU and ROW in a second Armington
//     nest per good, issue 17's "100-sector two-source model ≤ 30 ms"): eight unknowns a sector plus 11.
for (const n of [10, 50, 100, 200, 500]) {
  const { matrix, accounts: acc } = cge.syntheticSam(n, { sources: ["CU", "ROW"], suppliers: 8, seed: 3 });
  const m = standardModel(cge.sam(matrix, acc), { tariffScale: 0 });
  const unknowns = compile(m).layout.names.length - 1;
  const goal = n === 100 ? "goal ≤ 30 ms" : n === 500 ? "goal ≤ 1 s" : "";
  line(`${String(n).padStart(3)} sectors, 2 sources (${unknowns} unknowns), sparse`, m, { fix: { LAB: 1 }, linear: "sparse" }, goal, n >= 200 ? 5 : n >= 100 ? 11 : 31);
  if (n <= 100) line(`${String(n).padStart(3)} sectors, 2 sources (${unknowns} unknowns), dense`, m, { fix: { LAB: 1 }, linear: "dense" }, "peer: dense LU", n >= 100 ? 3 : 31);
}

// 3. Stress: one or two of the eight suppliers drawn from anywhere (an expander-like supply
//    graph): the LU fills in a dense block of about the number of sectors.
for (const [n, crossLinks] of [[100, 1], [100, 2], [500, 1]]) {
  const { matrix, accounts: acc } = cge.syntheticSam(n, { sources: ["ROW"], suppliers: 8, crossLinks, seed: 3 });
  const m = standardModel(cge.sam(matrix, acc), { tariffScale: 0 });
  line(`${String(n).padStart(3)} sectors, ${crossLinks} random supplier(s) each, sparse`, m, { fix: { LAB: 1 }, linear: "sparse" }, "stress", 3);
}
