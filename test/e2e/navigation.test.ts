/**
 * Navigation aids in Chromium: the command palette runs commands from the keyboard, find
 * and replace across cells is one undoable step, the dependency view jumps to a cell, the
 * variable list types names from what the worker sent, run stale cells, and folds.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { cell, loadNotebook, openApp, outputText, settle, status } from "./helpers";

// Each test opens the app and loads a notebook; on a shared, loaded machine that alone can take half a minute.
vi.setConfig({ testTimeout: 180_000 });
/** How long a freshly loaded notebook may take to compute (a new worker on a shared machine). */
const SETTLE_MS = 90_000;

let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/**
 * The app with its start-up notebook opened but not waited for: each test loads its own
 * notebook in a fresh worker at once (computing the study notebook first would only slow
 * the suite on a shared machine).
 */
async function open(): Promise<{ page: Page; errors: string[] }> {
  const opened = await openApp({ settle: false });
  context = opened.context;
  opened.page.setDefaultTimeout(15000);
  await opened.page.waitForFunction(() => performance.getEntriesByName("caravan:notebook-open").length > 0, undefined, { timeout: 30000 });
  return { page: opened.page, errors: opened.errors };
}

const sources = () => (window as any).caravan.doc.cells.map((c: { source: string }) => c.source);

describe("command palette", () => {
  test("Ctrl-Shift-P lists commands with their keys, filters fuzzily, and Enter runs the chosen one", async () => {
    const { page, errors } = await open();
    const [a, b] = await loadNotebook(page, [{ source: "const a = 1" }, { source: "a + 1" }]);
    await settle(page, SETTLE_MS);
    await cell(page, a!).focus();
    await page.keyboard.press("Control+Shift+P");
    const dialog = page.locator("dialog.command-palette");
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("combobox");
    // Every command-mode key is listed beside its command.
    const below = dialog.locator('[role=option][data-command="cell.insert-below"]');
    expect(await below.locator("kbd").textContent()).toBe("b");
    expect(await dialog.locator("[role=option]").count()).toBeGreaterThan(20);
    await page.keyboard.type("icb");
    expect(await dialog.locator("[role=option]").first().getAttribute("data-command")).toBe("cell.insert-below");
    expect(await dialog.locator("[role=option]").first().getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => (window as any).caravan.doc.cells.length)).toBe(3);
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await page.evaluate(sources)).toEqual(["const a = 1", "", "a + 1"]);
    // Esc closes it without running anything, and the focus comes back.
    await cell(page, b!).focus();
    await page.keyboard.press("Control+Shift+P");
    await page.keyboard.type("delete cell");
    await page.keyboard.press("Escape");
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id)).toBe(b);
    expect(await page.evaluate(() => (window as any).caravan.doc.cells.length)).toBe(3);
    expect(errors).toEqual([]);
  });

  test("the toolbar opens it; arrows choose Run all, which runs every cell again", async () => {
    const { page } = await open();
    const [, b] = await loadNotebook(page, [{ source: "const t = Date.now()" }, { source: "t" }]);
    await settle(page, SETTLE_MS);
    const before = await outputText(page, b!);
    await page.locator(".toolbar .palette-open").click();
    await page.keyboard.type("run all");
    const options = page.locator("dialog.command-palette [role=option]");
    expect(await options.first().getAttribute("data-command")).toBe("notebook.run-all");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    expect(await options.first().getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("Enter");
    await expect.poll(() => outputText(page, b!), { timeout: 15000 }).not.toBe(before);
  });
});

describe("find and replace", () => {
  test("replace all changes two cells in one step that one undo reverts", async () => {
    const { page, errors } = await open();
    const [a] = await loadNotebook(page, [{ source: "const rate = 0.25" }, { source: "const price = 100 * (1 + rate)" }, { source: "const other = 3" }]);
    await settle(page, SETTLE_MS);
    await cell(page, a!).focus();
    await page.keyboard.press("Control+Shift+F");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("find-query");
    await page.keyboard.type("rate");
    const summary = page.locator(".find-summary");
    await expect.poll(() => summary.textContent()).toBe("2 matches in 2 cells");
    expect(await page.locator(".find-match .find-go").first().textContent()).toContain("1:const rate = 0.25");
    await page.locator(".find-replacement").fill("duty");
    await page.locator(".find-replace-all").click();
    expect(await page.evaluate(sources)).toEqual(["const duty = 0.25", "const price = 100 * (1 + duty)", "const other = 3"]);
    await expect.poll(() => summary.textContent()).toBe("No matches.");
    // The editors show the new text too.
    expect(await cell(page, a!).locator(".cm-content, .cm-placeholder-text").first().textContent()).toContain("duty");
    // One undo (z in command mode) reverts both cells.
    await cell(page, a!).focus();
    await page.keyboard.press("z");
    expect(await page.evaluate(sources)).toEqual(["const rate = 0.25", "const price = 100 * (1 + rate)", "const other = 3"]);
    await page.keyboard.press("Shift+Z");
    expect(await page.evaluate(sources)).toEqual(["const duty = 0.25", "const price = 100 * (1 + duty)", "const other = 3"]);
    expect(errors).toEqual([]);
  });

  test("a match opens its cell's editor with the match selected; Replace changes that match only", async () => {
    const { page } = await open();
    const [, b] = await loadNotebook(page, [{ source: "const x = 1" }, { source: "const y = x + 1;\nconst z = x * 2" }]);
    await settle(page, SETTLE_MS);
    await page.keyboard.press("Control+Shift+F");
    await page.keyboard.type("x");
    await page.locator(".find-options .find-wholeWord").check();
    await expect.poll(() => page.locator(".find-summary").textContent()).toBe("3 matches in 2 cells");
    await page.locator(".find-match").nth(2).locator(".find-go").click();
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe("x");
    expect(await page.evaluate(() => (document.activeElement?.closest(".cell") as HTMLElement | null)?.dataset.id)).toBe(b);
    await page.locator(".find-match").nth(2).locator(".find-replace-one").click();
    expect(await page.evaluate(sources)).toEqual(["const x = 1", "const y = x + 1;\nconst z = x * 2".replace(/x \* 2/, " * 2")]);
  });
});

describe("navigator", () => {
  test("the dependency view lists what each cell reads from which cell, and a click scrolls to the cell", async () => {
    const { page, errors } = await open();
    const filler = Array.from({ length: 25 }, (_, i) => ({ source: `const filler${i} = ${i}` }));
    const ids = await loadNotebook(page, [{ source: "const tariff = 0.25" }, ...filler, { source: "const price = 100 * (1 + tariff)" }]);
    await settle(page, SETTLE_MS);
    const last = ids[ids.length - 1]!;
    await page.locator(".toolbar .navigator-toggle").click();
    await page.locator(".nav-tab-cells").click();
    const item = page.locator(`.dep-item[data-cell="${last}"]`);
    await expect.poll(() => item.count()).toBe(1);
    expect((await item.locator(".dep-reads").textContent())?.replace(/\s+/g, " ")).toBe("reads tariff ← cell 1");
    expect(await page.locator(`.dep-item[data-cell="${ids[0]}"] .dep-readers`).textContent()).toContain("cell 27");
    // The arc diagram draws the same edge.
    await expect.poll(() => page.locator(`.dep-arc[data-definer="${ids[0]}"][data-reader="${last}"]`).count()).toBe(1);
    // Scrolled to the top first: the last cell is out of view.
    await page.evaluate(() => window.scrollTo(0, 0));
    const inView = () => cell(page, last).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    expect(await inView()).toBe(false);
    await item.locator(".dep-cell").click();
    await expect.poll(inView).toBe(true);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id)).toBe(last);
    // The link to a definer jumps there.
    await item.locator(".dep-link").click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement).dataset.id)).toBe(ids[0]);
    expect(errors).toEqual([]);
  });

  test("the variable list shows each name with its type, size and defining cell", async () => {
    const { page } = await open();
    const ids = await loadNotebook(page, [
      { source: "const tariff = 0.25" },
      { source: "const partners = ['KZ', 'RU', 'KG']" },
      { source: "const flows = aq.table({a: [1, 2, 3, 4]})" },
      { source: "const lo = 1, hi = 2" },
      { source: "const label: string = 'EAEU'" },
    ]);
    await settle(page, SETTLE_MS);
    await page.keyboard.press("Control+Shift+P");
    await page.keyboard.type("show variables");
    await page.keyboard.press("Enter");
    const row = (name: string) => page.locator(`.var-table tr[data-name="${name}"]`);
    await expect.poll(() => row("tariff").count()).toBe(1);
    const cells = async (name: string) => (await row(name).locator("th, td").allTextContents()).map((t) => t.trim());
    expect(await cells("tariff")).toEqual(["tariff", "number", "0.25", "cell 1"]);
    expect(await cells("partners")).toEqual(["partners", "Array", "3 items", "cell 2"]);
    expect(await cells("flows")).toEqual(["flows", "Table", "4 rows", "cell 3"]);
    expect((await cells("hi")).slice(2)).toEqual(["not shown by its cell", "cell 4"]);
    expect(await cells("label")).toEqual(["label", "string", '"EAEU"', "cell 5"]);
    // An edit that runs changes what the list says.
    await page.evaluate((id) => {
      const app = (window as any).caravan;
      app.dispatch({ changes: [{ type: "edit", id, from: "const tariff = 0.25", to: "const tariff = 'high'" }], origin: "user" });
      app.run(id);
    }, ids[0]);
    await expect.poll(() => cells("tariff")).toEqual(["tariff", "string", '"high"', "cell 1"]);
    await row("flows").locator(".var-name").click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement).dataset.id)).toBe(ids[2]);
  });

  test("a name whose value no output shows gets its declared type from the type checker", async () => {
    const { page } = await open();
    await loadNotebook(page, [{ source: "const lo = 1, hi = [2, 3]" }, { source: "function grow(x: number): string {\n  return String(x)\n}" }]);
    await settle(page, SETTLE_MS);
    await page.locator(".toolbar .navigator-toggle").click();
    await page.locator(".nav-tab-variables").click();
    const type = (name: string) => page.locator(`.var-table tr[data-name="${name}"] .var-type`);
    // The checker starts once the notebook is quiet, then parses the compiler: allow it time.
    await expect.poll(() => type("hi").textContent(), { timeout: 90_000, interval: 1000 }).toBe("number[]");
    expect(await type("hi").getAttribute("class")).toContain("var-static");
    await expect.poll(() => type("lo").textContent(), { timeout: 10_000 }).toBe("1");
    // A function its cell shows is typed from its value.
    expect(await type("grow").textContent()).toBe("function");
  });
});

describe("run stale cells and folds", () => {
  test("Run stale cells runs the manual cells an upstream edit left stale", async () => {
    const { page } = await open();
    const [x, solve, report] = await loadNotebook(page, [{ source: "const x = 1" }, { source: "const solve = x * 100", mode: "manual" }, { source: "solve + 1" }]);
    await settle(page, SETTLE_MS);
    await page.evaluate((id) => (window as any).caravan.run(id), solve);
    await expect.poll(() => outputText(page, report!).then((t) => t.trim())).toBe("101");
    await page.evaluate((id) => {
      const app = (window as any).caravan;
      app.dispatch({ changes: [{ type: "edit", id, from: "const x = 1", to: "const x = 2" }], origin: "user" });
      app.run(id);
    }, x);
    await expect.poll(() => status(page, solve!)).toBe("stale");
    await page.keyboard.press("Control+Shift+P");
    await page.keyboard.type("run stale");
    await page.keyboard.press("Enter");
    await expect.poll(() => outputText(page, report!).then((t) => t.trim())).toBe("201");
    expect(await status(page, solve!)).toBe("done");
  });

  test("a cell's code and output fold and unfold; the editor has a fold gutter", async () => {
    const { page } = await open();
    const [a] = await loadNotebook(page, [{ source: "const o = {\n  a: 1,\n  b: 2,\n};\no" }]);
    await settle(page, SETTLE_MS);
    const c = cell(page, a!);
    await c.hover();
    await c.locator(".fold-code-toggle").click();
    expect(await c.locator(".cell-editor").isVisible()).toBe(false);
    expect(await c.locator(".fold-code-bar").textContent()).toBe("const o = { · 5 lines folded");
    await c.locator(".fold-output-toggle").click();
    expect(await c.locator(".cell-output").isVisible()).toBe(false);
    expect(await c.locator(".fold-output-toggle").getAttribute("aria-pressed")).toBe("true");
    await c.locator(".fold-output-bar").click();
    expect(await c.locator(".cell-output").isVisible()).toBe(true);
    // Enter (edit) on the selected cell unfolds its code.
    await c.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => c.locator(".cell-editor").isVisible()).toBe(true);
    // CodeMirror's own folding inside the editor.
    await expect.poll(() => c.locator(".cm-foldGutter .cm-gutterElement span[title='Fold line']").count()).toBeGreaterThan(0);
    await c.locator(".cm-foldGutter .cm-gutterElement span[title='Fold line']").first().click();
    await expect.poll(() => c.locator(".cm-foldPlaceholder").count()).toBe(1);
  });
});
