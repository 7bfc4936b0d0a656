/**
 * Data travels with a shared notebook (issue 15), in Chromium with its real IndexedDB: a CSV
 * attached through the File menu goes inside the share link and the receiver's cell computes
 * from it once they consent; a file too large for the link is named to the sharer at share
 * time, and the receiver's cell says which file the sender left out.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { baseUrl, cell, connect, outputText, settle, typeInto } from "./helpers";

const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function freshContext(): Promise<BrowserContext> {
  const context = await (await connect()).newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
  contexts.push(context);
  return context;
}

async function openPage(ctx: BrowserContext, url = baseUrl()): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as any).caravan?.doc?.cells?.length > 0, undefined, { timeout: 15000 });
  return page;
}

async function menu(page: Page, item: string): Promise<void> {
  await page.locator(".file-menu summary").click();
  await page.locator(".menu-item", { hasText: item }).click();
}

const cellIds = (page: Page) => page.evaluate(() => (window as any).caravan.doc.cells.map((c: any) => c.id) as string[]);

const FLOWS = "reporter,partner,year,value\nKG,RU,2010,1200.5\nKG,KZ,2010,300\nKG,BY,2010,99.5\n";

/** Seeded digits, so the file does not compress into a link. */
function bigCsv(rows: number): string {
  let state = 11;
  const next = () => ((state = (state * 48271) % 2147483647), state);
  return "a,b\n" + Array.from({ length: rows }, () => `${next()},${next()}`).join("\n") + "\n";
}

async function attach(page: Page, name: string, text: string): Promise<void> {
  await page.locator("input[type=file]").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.locator(".toast", { hasText: `Attached ${name}` }).waitFor();
}

describe("attachments travel with a shared notebook", () => {
  test("a CSV attached through the File menu travels in the share link and the receiver's cell computes from it after consent", async () => {
    const page = await openPage(await freshContext());
    await settle(page, 30000);
    await menu(page, "New notebook");
    await page.waitForFunction(() => (window as any).caravan.doc.title === "Untitled" && (window as any).caravan.doc.cells.length === 1);
    await attach(page, "trade_flows.csv", FLOWS);
    await attach(page, "big.csv", bigCsv(6000));
    const [first] = await cellIds(page);
    await typeInto(page, first!, 'const total = (await FileAttachment("trade_flows.csv").csv()).rollup({ v: op.sum("value") }).get("v", 0);');
    await page.keyboard.press("Control+Enter");
    await page.keyboard.press("Escape");
    await page.keyboard.press("b");
    await page.waitForFunction(() => (window as any).caravan.doc.cells.length === 2);
    const [, second] = await cellIds(page);
    await typeInto(page, second!, 'const bigRows = (await FileAttachment("big.csv").csv()).numRows();');
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => outputText(page, first!), { timeout: 15000 }).toContain("1600");
    await expect.poll(() => outputText(page, second!), { timeout: 15000 }).toContain("6000");

    await menu(page, "Copy share link");
    // The sharer is told, at share time, which file stays behind and why.
    await expect.poll(() => page.locator(".save-warning").textContent()).toMatch(/big\.csv \(\d+(\.\d)? KB\) is too large for a link: share the file instead/);
    const url = await page.evaluate(() => navigator.clipboard.readText());
    expect(url).toContain("#share=");
    expect(url.length).toBeLessThanOrEqual(64_000 + baseUrl().length + 10);

    // A different browser profile: nothing of the sender's storage is there.
    const receiver = await openPage(await freshContext(), url);
    await receiver.locator(".preview-banner").waitFor();
    await receiver.locator(".preview-banner .consent").click();
    await expect.poll(() => outputText(receiver, first!), { timeout: 20000 }).toContain("1600");
    await expect.poll(() => outputText(receiver, second!), { timeout: 20000 }).toMatch(/big\.csv \(\d+(\.\d)? KB\) was not included by the sender/);
    expect(await cell(receiver, second!).getAttribute("data-status")).toBe("error");

    // Kept with the notebook: after a reload it still computes, now from the receiver's store.
    await receiver.reload();
    await receiver.waitForFunction(() => (window as any).caravan?.doc?.cells?.length === 2, undefined, { timeout: 15000 });
    await expect.poll(() => outputText(receiver, first!), { timeout: 20000 }).toContain("1600");
    await expect.poll(() => outputText(receiver, second!), { timeout: 20000 }).toContain("was not included by the sender");
  }, 120_000);

  test("a downloaded notebook file carries its attachment: opened in another profile and run, its cell computes from it", async () => {
    const page = await openPage(await freshContext());
    await settle(page, 30000);
    await menu(page, "New notebook");
    await page.waitForFunction(() => (window as any).caravan.doc.title === "Untitled" && (window as any).caravan.doc.cells.length === 1);
    await attach(page, "trade_flows.csv", FLOWS);
    const [first] = await cellIds(page);
    await typeInto(page, first!, 'const total = (await FileAttachment("trade_flows.csv").csv()).rollup({ v: op.sum("value") }).get("v", 0);');
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => outputText(page, first!), { timeout: 15000 }).toContain("1600");
    const [file] = await Promise.all([page.waitForEvent("download"), menu(page, "Download")]);
    const path = `/tmp/caravan-attachments-${Date.now()}.ts`;
    await file.saveAs(path);
    expect(readFileSync(path, "utf8")).toContain(`// %% attachment name=trade_flows.csv size=${Buffer.byteLength(FLOWS)} encoding=base64`);

    const receiver = await openPage(await freshContext());
    await settle(receiver, 30000);
    await receiver.locator("input[type=file]").setInputFiles(path);
    await receiver.locator(".preview-banner").waitFor();
    await receiver.locator(".preview-banner .consent").click();
    await expect.poll(() => outputText(receiver, first!), { timeout: 20000 }).toContain("1600");
  }, 120_000);

  test("the worked teaching notebooks are listed in File → Notebooks… with a line each, open with no cell errors and draw their charts", async () => {
    // The study notebook opens first; the teaching notebooks replace it without waiting for its computation.
    const page = await openPage(await freshContext());
    const teaching = [
      { file: "smart-and-gsim.caravan.ts", line: /elasticity sliders/, last: "gsim-end", charts: ["effectsChart", "welfareChart"] },
      { file: "textbook-cge.caravan.ts", line: /DYNCGE's 30-year path/, last: "dynamic-reading", charts: ["consumptionChart", "differenceChart"] },
      { file: "union-trade-explorer.caravan.ts", line: /first hour with trade data/, last: "exercises", charts: ["seriesChart", "growthChart"] },
    ];
    for (const t of teaching) {
      await menu(page, "Notebooks…");
      const item = page.locator(`.open-shipped[data-name="${t.file}"]`);
      const title = /^\/\/ title: (.*)$/m.exec(readFileSync(new URL(`../../notebooks/${t.file}`, import.meta.url), "utf8"))![1]!;
      expect(await item.textContent()).toBe(title);
      expect(await item.locator("xpath=..").locator(".shipped-description").textContent()).toMatch(t.line);
      await item.click();
      await page.waitForFunction((id) => (window as any).caravan.doc.cells.some((c: any) => c.id === id), t.last);
      await settle(page, 60000);
      expect(await page.locator(".cell[data-status=error]").count(), t.file).toBe(0);
      for (const id of t.charts) {
        await expect.poll(() => cell(page, id).locator(".output-plot svg").count(), { timeout: 15000 }).toBeGreaterThan(0);
        expect(await cell(page, id).locator(".output-plot svg").locator("rect, path").count(), `${t.file}: ${id}`).toBeGreaterThan(2);
      }
      if (await page.locator(".panel-close").isVisible()) await page.locator(".panel-close").click();
    }
    // The explorer's pickers drive everything below them: Kazakhstan offers only imports from the union total.
    await cell(page, "reporter").locator("select").selectOption("Kazakhstan");
    await expect.poll(() => outputText(page, "series-md"), { timeout: 15000 }).toContain("Kazakhstan's imports from the other union members (total)");
    await expect.poll(() => outputText(page, "summary-md"), { timeout: 15000 }).toContain("142.4%");
    expect(await page.locator(".cell[data-status=error]").count()).toBe(0);
  }, 240_000);
});
