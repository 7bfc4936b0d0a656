/**
 * The cold start of two builds side by side: `A=dir B=dir npx tsx bench/coldab.ts` serves each
 * built app folder as static files and opens them alternately (A B, B A, …; N pairs, default
 * 5), a new browser and a fresh profile per run, as the bench's cold start does. Prints each
 * run and the medians of navigation → notebook computed (every cell done and a chart drawn,
 * bench/computed.ts) and of the page's own "first computation over" mark. On a machine whose
 * load drifts, alternation is what makes two builds comparable; nothing here asserts.
 * RETURN=1 times the returning visit instead: the first visit computes, then the page reloads.
 */
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../test/e2e/server";
import { computedAt, firstVisitWorkOver } from "./computed";
import { median } from "./report";
import { serveFolder } from "./serveFolder";

const builds = { A: process.env.A, B: process.env.B };
if (!builds.A || !builds.B) throw new Error("usage: A=dist-old B=dist-new [N=5] npx tsx bench/coldab.ts");
const served = { A: await serveFolder(builds.A), B: await serveFolder(builds.B) };
const computed = { A: [] as number[], B: [] as number[] };
const over = { A: [] as number[], B: [] as number[] };
for (let pair = 0; pair < Number(process.env.N ?? 5); pair++) {
  for (const key of pair % 2 ? (["B", "A"] as const) : (["A", "B"] as const)) {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const page = await (await browser.newContext({ serviceWorkers: "block" })).newPage();
    await page.goto(served[key].url);
    if (process.env.RETURN === "1") {
      await computedAt(page);
      // As the bench's returning visit: the first visit's own work (the type checker's first check) is over first.
      await firstVisitWorkOver(page);
      await page.reload();
    }
    computed[key].push(Math.round(await computedAt(page)));
    await page.waitForFunction(() => performance.getEntriesByName("caravan:first-computation-over").length > 0, undefined, { timeout: 60_000 });
    over[key].push(Math.round(await page.evaluate(() => performance.getEntriesByName("caravan:first-computation-over")[0]!.startTime)));
    await browser.close();
  }
}
for (const key of ["A", "B"] as const) console.log(`${key} ${builds[key]}: computed ${JSON.stringify(computed[key])}, first computation over ${JSON.stringify(over[key])}`);
console.log(`median computed A ${median(computed.A)} ms, B ${median(computed.B)} ms; first computation over A ${median(over.A)} ms, B ${median(over.B)} ms`);
for (const { server } of Object.values(served)) server.close();
