/**
 * Type-checked cells in the browser: a wrong annotation is underlined with TypeScript's
 * message on hover and listed under its cell (clicking the entry moves the cursor there), the
 * toolbar counts the notebook's diagnostics and opens the first, a name from another cell
 * shows its type, typing `aq.` offers Arquero's functions without Ctrl-Space, and a cell with
 * a type error still runs. The checker's worker starts only after the notebook has opened;
 * the time to its first diagnostics is printed.
 */
import { afterEach, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { cell, loadNotebook, openApp, outputText, settle, status, typeInto, type TestCell } from "./helpers";

/** The checker's first run parses the compiler and checks the default notebook: on a shared, loaded machine that takes minutes. */
const TYPES_READY_MS = 180_000;
const TEST_MS = 300_000;

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

/** The app with the checker ready and `cells` loaded and computed; returns the page and the cells' ids. */
async function checkedNotebook(cells: TestCell[]): Promise<{ page: Page; ids: string[] }> {
  const page = await open();
  await typesReady(page);
  const ids = await loadNotebook(page, cells);
  await settle(page);
  return { page, ids };
}

/** Waits for the checker's first diagnostics; returns milliseconds from notebook open. */
async function typesReady(page: Page): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName("caravan:types-ready").length > 0, undefined, { timeout: TYPES_READY_MS });
  return page.evaluate(() => performance.getEntriesByName("caravan:types-ready")[0]!.startTime - performance.getEntriesByName("caravan:notebook-open")[0]!.startTime);
}

test("the checker starts after the notebook has opened, and its first diagnostics follow", async () => {
  const page = await open();
  const ms = await typesReady(page);
  console.log(`[types] notebook open → first diagnostics: ${Math.round(ms)} ms`);
  expect(ms).toBeGreaterThan(0);
  // Nothing of the compiler is in the page's own scripts: it is the worker's download.
  const scripts = await page.evaluate(() => performance.getEntriesByType("resource").filter((r) => r.name.endsWith("typescript-worker.js")).map((r) => r.startTime));
  const opened = await page.evaluate(() => performance.getEntriesByName("caravan:notebook-open")[0]!.startTime);
  for (const start of scripts) expect(start).toBeGreaterThanOrEqual(opened);
}, TEST_MS);

test("a wrong annotation is underlined, with TypeScript's message on hover, and the cell still runs", async () => {
  const { page, ids: [id] } = await checkedNotebook([{ source: 'const wrong: number = "abc"' }]);
  expect(await status(page, id!)).toBe("done");
  expect((await outputText(page, id!)).trim()).toBe('"abc"');
  const underline = cell(page, id!).locator(".cm-lintRange-error");
  await underline.waitFor({ timeout: 20_000 });
  expect(await underline.textContent()).toBe("wrong");
  await underline.hover();
  await expect.poll(() => page.locator(".cm-tooltip .cm-diagnostic").first().textContent(), { timeout: 10_000 }).toContain("Type 'string' is not assignable to type 'number'.");
}, TEST_MS);

test("a name from another cell shows its type on hover, and an edit upstream re-checks its readers", async () => {
  const { page, ids: [defining, reader] } = await checkedNotebook([{ source: "const x = 1" }, { source: "x" }]);
  const line = cell(page, reader!).locator(".cm-line").first();
  await line.hover({ position: { x: 3, y: 6 } });
  await expect.poll(() => page.locator(".cm-tooltip .cm-types-signature").first().textContent(), { timeout: 20_000 }).toBe("const x: number");
  // The reader's diagnostics follow the upstream cell: renaming x leaves the reader without it.
  await typeInto(page, defining!, "const y = 1");
  await cell(page, reader!).locator(".cm-lintRange-error").waitFor({ timeout: 20_000 });
  await typeInto(page, defining!, "const x = 2");
  await cell(page, reader!).locator(".cm-lintRange-error").waitFor({ state: "detached", timeout: 20_000 });
}, TEST_MS);

test("a notebook opened over another is checked alone: the old one's names are not found while its sections wait to go", async () => {
  const page = await open();
  await typesReady(page);
  // Idle work waits from now on, so the study notebook's sections stay on the page, leaving.
  await page.evaluate(() => ((window as any).requestIdleCallback = () => 0));
  const [id] = await loadNotebook(page, [{ source: "const n: number = sectors.length" }]);
  // `sectors` is the study notebook's: the checker once read the leaving cells with the new one.
  const underline = cell(page, id!).locator(".cm-lintRange-error");
  await underline.waitFor({ timeout: 20_000 });
  expect(await underline.textContent()).toBe("sectors");
  expect(await page.locator(".cell-leaving").count()).toBeGreaterThan(10);
}, TEST_MS);

test("Ctrl-Space after aq. offers Arquero's functions with their documentation", async () => {
  const { page, ids: [id] } = await checkedNotebook([{ source: "1" }]);
  await typeInto(page, id!, "aq.");
  await page.keyboard.press("Control+Space");
  const list = page.locator(".cm-tooltip-autocomplete");
  await list.waitFor({ timeout: 20_000 });
  const labels = await list.locator(".cm-completionLabel").allTextContents();
  expect(labels).toEqual(expect.arrayContaining(["from", "fromCSV", "table"]));
}, TEST_MS);

/** The text of a cell's editor. */
function editorText(page: Page, id: string): Promise<string> {
  return cell(page, id).locator(".cm-content").evaluate((el) => [...el.querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n"));
}

test("a wrong annotation is listed under its cell with line:col, and clicking the entry moves the cursor there", async () => {
  const { page, ids: [id] } = await checkedNotebook([{ source: 'const a = 1\nconst wrong: number = "abc"' }]);
  const panel = cell(page, id!).locator(".cm-types-problems");
  await panel.waitFor({ timeout: 20_000 });
  expect(await panel.locator(".cm-types-summary").textContent()).toBe("1 type error");
  const entry = panel.locator(".cm-types-problem");
  expect(await entry.allTextContents()).toEqual(["2:7Type 'string' is not assignable to type 'number'."]);
  expect(await entry.locator(".cm-types-at").textContent()).toBe("2:7");
  // The cursor is at the end of the first line; the click puts it before `wrong`.
  await cell(page, id!).locator(".cm-line").first().click();
  await page.keyboard.press("End");
  await entry.click();
  await page.keyboard.insertText("X");
  expect(await editorText(page, id!)).toBe('const a = 1\nconst Xwrong: number = "abc"');
  // The cell still ran, and fixing the annotation takes the list away.
  expect(await status(page, id!)).not.toBe("error");
  await typeInto(page, id!, "const ok: number = 1");
  await panel.waitFor({ state: "detached", timeout: 20_000 });
}, TEST_MS);

test("the toolbar counts the notebook's type errors and opens the first one", async () => {
  const { page, ids: [, second] } = await checkedNotebook([{ source: "const fine = 1" }, { source: "const n: number = fine\nn.toUpperCase()" }]);
  const count = page.locator(".types-status");
  await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe("1 type error");
  await count.click();
  await page.keyboard.insertText("Y");
  expect(await editorText(page, second!)).toBe("const n: number = fine\nn.YtoUpperCase()");
  await typeInto(page, second!, "const n: number = fine");
  await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe("no type errors");
}, TEST_MS);

test("typing aq. opens Arquero's functions without Ctrl-Space, and typing on narrows them", async () => {
  const { page, ids: [id] } = await checkedNotebook([{ source: "1" }]);
  await typeInto(page, id!, "");
  await page.keyboard.type("aq.");
  const list = page.locator(".cm-tooltip-autocomplete");
  await list.waitFor({ timeout: 20_000 });
  expect(await list.locator(".cm-completionLabel").allTextContents()).toEqual(expect.arrayContaining(["from", "fromCSV", "table"]));
  await page.keyboard.type("fromC");
  await expect.poll(() => list.locator(".cm-completionLabel").allTextContents(), { timeout: 10_000 }).toContain("fromCSV");
  expect(await list.locator(".cm-completionLabel").allTextContents()).not.toContain("table");
  // Typing in a comment opens nothing.
  await page.keyboard.press("Escape");
  await typeInto(page, id!, "// aq");
  await page.keyboard.type(".f");
  await page.waitForTimeout(1_000);
  expect(await list.count()).toBe(0);
}, TEST_MS);

test("a completion entry shows its type and documentation when selected, whether or not the list brought them", async () => {
  const { page, ids: [id] } = await checkedNotebook([{ source: "1" }]);
  await typeInto(page, id!, "");
  // Entries past the list's first few carry no details: they are asked for when shown.
  await page.keyboard.type("aq.");
  const list = page.locator(".cm-tooltip-autocomplete");
  await list.waitFor({ timeout: 20_000 });
  await page.keyboard.type("fromCSV");
  await expect.poll(() => list.locator("li[aria-selected] .cm-completionLabel").textContent(), { timeout: 10_000 }).toBe("fromCSV");
  // Its signature beside the label (brought by the list) or atop the info box (asked for), and its documentation.
  const info = page.locator(".cm-completionInfo");
  const shown = async () => `${(await list.locator("li[aria-selected] .cm-completionDetail").allTextContents()).join(" ")} ${(await info.count()) ? await info.textContent() : ""}`;
  await expect.poll(shown, { timeout: 10_000 }).toContain("fromCSV(");
  await expect.poll(() => info.textContent(), { timeout: 10_000 }).toMatch(/CSV/);
}, TEST_MS);

test("running a cell while a completion list is open closes the list, so the next Esc leaves the editor", async () => {
  const { page, ids: [, id] } = await checkedNotebook([{ source: "const alpha = 2" }, { source: "1" }]);
  await typeInto(page, id!, "");
  await page.keyboard.type("alp");
  const list = page.locator(".cm-tooltip-autocomplete");
  await list.waitFor({ timeout: 20_000 });
  await page.keyboard.press("Control+Enter");
  await expect.poll(() => list.count()).toBe(0);
  await expect.poll(() => status(page, id!)).toBe("error");
  await page.keyboard.press("Escape");
  // Out of the editor: the cell itself has the focus, and its text is what was typed.
  expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.classList.contains("cell"))).toBe(true);
  expect(await page.evaluate((id) => (window as any).caravan.doc.cells.find((c: { id: string }) => c.id === id).source, id)).toBe("alp");
}, TEST_MS);
