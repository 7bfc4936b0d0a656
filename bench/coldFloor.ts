/**
 * The cold start's floor on this machine: `D=dist npx tsx bench/coldFloor.ts` times, in a fresh
 * browser and profile per run, alternately (N pairs, default 5):
 * - floor: navigation to a blank page that only starts the built kernel bundle in a worker and
 *   waits for its first answer (bench/floor.ts);
 * - the app: navigation → its "kernel-ready" mark and → the study notebook computed (every cell
 *   done, a chart drawn: bench/computed.ts), the bench's criterion.
 * The floor is what any page that runs this kernel pays before its first cell; the app's
 * computed − kernel-ready is the notebook's own computation and drawing. Nothing here asserts.
 */
import { chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../test/e2e/server";
import { computedAt } from "./computed";
import { floorAt } from "./floor";
import { median } from "./report";
import { serveFolder } from "./serveFolder";

const dir = process.env.D ?? "dist";
const served = await serveFolder(dir);
const mark = (page: Page, name: string) =>
  page.waitForFunction((name) => performance.getEntriesByName(name)[0]?.startTime ?? false, name, { timeout: 60_000 }).then((h) => h.jsonValue() as Promise<number>);
const floor: number[] = [];
const script: number[] = [];
const fetched: number[] = [];
const ready: number[] = [];
const computed: number[] = [];
try {
  for (let pair = 0; pair < Number(process.env.N ?? 5); pair++) {
    for (const which of pair % 2 ? (["app", "floor"] as const) : (["floor", "app"] as const)) {
      const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
      const page = await (await browser.newContext({ serviceWorkers: "block" })).newPage();
      if (which === "floor") {
        const at = await floorAt(page, served.url);
        floor.push(Math.round(at.ready));
        script.push(Math.round(at.script));
        fetched.push(Math.round(at.fetched));
      } else {
        await page.goto(served.url);
        computed.push(Math.round(await computedAt(page)));
        ready.push(Math.round(await mark(page, "caravan:kernel-ready")));
      }
      await browser.close();
    }
  }
  console.log(`floor (blank page, kernel bundle in a worker, first answer): ${JSON.stringify(floor)}, median ${median(floor)} ms (the page's script ran at ${median(script)} ms, the bundle was fetched at ${median(fetched)} ms)`);
  console.log(`app: kernel ready ${JSON.stringify(ready)}, median ${median(ready)} ms; notebook computed ${JSON.stringify(computed)}, median ${median(computed)} ms`);
  console.log(`so the notebook's own computation and drawing after its kernel answered: median ${median(computed) - median(ready)} ms`);
} finally {
  served.server.close();
}
