/**
 * The cold start's floor on this machine: `D=dist npx tsx bench/coldFloor.ts` times, in a fresh
 * browser and profile per run, alternately (N pairs, default 5):
 * - floor: navigation to a blank page whose only script fetches the built kernel bundle, starts
 *   it in a worker, connects it and waits for its first answer (a `ping`, as the app's
 *   "kernel-ready" mark does), with no app, no sandbox frame, no editor, no notebook;
 * - the app: navigation → its "kernel-ready" mark and → the study notebook computed (every cell
 *   done, a chart drawn: bench/computed.ts), the bench's criterion.
 * The floor is what any page that runs this kernel pays before its first cell; the app's
 * computed − kernel-ready is the notebook's own computation and drawing. Nothing here asserts.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../test/e2e/server";
import { computedAt } from "./computed";
import { median } from "./report";
import { serveFolder } from "./serveFolder";

const dir = process.env.D ?? "dist";
const FLOOR_PAGE = "__cold-floor.html";
// The kernel's port speaks Comlink: one APPLY of `ping`; the answer comes on the kernel port or
// on the relay's port the worker offers first ({caravan: "relay", port}).
writeFileSync(
  join(dir, FLOOR_PAGE),
  `<!doctype html><meta charset="utf-8"><title>floor</title><script>
performance.mark("floor:script");
fetch("/kernel-worker.js").then((r) => r.blob()).then((code) => {
  performance.mark("floor:fetched");
  const worker = new Worker(URL.createObjectURL(code));
  const channel = new MessageChannel();
  const answered = (event) => {
    const data = event.data;
    if (data && data.caravan === "relay" && data.port instanceof MessagePort) { data.port.onmessage = answered; return; }
    if (data && data.id === "floor-ping") performance.mark("floor:kernel-ready");
  };
  channel.port1.onmessage = answered;
  worker.postMessage({ type: "connect", port: channel.port2, saved: [], solverCode: null }, [channel.port2]);
  channel.port1.postMessage({ id: "floor-ping", type: "APPLY", path: ["ping"], argumentList: [] });
});
</script>`,
);
const served = await serveFolder(dir);
const mark = (page: import("playwright-core").Page, name: string) =>
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
        await page.goto(served.url + FLOOR_PAGE);
        floor.push(Math.round(await mark(page, "floor:kernel-ready")));
        script.push(Math.round(await mark(page, "floor:script")));
        fetched.push(Math.round(await mark(page, "floor:fetched")));
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
  rmSync(join(dir, FLOOR_PAGE), { force: true });
}
