/**
 * The first computation of the opened notebook has both cores to itself (issue 18): the spare
 * kernel worker (loaded for a fast Stop, src/ui/app.ts) waits until the notebook has computed.
 * The CPU is slowed sixfold so the worker's bundle and the study notebook take seconds, as on
 * a busy or slow machine, where a spare once loaded during the cold start.
 */
import { afterEach, expect, test } from "vitest";
import type { BrowserContext } from "playwright-core";
import { baseUrl, connect, settle, watchKernelWorkers } from "./helpers";

let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

test("a slow cold start loads no spare kernel worker while the first one loads, nor editors far from view while it computes; both come after", async () => {
  context = await (await connect()).newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const started = Date.now();
  const kernels = watchKernelWorkers(page, () => Date.now() - started);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  // Where each editor is, and when, as it is built.
  await page.addInitScript(() => {
    if (window !== window.top) return;
    const built: { top: number; at: number }[] = ((window as unknown as { __built: unknown[] }).__built = []);
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes) {
          if (!(node instanceof HTMLElement) || !node.classList.contains("cm-editor")) continue;
          built.push({ top: node.getBoundingClientRect().top - innerHeight, at: performance.now() });
        }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(baseUrl());
  await page.waitForFunction(() => "caravan" in window);
  await settle(page, 120_000);
  // While the notebook computed, editors were built only near the viewport (800 px below it).
  // (The app marks the end of the opened notebook's first computation: src/ui/main.ts.)
  await page.waitForFunction(() => performance.getEntriesByName("caravan:first-computation-over").length > 0);
  const { built, over } = await page.evaluate(() => ({
    built: (window as unknown as { __built: { top: number; at: number }[] }).__built,
    over: performance.getEntriesByName("caravan:first-computation-over")[0]!.startTime,
  }));
  expect(built.filter((b) => b.at < over && b.top > 1000), "editors built far below the viewport during the first computation").toEqual([]);
  // …and once it is over, every editor is built ahead of need (a notebook of under 200 cells).
  await expect.poll(() => page.evaluate(() => [...document.querySelectorAll(".cell")].every((c) => c.querySelector(".cm-editor"))), { timeout: 60_000 }).toBe(true);
  // A worker's name is read once its script has run: give the first one time to answer.
  await expect.poll(() => kernels.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  // No spare while the first worker loads its bundle and takes the cells (it reports nothing then, which is not quiet).
  const taken = (await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName("caravan:cells-taken")[0]!.startTime)) - started;
  expect(kernels.filter((at) => at < taken), `kernel workers started before the first one took the cells at ${taken} ms: ${kernels}`).toHaveLength(1);
  // The spare still comes, once the notebook has been quiet (1.5 s) and its script has run.
  await expect.poll(() => kernels.length, { timeout: 60_000 }).toBe(2);
}, 240_000);

test("the browser under test runs no page of its own UI beside the app (its omnibox popup burned a core's seventh)", async () => {
  const browser = await connect();
  // Chromium loads its UI's pages with the first window.
  context = await browser.newContext();
  await (await context.newPage()).goto("about:blank");
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const session = await browser.newBrowserCDPSession();
  // (An empty filter entry lists every kind of target; the default leaves some out.)
  const { targetInfos } = await session.send("Target.getTargets", { filter: [{}] });
  await session.detach();
  // Every target is a page or tab the tests opened (or a worker of one), never Chromium's WebUI.
  expect(targetInfos.filter((t) => t.type === "browser_ui" || t.url.startsWith("chrome://")).map((t) => t.url)).toEqual([]);
});

test("while the kernel starts, Markdown shows rendered, never as its source: the first screen at once, a cell further down as it comes near", async () => {
  context = await (await connect()).newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // The kernel's code arrives 6 s late: everything shown until then is the page's own preview.
  await page.route("**/kernel-worker.js", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await route.continue().catch(() => undefined);
  });
  await page.goto(baseUrl());
  await page.waitForSelector('.cell[data-id="intro"] .output-contained');
  const markdown = (id: string) =>
    page.evaluate((id) => {
      const cell = document.querySelector<HTMLElement>(`.cell[data-id="${id}"]`)!;
      const box = cell.querySelector<HTMLElement>(".output-contained");
      const editor = cell.querySelector<HTMLElement>(".cell-editor")!;
      const style = getComputedStyle(editor);
      return {
        profile: box?.dataset.profile ?? null,
        heading: box?.querySelector(".output-host")?.shadowRoot?.querySelector("h1, h2, h3")?.textContent ?? null,
        sourceShown: style.display !== "none" && style.visibility !== "hidden" && editor.getBoundingClientRect().height > 0,
        kernelReady: performance.getEntriesByName("caravan:kernel-ready").length > 0,
      };
    }, id);
  // The first cell: drawn with the notebook, from the page's strict preview profile.
  expect(await markdown("intro")).toEqual({ profile: "preview", heading: "Kyrgyzstan joins the Customs Union", sourceShown: false, kernelReady: false });
  // A cell far below: nothing drawn (nor its source shown) until it comes near, then its preview.
  await page.evaluate(() => document.querySelector('.cell[data-id="cge-md"]')!.scrollIntoView({ block: "center" }));
  await expect.poll(() => markdown("cge-md").then((m) => m.profile)).toBe("preview");
  expect(await markdown("cge-md")).toEqual({ profile: "preview", heading: "5. Extension: a general equilibrium view", sourceShown: false, kernelReady: false });
  // Text that interpolates values waits, hidden, for the kernel (never its `${…}` source).
  expect((await markdown("cge-result")).sourceShown).toBe(false);
  // Once the kernel has rendered it, the plain cell keeps the equal preview; the other shows.
  await settle(page, 120_000);
  expect((await markdown("cge-md")).heading).toBe("5. Extension: a general equilibrium view");
  await expect.poll(() => markdown("cge-result").then((m) => m.profile)).toBe("output");
}, 240_000);
