// Reactive kernel scheduling overhead (issue 3): a 10,000-cell chain and a 10,000-cell fan-out,
// re-run after the root changes, in our Kernel and in @observablehq/runtime, same process.
// Cells do trivial arithmetic, so the time is the scheduler's. Compilation (our TypeScript
// cells; Observable's definitions are closures already) happens once at setup and is not
// timed. Timing runs from the root change until every cell holds its new value. Prints
// medians, the ratio ours/Observable and microseconds per cell; nothing is asserted.
import { Kernel } from "../src/kernel/index";
import { median } from "./report";
import type { CellSpec, KernelEvent } from "../src/kernel/index";

const N = 10_000;
const RUNS = 15;
const WARMUP = 3;

interface ObservableVariable {
  define(name: string, inputs: string[], definition: (...args: number[]) => number): ObservableVariable;
}
interface ObservableModule {
  variable(observer?: unknown): ObservableVariable;
}
interface ObservableRuntime {
  module(): ObservableModule;
  dispose(): void;
}
// The runtime ships without type declarations; a computed specifier keeps tsc from asking for them.
const runtimePackage: string = "@observablehq/runtime";
const { Runtime } = (await import(runtimePackage)) as { Runtime: new () => ObservableRuntime };

type Shape = "chain" | "fan-out";

/** Source of cell i (i > 0) in our notebook. */
function ourSource(shape: Shape, i: number): string {
  return shape === "chain" ? `const c${i} = c${i - 1} + 1` : `const c${i} = c0 + ${i}`;
}

/** Expected value of the last cell when the root is `root`. */
function expectedLast(_shape: Shape, root: number): number {
  // Chain: c(N-1) = root + (N-1) increments; fan-out: c(N-1) = root + (N-1).
  return root + N - 1;
}

/** Our Kernel with an observer that counts events (so event construction is paid, as in the app). */
function ours(shape: Shape): { rerun: (root: number) => Promise<number>; direct: (root: number) => Promise<number> } {
  let events = 0;
  const kernel = new Kernel({ observer: (_e: KernelEvent) => void events++ });
  const cells: CellSpec[] = [{ id: "c0", kind: "code", source: "const c0 = 0" }];
  for (let i = 1; i < N; i++) cells.push({ id: `c${i}`, kind: "code", source: ourSource(shape, i) });
  kernel.setCells(cells);
  const roots = new Map<number, CellSpec[]>();
  const specsFor = (root: number) => {
    let specs = roots.get(root);
    if (!specs) {
      specs = [{ id: "c0", kind: "code", source: `const c0 = ${root}` }, ...cells.slice(1)];
      roots.set(root, specs);
    }
    return specs;
  };
  // Every root source the runs will use is compiled now (the kernel's compile cache keeps
  // it), so a timed re-run measures diffing and scheduling, not sucrase and acorn.
  for (let root = 1; root <= WARMUP + RUNS; root++) kernel.setCells(specsFor(root));
  return {
    // setCells with an edited root: diff of 10,000 specs, then a re-run of every cell.
    async rerun(root) {
      const t0 = performance.now();
      kernel.setCells(specsFor(root));
      await kernel.idle();
      const t = performance.now() - t0;
      check(kernel.value(`c${N - 1}`), expectedLast(shape, root), "ours");
      return t;
    },
    // runCell on the root (no diff, no compile): the scheduler alone.
    async direct(root) {
      kernel.setCells(specsFor(root));
      await kernel.idle();
      const t0 = performance.now();
      kernel.runCell("c0");
      await kernel.idle();
      const t = performance.now() - t0;
      check(kernel.value(`c${N - 1}`), expectedLast(shape, root), "ours (runCell)");
      return t;
    },
  };
}

/** The same graph in @observablehq/runtime; leaves observed by a counter so completion is visible. */
function theirs(shape: Shape): { rerun: (root: number) => Promise<number> } {
  const runtime = new Runtime();
  const main = runtime.module();
  let remaining = 0;
  let done: () => void = () => {};
  let last = NaN;
  const lastName = `c${N - 1}`;
  const observed = {
    fulfilled(value: number, name: string) {
      if (name === lastName) last = value;
      if (--remaining === 0) done();
    },
  };
  const root = main.variable(true).define("c0", [], () => 0);
  const leaves = shape === "chain" ? 1 : N - 1;
  for (let i = 1; i < N; i++) {
    const isLeaf = shape === "fan-out" || i === N - 1;
    const variable = main.variable(isLeaf ? observed : true);
    if (shape === "chain") variable.define(`c${i}`, [`c${i - 1}`], (c: number) => c + 1);
    else {
      const k = i;
      variable.define(`c${i}`, ["c0"], (c0: number) => c0 + k);
    }
  }
  return {
    async rerun(value) {
      const finished = new Promise<void>((resolve) => (done = resolve));
      remaining = leaves;
      const t0 = performance.now();
      root.define("c0", [], () => value);
      await finished;
      const t = performance.now() - t0;
      check(last, expectedLast(shape, value), "observable");
      return t;
    },
  };
}

function check(actual: unknown, expected: number, who: string) {
  if (actual !== expected) throw new Error(`${who}: last cell is ${String(actual)}, expected ${expected}`);
}


/** Medians of interleaved repetitions (a, b, c, a, b, c, …) so machine load hits all alike. */
async function measureInterleaved(fns: ((root: number) => Promise<number>)[]): Promise<number[]> {
  const times: number[][] = fns.map(() => []);
  for (let r = 0; r < WARMUP + RUNS; r++) {
    for (let f = 0; f < fns.length; f++) {
      const t = await fns[f](r + 1);
      if (r >= WARMUP) times[f].push(t);
    }
  }
  return times.map(median);
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const perCell = (ms: number) => `${((ms * 1000) / N).toFixed(3)} µs/cell`;

console.log(`kernel scheduling: ${N} cells, median of ${RUNS} interleaved re-runs after ${WARMUP} warm-ups; compilation at setup, not timed`);
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
for (const shape of ["chain", "fan-out"] as Shape[]) {
  const a = ours(shape);
  const b = theirs(shape);
  const [oursMs, theirsMs, directMs] = await measureInterleaved([a.rerun, b.rerun, a.direct]);
  console.log(
    `${shape.padEnd(8)} ours (setCells, root edited) ${fmt(oursMs).padStart(10)} ${perCell(oursMs).padStart(16)}   ` +
      `@observablehq/runtime ${fmt(theirsMs).padStart(10)} ${perCell(theirsMs).padStart(16)}   ratio ours/theirs ${(oursMs / theirsMs).toFixed(3)}`,
  );
  console.log(
    `${shape.padEnd(8)} ours (runCell on root)      ${fmt(directMs).padStart(10)} ${perCell(directMs).padStart(16)}   ratio ours/theirs ${(directMs / theirsMs).toFixed(3)}`,
  );
}
