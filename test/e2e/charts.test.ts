/**
 * Interactive charts: Plot runs in the worker, the page shows tips, crosshairs and pointer
 * marks from the data the worker prepared; and integer years on a continuous axis are not
 * labelled twice.
 */
import { expect, test } from "vitest";
import type { Page } from "playwright-core";
import { cell, loadNotebook, outputText, settle, ownCellsPages } from "./helpers";


// Each test replaces the default notebook with its own cells.
const open = ownCellsPages();

/** Moves the mouse to the centre of an element of a cell's chart. */
async function hover(page: Page, id: string, selector: string, index = 0): Promise<void> {
  const target = cell(page, id).locator(`.output-plot svg ${selector}`).nth(index);
  // The shared machine can be slow to compute and draw: wait for the chart first.
  await target.waitFor({ timeout: 90_000 }).catch(async (error: Error) => {
    throw new Error(`${error.message}\ncell status ${await cell(page, id).getAttribute("data-status")}, output: ${(await outputText(page, id)).slice(0, 300)}`);
  });
  const box = await target.boundingBox();
  if (!box) throw new Error(`no ${selector} to hover`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
}

const tipText = (page: Page, id: string) => cell(page, id).locator(".caravan-tip").allTextContents();

test("hovering a point of a tip chart shows a tooltip with the datum's values; leaving hides it", async () => {
  const page = await open();
  const [id] = await loadNotebook(page, [
    { source: "const countries = [{ gdp: 1.5, growth: 2.1, name: 'Chile' }, { gdp: 4.25, growth: 3.3, name: 'Peru' }, { gdp: 3, growth: -0.5, name: 'Bolivia' }];\nPlot.dot(countries, { x: 'gdp', y: 'growth', channels: { country: 'name' }, tip: true }).plot({ width: 500 })" },
  ]);
  await settle(page, 90_000);
  await hover(page, id!, "circle", 1);
  await expect.poll(() => tipText(page, id!)).toEqual(["country Perugdp 4.25growth 3.3"]);
  await hover(page, id!, "circle", 2);
  await expect.poll(() => tipText(page, id!)).toEqual(["country Boliviagdp 3growth -0.5"]);
  // The box is drawn around the text, beside the datum.
  const fits = await cell(page, id!).locator(".caravan-tip").evaluate((tip) => {
    const path = tip.querySelector("path")!.getBoundingClientRect();
    const text = tip.querySelector("text")!.getBoundingClientRect();
    return text.left >= path.left && text.right <= path.right && text.top >= path.top && text.bottom <= path.bottom;
  });
  expect(fits).toBe(true);
  await page.mouse.move(2, 2);
  await expect.poll(() => tipText(page, id!)).toEqual([]);
}, 180_000);

test("a crosshair and a pointerX mark follow the pointer; a line's tip picks by x", async () => {
  const page = await open();
  const [cross, line] = await loadNotebook(page, [
    { source: "const pts = [{ x: 1, y: 10 }, { x: 2, y: 30 }, { x: 3, y: 20 }];\nPlot.plot({ marks: [Plot.dot(pts, { x: 'x', y: 'y' }), Plot.crosshair(pts, { x: 'x', y: 'y' })] })" },
    { source: "Plot.plot({ marks: [Plot.lineY([{ year: 2014, v: 5 }, { year: 2015, v: 8 }, { year: 2016, v: 6 }], { x: 'year', y: 'v', tip: true }), Plot.dot([{ year: 2014, v: 5 }, { year: 2015, v: 8 }, { year: 2016, v: 6 }], Plot.pointerX({ x: 'year', y: 'v', r: 6, fill: 'red' }))] })" },
  ]);
  await settle(page, 90_000);
  await hover(page, cross!, "circle", 1);
  // Two rules and two labels (x and y values) appear at the picked datum.
  const crosshair = cell(page, cross!).locator("g[data-caravan-pointer]");
  await expect.poll(() => crosshair.locator("line").count()).toBe(2);
  await expect.poll(() => crosshair.locator("text").allTextContents()).toEqual(["2", "30"]);
  // pointerX picks by x even far from the point vertically (Plot's squashed distance).
  await cell(page, line!).locator(".output-plot svg [aria-label='line'] path").waitFor({ timeout: 90_000 });
  await cell(page, line!).locator(".output-plot svg").scrollIntoViewIfNeeded();
  const frame = await cell(page, line!).locator(".output-plot svg").boundingBox();
  const path = await cell(page, line!).locator(".output-plot svg [aria-label='line'] path").boundingBox();
  await page.mouse.move(path!.x + path!.width / 2, frame!.y + frame!.height * 0.9, { steps: 4 });
  await expect.poll(() => tipText(page, line!)).toEqual(["year 2,015v 8"]);
  await expect.poll(() => cell(page, line!).locator("g[data-caravan-pointer] circle[fill], g[data-caravan-pointer] circle").count()).toBe(1);
}, 180_000);

test("integer years on a continuous axis are each labelled once", async () => {
  const page = await open();
  const [id] = await loadNotebook(page, [
    { source: "const rows = [2014, 2015, 2016, 2017, 2018, 2019].map((year, i) => ({ year, v: 1 + i / 10 }));\nPlot.plot({ width: 760, marginRight: 150, x: { tickFormat: 'd' }, marks: [Plot.line(rows, { x: 'year', y: 'v' })] })" },
  ]);
  await settle(page, 90_000);
  const labels = await cell(page, id!).locator(".output-plot svg [aria-label='x-axis tick label'] text").allTextContents();
  expect(labels).toEqual(["2014", "2015", "2016", "2017", "2018", "2019"]);
}, 180_000);
