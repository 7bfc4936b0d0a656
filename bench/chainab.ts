/**
 * The 1,000-cell chain (bench/chain.ts) in two builds side by side: `A=dir B=dir npx tsx
 * bench/chainab.ts` serves each built app folder as static files and measures them alternately
 * (A B, B A, …; N pairs, default 4), a new browser per run, each once its default notebook has
 * computed and the page's first-visit work has settled (as in `npm run bench`). Prints each run
 * and the medians of open, edit (each run's median of its edits, and its first) and longest task,
 * and over all runs of a build: how many had no long task, how many long tasks there were, and
 * their time over 50 ms in all (a long task is rare enough that its count says more than the
 * median of the longest). Nothing here asserts.
 */
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../test/e2e/server";
import { chainCells, measureChain } from "./chain";
import { median } from "./report";
import { serveFolder } from "./serveFolder";

const builds = { A: process.env.A, B: process.env.B };
if (!builds.A || !builds.B) throw new Error("usage: A=dist-old B=dist-new [N=4] npx tsx bench/chainab.ts");
const served = { A: await serveFolder(builds.A), B: await serveFolder(builds.B) };
type Run = { shown: number; edit: number; first: number; longest: number; longs: number[] };
const runs = { A: [] as Run[], B: [] as Run[] };
for (let pair = 0; pair < Number(process.env.N ?? 4); pair++) {
  for (const key of pair % 2 ? (["B", "A"] as const) : (["A", "B"] as const)) {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const page = await (await browser.newContext({ serviceWorkers: "block" })).newPage();
    await page.addInitScript("window.__name = (f) => f"); // tsx's keepNames helper, inside page.evaluate
    await page.goto(served[key].url);
    await page.waitForFunction(() => performance.getEntriesByName("caravan:types-ready").length > 0, undefined, { timeout: 60_000 }).catch(() => undefined);
    await page.waitForTimeout(2000);
    await page.evaluate(() => {
      const w = window as unknown as { __longs: number[] };
      w.__longs = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longs.push(Math.round(e.duration)))).observe({ type: "longtask" });
    });
    const r = await measureChain(page, chainCells(1000));
    const longs = await page.evaluate(() => (window as unknown as { __longs: number[] }).__longs);
    runs[key].push({ shown: Math.round(r.shown), edit: Math.round(median(r.edits)), first: Math.round(r.edits[0]!), longest: Math.round(r.longest), longs });
    console.log(key, JSON.stringify(runs[key].at(-1)));
    await browser.close();
  }
}
for (const key of ["A", "B"] as const) {
  const m = (f: Exclude<keyof Run, "longs">) => median(runs[key].map((r) => r[f]));
  const all = runs[key].flatMap((r) => r.longs);
  console.log(`${key} ${builds[key]}: opened → last shown ${m("shown")} ms, edit → last updated ${m("edit")} ms (first edit ${m("first")} ms), longest task ${m("longest")} ms (medians of ${runs[key].length})`);
  console.log(`${key}: runs without a long task ${runs[key].filter((r) => r.longs.length === 0).length} of ${runs[key].length}, long tasks ${all.length}, their time over 50 ms ${all.reduce((a, d) => a + d - 50, 0)} ms in all`);
}
for (const { server } of Object.values(served)) server.close();
