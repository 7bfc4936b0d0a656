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

  test("the worked teaching notebooks are listed in File → Notebooks… and open with no cell errors", async () => {
    const page = await openPage(await freshContext());
    await settle(page, 30000);
    for (const name of ["smart-three-countries", "textbook-cge-tariff"]) {
      await menu(page, "Notebooks…");
      const item = page.locator(".open-shipped", { hasText: name });
      await item.click();
      await page.waitForFunction((n) => (window as any).caravan.doc.cells.some((c: any) => c.id === n), name === "smart-three-countries" ? "passThrough" : "byGood");
      await settle(page, 30000);
      expect(await page.locator(".cell[data-status=error]").count()).toBe(0);
      if (await page.locator(".panel-close").isVisible()) await page.locator(".panel-close").click();
    }
  }, 120_000);
});
