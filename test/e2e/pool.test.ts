/**
 * The solver pool in the built app, in Chromium (issue 13): solver workers start inside the
 * sandbox from the kernel's own script, the kernel answers its heartbeat while every pool
 * worker is busy, and Stop during a sweep, a re-run of the sweeping cell or its deletion stops
 * only that cell's solvers: the kernel and the other cells keep their values.
 */
import { afterEach, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { loadNotebook, openApp, outputText, settle } from "./helpers";

let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

const text = async (page: Page, id: string) => (await outputText(page, id)).trim();
const waitStatus = (page: Page, id: string, want: string, timeout = 20000) =>
  page.waitForFunction(({ id, want }) => document.querySelector(`.cell[data-id="${id}"]`)?.getAttribute("data-status") === want, { id, want }, { timeout });

const MODEL = "const s = solvers.cge.syntheticSam(12);\nconst model = solvers.cge.calibrate(solvers.cge.sam(s.matrix, s.accounts), { ntb: { CU: 0.15, ROW: 0.05 } })";
// One worker, as the pool's default on a 2-core machine (cores less one): the other core is the page's and the kernel's.
const sweepOf = (n: number) =>
  `solvers.configure({ workers: 1 });\nconst sweep = await solvers.cge.sweep(model, solvers.randomDraws(${n}, { sigma: { dist: "lognormal", median: 2, logSd: 0.3 } }, { seed: 1 }).map((d) => ({ ...d, policy: solvers.cge.scenario().tariff({ source: "ROW", to: 0.12 }).ntb({ source: "CU", cut: 0.25 }) })))\nsweep.numRows()`;

/** Pings the kernel every 100 ms until `stop` resolves in the page; returns each round trip (ms). */
async function pingWhile(page: Page, cell: string): Promise<number[]> {
  return page.evaluate(async (cell) => {
    const app = (window as unknown as { caravan: { kernel: { api(): Promise<{ ping(): Promise<number> }> } } }).caravan;
    const api = await app.kernel.api();
    const times: number[] = [];
    const running = () => document.querySelector(`.cell[data-id="${cell}"]`)?.getAttribute("data-status") === "running";
    while (running()) {
      const t = performance.now();
      await api.ping();
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    return times;
  }, cell);
}

test("the kernel answers its heartbeat within 100 ms while every pool worker is busy, and the sweep completes in scenario order", async () => {
  const opened = await openApp({ settle: false });
  context = opened.context;
  const page = opened.page;
  await settle(page, 60000);
  const [, sweep, order] = await loadNotebook(page, [{ source: MODEL }, { source: sweepOf(256) }, { source: "sweep.array('scenario').every((s, k) => s === k + 1) && sweep.array('ok').every(Boolean)" }]);
  await waitStatus(page, sweep!, "running");
  const times = await pingWhile(page, sweep!);
  await settle(page, 60000);
  expect(await text(page, sweep!)).toBe("256");
  expect(await text(page, order!)).toBe("true");
  expect(times.length).toBeGreaterThan(3);
  const sorted = [...times].sort((a, b) => a - b);
  const p90 = sorted[Math.floor(0.9 * (sorted.length - 1))]!;
  console.log(`pool e2e: ${times.length} pings during the sweep, median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, worst ${sorted.at(-1)!.toFixed(1)} ms`);
  // The worst single ping is at the mercy of the machine's load (shared CI cores); nine in ten must be prompt.
  expect(p90).toBeLessThan(100);
  expect(await page.locator(".kernel-warning").textContent()).toBe("");
}, 120_000);

test("Stop during a sweep stops its solvers; the kernel and the other cells keep their values", async () => {
  const opened = await openApp({ settle: false });
  context = opened.context;
  const page = opened.page;
  await settle(page, 60000);
  const [random, , sweep, reader] = await loadNotebook(page, [
    { source: "const r = Math.random()" },
    { source: MODEL },
    { source: sweepOf(5000) },
    { source: "r * 2" },
  ]);
  await waitStatus(page, sweep!, "running");
  await page.waitForTimeout(500);
  const before = { random: await text(page, random!), reader: await text(page, reader!) };
  const generation = () => page.evaluate(() => (window as unknown as { caravan: { kernel: { current: number } } }).caravan.kernel.current);
  const kernelBefore = await generation();
  const stopped = await page.evaluate(async (cell) => {
    const t = performance.now();
    (document.querySelector(".toolbar .stop") as HTMLElement).click();
    while (document.querySelector(`.cell[data-id="${cell}"]`)?.getAttribute("data-status") !== "interrupted") await new Promise((r) => setTimeout(r, 2));
    const app = (window as unknown as { caravan: { kernel: { api(): Promise<{ ping(): Promise<number> }> } } }).caravan;
    await (await app.kernel.api()).ping();
    return performance.now() - t;
  }, sweep!);
  console.log(`pool e2e: Stop during a sweep → kernel answering, sweep interrupted: ${stopped.toFixed(1)} ms`);
  // The kernel answered at once, so Stop stopped the sweep's solvers only: the kernel worker is the same one.
  expect(await generation()).toBe(kernelBefore);
  expect(await page.evaluate((cell) => document.querySelector(`.cell[data-id="${cell}"]`)?.getAttribute("data-status"), sweep!)).toBe("interrupted");
  await settle(page, 30000);
  // Math.random() would differ had the kernel been replaced and the cell run again.
  expect(await text(page, random!)).toBe(before.random);
  expect(await text(page, reader!)).toBe(before.reader);
  // The goal is 200 ms on a quiet machine (bench/pool.bench.ts measures the pool's part); 1 s leaves room for a busy one.
  expect(stopped).toBeLessThan(1000);
}, 120_000);

/** The pool's counters as the watching cell last showed them. */
async function poolStats(page: Page, id: string): Promise<{ busy: number; started: number; terminated: number; queued: number }> {
  const shown = await text(page, id);
  const count = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(shown)?.[1] ?? NaN);
  return { busy: count("busy"), started: count("started"), terminated: count("terminated"), queued: count("queued") };
}

/** Replaces cell `id`'s code with `source` in its editor and runs it, as typing and Shift-Enter would. */
async function editAndRun(page: Page, id: string, source: string): Promise<void> {
  await page.evaluate(
    ({ id, source }) => {
      const app = (window as unknown as { caravan: { view: { cell(id: string): { editor: { view: { state: { doc: { length: number } }; dispatch(spec: unknown): void } } } }; run(id: string): void } }).caravan;
      const editor = app.view.cell(id).editor.view;
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: source } });
      app.run(id);
    },
    { id, source },
  );
}

test("a sweeping cell re-run or deleted stops only its own solvers: the new sweep completes, the kernel and the other cells keep their values", async () => {
  const opened = await openApp({ settle: false });
  context = opened.context;
  const page = opened.page;
  await settle(page, 60000);
  const WATCH = "const poolNow = (async function* () {\n  for (;;) {\n    const s = solvers.pool.stats();\n    yield `busy=${s.busy} started=${s.started} terminated=${s.terminated} queued=${s.queued}`;\n    await new Promise((r) => setTimeout(r, 50));\n  }\n})()";
  const [random, , sweep, watch, reader] = await loadNotebook(page, [
    { source: "const r = Math.random()" },
    { source: MODEL },
    { source: sweepOf(20000) },
    { source: WATCH },
    { source: "r * 2" },
  ]);
  await waitStatus(page, sweep!, "running");
  await page.waitForFunction((id) => /busy=1 /.test(document.querySelector(`.cell[data-id="${id}"] .cell-output`)?.textContent ?? ""), watch!, { timeout: 20000 });
  const before = { random: await text(page, random!), reader: await text(page, reader!), stats: await poolStats(page, watch!) };
  const generation = () => page.evaluate(() => (window as unknown as { caravan: { kernel: { current: number } } }).caravan.kernel.current);
  const kernelBefore = await generation();
  // The sweep's progress shows on its cell: scenarios done of all, and the bar moves.
  const progress = page.locator(`.cell[data-id="${sweep}"] .cell-progress`);
  await expect.poll(() => progress.locator(".cell-progress-label").textContent(), { timeout: 10000 }).toMatch(/^\d+ of 20000 scenarios/);
  expect(await progress.isVisible()).toBe(true);
  const done = async () => Number(/^(\d+) of/.exec((await progress.locator(".cell-progress-label").textContent()) ?? "")?.[1]);
  const first = await done();
  await expect.poll(done, { timeout: 10000 }).toBeGreaterThan(first);

  // Re-run with another sweep: the old one's worker is terminated, the new sweep runs to its end.
  await editAndRun(page, sweep!, sweepOf(24).replace("seed: 1", "seed: 2"));
  await page.waitForFunction((id) => document.querySelector(`.cell[data-id="${id}"] .cell-output`)?.textContent?.trim() === "24", sweep!, { timeout: 30000 });
  await page.waitForFunction((id) => /busy=0 /.test(document.querySelector(`.cell[data-id="${id}"] .cell-output`)?.textContent ?? ""), watch!, { timeout: 5000 });
  const rerun = await poolStats(page, watch!);
  expect(rerun.terminated).toBeGreaterThanOrEqual(before.stats.terminated + 1);
  expect(rerun.queued).toBe(0);

  // Deleted while sweeping: its worker is terminated and nothing stays queued.
  await editAndRun(page, sweep!, sweepOf(20000));
  await page.waitForFunction((id) => /busy=1 /.test(document.querySelector(`.cell[data-id="${id}"] .cell-output`)?.textContent ?? ""), watch!, { timeout: 20000 });
  const running = await poolStats(page, watch!);
  const t = Date.now();
  await page.evaluate((id) => (window as unknown as { caravan: { command(c: unknown, id: string): void } }).caravan.command({ type: "delete" }, id), sweep!);
  await page.waitForFunction((id) => /busy=0 /.test(document.querySelector(`.cell[data-id="${id}"] .cell-output`)?.textContent ?? ""), watch!, { timeout: 5000 });
  console.log(`pool e2e: sweeping cell deleted → its solver stopped in ${Date.now() - t} ms`);
  const deleted = await poolStats(page, watch!);
  expect(deleted.terminated).toBeGreaterThanOrEqual(running.terminated + 1);
  expect(deleted.queued).toBe(0);
  expect(await page.locator(`.cell[data-id="${sweep}"]`).count()).toBe(0);

  // The kernel is the same worker and the other cells kept their values.
  expect(await generation()).toBe(kernelBefore);
  expect(await text(page, random!)).toBe(before.random);
  expect(await text(page, reader!)).toBe(before.reader);
}, 120_000);
