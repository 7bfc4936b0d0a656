/**
 * Where the kernel worker's start goes: `D=dist npx tsx bench/kernelStart.ts` loads the built
 * kernel bundle into a worker of a blank page three ways, a new browser per run (N runs, default 3):
 * - first: `importScripts` of the bundle (load, parse, compile, evaluate),
 * - again: the same blob once more in the same worker (V8's in-isolate compilation cache hits,
 *   so this is evaluation alone),
 * - parse only: the same text wrapped in a function that is never called, in a fresh worker.
 * first − again ≈ what parsing and compiling cost; nothing here asserts.
 */
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../test/e2e/server";
import { median } from "./report";

const code = readFileSync(`${process.env.D ?? "dist"}/kernel-worker.js`, "utf8");
const runs: { first: number; again: number; parseOnly: number }[] = [];
for (let run = 0; run < Number(process.env.N ?? 3); run++) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  // tsx names the functions it compiles with a helper the page does not have.
  await page.addInitScript("window.__name = (f) => f");
  await page.goto("about:blank");
  runs.push(
    await page.evaluate(async (code) => {
      const blob = (parts: string[]) => URL.createObjectURL(new Blob(parts, { type: "text/javascript" }));
      const inWorker = (driver: string) =>
        new Promise<Record<string, number>>((resolve, reject) => {
          const worker = new Worker(blob([driver]));
          worker.onmessage = (event) => (resolve(event.data), worker.terminate());
          worker.onerror = (event) => reject(new Error(event.message));
        });
      const bundle = JSON.stringify(blob([code]));
      const parseOnly = JSON.stringify(blob(["var neverCalled = function () {\n", code, "\n};"]));
      // The bundle posts to its page when it starts: silenced, so the driver's message is the only one.
      const twice = await inWorker(`const post = self.postMessage.bind(self); self.postMessage = () => {};
        const t0 = performance.now(); importScripts(${bundle}); const t1 = performance.now(); importScripts(${bundle}); const t2 = performance.now();
        post({ first: t1 - t0, again: t2 - t1 });`);
      const parsed = await inWorker(`const t0 = performance.now(); importScripts(${parseOnly}); postMessage({ parseOnly: performance.now() - t0 });`);
      return { first: twice.first!, again: twice.again!, parseOnly: parsed.parseOnly! };
    }, code),
  );
  await browser.close();
}
const round = (n: number) => Math.round(n);
console.log(`kernel bundle (${(code.length / 1024).toFixed(0)} KiB) in a blank page's worker, medians of ${runs.length}: first load ${round(median(runs.map((r) => r.first)))} ms, evaluated again ${round(median(runs.map((r) => r.again)))} ms, parse only ${round(median(runs.map((r) => r.parseOnly)))} ms`);
