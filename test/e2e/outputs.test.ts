/**
 * Outputs and widgets: every widget kind drives only its readers, progress bars follow
 * `progress(fraction, label)`, huge and cyclic values are summarised, and the watchdog
 * offers Stop when the kernel stops answering.
 */
import { afterEach, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { cell, loadNotebook, openApp, outputText, settle } from "./helpers";

let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function open(): Promise<Page> {
  const opened = await openApp();
  context = opened.context;
  return opened.page;
}

const text = async (page: Page, id: string) => (await outputText(page, id)).trim();

test("each widget's value reaches its readers, and only its readers re-run", async () => {
  const page = await open();
  const ids = await loadNotebook(page, [
    { source: 'const n = number({ value: 3, label: "n" })' },
    { source: 'const pick = select(["low", "mid", "high"], { value: "mid", label: "pick" })' },
    { source: 'const on = checkbox({ label: "on" })' },
    { source: 'const name = text({ value: "abc", label: "name" })' },
    { source: 'const clicks = button("Again")' },
    { source: 'const rows = table([{ k: "a", v: 1 }, { k: "b", v: 2 }, { k: "c", v: 3 }], { label: "rows" })' },
    { source: "`${n * 2}|${pick}|${on}|${name.toUpperCase()}|${clicks}|${rows.map((r) => r.k).join('')}`" },
    { source: "globalThis.independentRuns = (globalThis.independentRuns ?? 0) + 1" },
  ]);
  await settle(page);
  const reader = ids[6]!;
  const independent = ids[7]!;
  expect(await text(page, reader)).toBe('"6|mid|false|ABC|0|"');
  await cell(page, ids[0]!).locator("input").fill("21");
  await cell(page, ids[1]!).locator("select").selectOption({ label: "high" });
  await cell(page, ids[2]!).locator("input").check();
  await cell(page, ids[3]!).locator("input").fill("xyz");
  await cell(page, ids[4]!).locator(".widget-button").click();
  await cell(page, ids[4]!).locator(".widget-button").click();
  const boxes = cell(page, ids[5]!).locator(".tbl-body input");
  await boxes.nth(0).check();
  await boxes.nth(2).check();
  await expect.poll(() => text(page, reader)).toBe('"42|high|true|XYZ|2|ac"');
  // The cell that reads no widget ran once, at load.
  expect(await text(page, independent)).toBe("1");
});

test("progress(fraction, label) shows a bar on the running cell", async () => {
  const page = await open();
  const [id] = await loadNotebook(page, [
    { source: "for (let i = 1; i <= 30; i++) { progress(i / 30, `step ${i}`); await new Promise((r) => setTimeout(r, 50)); }\n'finished'" },
  ]);
  const bar = cell(page, id!).locator(".cell-progress.active");
  await bar.waitFor({ timeout: 5000 });
  await expect.poll(() => bar.locator(".cell-progress-label").textContent()).toMatch(/step \d+ · \d+%/);
  const width = await bar.locator(".cell-progress-bar").evaluate((el) => parseFloat((el as HTMLElement).style.width));
  expect(width).toBeGreaterThan(0);
  await page.screenshot({ path: "/tmp/caravan-progress.png", clip: { x: 0, y: 0, width: 1280, height: 300 } });
  await settle(page);
  expect(await cell(page, id!).locator(".cell-progress.active").count()).toBe(0);
  expect(await text(page, id!)).toBe('"finished"');
});

test("huge, nested and cyclic values are summarised and expand on demand", async () => {
  const page = await open();
  const [big, cyclic, long] = await loadNotebook(page, [
    { source: "Array.from({ length: 5_000_000 }, (_, i) => i)" },
    { source: "const o = { name: 'root', child: { deep: { deeper: [1, 2, 3] } } }; o.self = o; o" },
    { source: "'x'.repeat(1_000_000)" },
  ]);
  await settle(page, 20000);
  expect(await text(page, big!)).toContain("Array(5000000)");
  expect(await text(page, big!)).toContain("… 4999900 more");
  expect(await cell(page, big!).locator(".insp-entry").count()).toBe(100);
  expect(await text(page, cyclic!)).toContain("[Circular Object]");
  // Deeper levels come from the worker when opened.
  await cell(page, cyclic!).locator(".insp-entry .insp-toggle").first().click();
  await expect.poll(() => text(page, cyclic!)).toContain("deep");
  expect((await text(page, long!)).length).toBeLessThan(3000);
});

test("the watchdog points at Stop when the kernel stops answering; the cell's own ■ stops it", async () => {
  const page = await open();
  const [spin] = await loadNotebook(page, [{ source: "const spin = (() => { while (true) {} })()" }]);
  await page.locator(".kernel-warning", { hasText: "not responding" }).waitFor({ timeout: 6000 });
  expect(await page.locator(".toolbar .stop.urgent").count()).toBe(1);
  await page.screenshot({ path: "/tmp/caravan-watchdog.png", clip: { x: 0, y: 0, width: 1280, height: 200 } });
  expect(await cell(page, spin!).locator(".cell-run").textContent()).toBe("■");
  await cell(page, spin!).locator(".cell-run").click();
  await expect.poll(() => page.locator(".kernel-warning").textContent()).toBe("");
  await expect.poll(() => cell(page, spin!).getAttribute("data-status")).toBe("interrupted");
});

test("Plot charts render in the worker as SVG, and a mark's tips become native tooltips", async () => {
  const page = await open();
  const [id] = await loadNotebook(page, [
    { source: "Plot.dot([{ x: 1, y: 2, name: 'Chile' }, { x: 2, y: 3, name: 'Peru' }], { x: 'x', y: 'y', title: 'name', tip: true }).plot()" },
  ]);
  await settle(page);
  const svg = cell(page, id!).locator(".output-plot svg");
  expect(await svg.locator("circle").count()).toBe(2);
  expect(await svg.locator("title").allTextContents()).toEqual(["Chile", "Peru"]);
  expect(await svg.locator("[aria-label='x-axis tick label'] text").count()).toBeGreaterThan(1);
});

test("FileAttachment reads the shipped data files through the app, and a missing file is an error", async () => {
  const page = await open();
  const [sectors, missing] = await loadNotebook(page, [
    { source: 'const sectors = await FileAttachment("study/sectors.csv").csv()\nsectors.numRows()' },
    { source: 'await FileAttachment("study/nope.csv").text()' },
  ]);
  await settle(page);
  expect(Number(await text(page, sectors!))).toBeGreaterThan(0);
  expect(await outputText(page, missing!)).toContain("no attachment named study/nope.csv");
});
