/**
 * The reader's view in Chromium: a share link that asks for it opens with no editors,
 * Markdown and saved outputs shown, still in safe preview; the outline's links move the
 * page and the focus to a heading; widgets work in it once the notebook runs; a cell's
 * hidden code stays hidden across a reload.
 */
import { afterEach, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { makeCell, makeDoc } from "../../src/notebook/document";
import { encodeShare } from "../../src/store/share";
import { isStoreError } from "../../src/store/errors";
import { baseUrl, cell, connect, outputText, settle } from "./helpers";

/** The machine is shared by many test runs: waits are generous, assertions are not. */
const SETTLE_MS = 120_000;

let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function openPage(url: string): Promise<Page> {
  context = await (await connect()).newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as any).caravan?.doc?.cells?.length > 0, undefined, { timeout: SETTLE_MS });
  return page;
}

/** A notebook with a heading far down the page, saved outputs and a widget. */
function story(view?: "reader") {
  const filler = Array.from({ length: 12 }, (_, i) => makeCell(`Paragraph ${i + 1} of the story.\n\n${"Words to read. ".repeat(40)}`, "markdown", { id: `p${i}` }));
  const doc = makeDoc(
    [
      makeCell("# The study\n\nWhat the tariff does.", "markdown", { id: "intro" }),
      makeCell("const answer = 6 * 7", "code", { id: "answer", output: "42" }),
      makeCell("const quiet = 1;", "code", { id: "quiet" }),
      ...filler,
      makeCell("## Far section\n\nThe end of the story.", "markdown", { id: "far" }),
      makeCell('const rate = slider({ min: 0, max: 10, step: 1, value: 2, label: "Rate" })', "code", { id: "rate" }),
      makeCell("rate * 100", "code", { id: "scaled", output: "200" }),
      ...filler.slice(0, 6).map((c, i) => ({ ...c, id: `q${i}` })),
    ],
    { id: "story", title: "Reader story" },
  );
  return view ? { ...doc, view } : doc;
}

async function link(doc: ReturnType<typeof story>, query = ""): Promise<string> {
  const fragment = await encodeShare(doc);
  if (isStoreError(fragment)) throw new Error(fragment.message);
  return `${baseUrl()}${query}${fragment}`;
}

/** Editor boxes on screen (their CodeMirror view is built lazily, a placeholder until then). */
const visibleEditors = (page: Page) => page.locator(".cell-editor:visible").count();

describe("reader's view", () => {
  test("a link asking for the reader view shows Markdown and saved outputs, no editors, still in preview; the outline jumps to a heading", async () => {
    const page = await openPage(await link(story("reader")));
    await page.locator("#app.reader").waitFor({ timeout: SETTLE_MS });
    // Safe preview still applies: nothing ran, the consent banner is up.
    expect(await page.locator(".preview-banner").isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as any).caravan.trusted)).toBe(false);
    expect(await page.locator(".cell[data-status=running], .cell[data-status=done]").count()).toBe(0);
    expect(await visibleEditors(page)).toBe(0);
    expect(await page.locator(".cell-gutter:visible").count()).toBe(0);
    // Narrative and saved outputs show; a code cell with nothing to show is left out.
    expect(await outputText(page, "intro")).toContain("The study");
    expect(await cell(page, "intro").isVisible()).toBe(true);
    expect((await outputText(page, "answer")).trim()).toBe("42");
    expect(await cell(page, "answer").locator(".cell-output").isVisible()).toBe(true);
    expect(await cell(page, "quiet").isVisible()).toBe(false);
    expect(await page.locator(".toolbar .reader-toggle").getAttribute("aria-pressed")).toBe("true");

    // The outline lists h1 to h3; a link followed from the keyboard moves the page and the focus.
    const links = page.locator(".reader-outline a");
    expect(await links.allTextContents()).toEqual(["The study", "Far section"]);
    const farTop = () => cell(page, "far").evaluate((el) => el.getBoundingClientRect().top);
    expect(await farTop()).toBeGreaterThan(900);
    await links.nth(1).focus();
    await page.keyboard.press("Enter");
    await expect.poll(farTop).toBeLessThan(450);
    // Just below the sticky toolbar, not hidden under it.
    const toolbarBottom = await page.locator("header.toolbar").evaluate((el) => el.getBoundingClientRect().bottom);
    const headingTop = await cell(page, "far").locator(".cell-output").evaluate((output) => {
      const hosts = [...output.querySelectorAll("*")].filter((el) => el.shadowRoot);
      const h2 = hosts.map((h) => h.shadowRoot!.querySelector("h2")).find((h) => h);
      return h2!.getBoundingClientRect().top;
    });
    expect(headingTop).toBeGreaterThanOrEqual(toolbarBottom);
    expect(headingTop).toBeLessThan(toolbarBottom + 60);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id)).toBe("far");
    expect(page.url()).not.toContain("#far");

    // Consent runs the notebook; the reader view stays, and its widget drives the output below.
    await page.locator(".preview-banner .consent").click();
    await settle(page, SETTLE_MS);
    expect(await page.locator("#app.reader").count()).toBe(1);
    expect(await visibleEditors(page)).toBe(0);
    expect((await outputText(page, "scaled")).trim()).toBe("200");
    const range = cell(page, "rate").locator('.widget input[type="range"]');
    expect(await range.isVisible()).toBe(true);
    await range.fill("7");
    await expect.poll(() => outputText(page, "scaled").then((t) => t.trim()), { timeout: SETTLE_MS }).toBe("700");

    // r in a field types (the slider keeps it); r from the outline leaves the reader view.
    await range.press("r");
    expect(await page.locator("#app.reader").count()).toBe(1);
    await links.first().focus();
    await page.keyboard.press("r");
    expect(await page.locator("#app.reader").count()).toBe(0);
    await expect.poll(() => visibleEditors(page)).toBe(4);
  });

  test("?view=reader in the address opens any shared notebook in the reader view", async () => {
    const plain = story();
    let page = await openPage(await link(plain));
    await page.locator(".preview-banner").waitFor({ timeout: SETTLE_MS });
    expect(await page.locator("#app.reader").count()).toBe(0);
    // The four code cells' editors; Markdown cells show their rendering.
    expect(await visibleEditors(page)).toBe(4);
    await context!.close();
    page = await openPage(await link(plain, "?view=reader"));
    await page.locator("#app.reader").waitFor({ timeout: SETTLE_MS });
    expect(await visibleEditors(page)).toBe(0);
    expect(await page.locator(".preview-banner").isVisible()).toBe(true);
  });

  test("a cell's hidden code stays hidden after a reload, shows its output, and can be revealed; the reader view can be saved with the notebook", async () => {
    const page = await openPage(baseUrl());
    await settle(page, SETTLE_MS);
    const slider = cell(page, "ntbCut");
    expect(await slider.locator(".cell-editor").isVisible()).toBe(true);
    // Command mode on the cell, then h.
    await slider.locator(".cm-content").click();
    await page.keyboard.press("Escape");
    await page.keyboard.press("h");
    await expect.poll(() => slider.evaluate((el) => el.classList.contains("code-hidden"))).toBe(true);
    expect(await slider.locator(".cell-editor").isVisible()).toBe(false);
    expect(await page.evaluate(() => (window as any).caravan.doc.cells.find((c: any) => c.id === "ntbCut").hideCode)).toBe(true);
    // Undo and redo (z, Shift-z in command mode) cover it like any change.
    await page.keyboard.press("z");
    await expect.poll(() => slider.evaluate((el) => el.classList.contains("code-hidden"))).toBe(false);
    await page.keyboard.press("Shift+Z");
    await expect.poll(() => slider.evaluate((el) => el.classList.contains("code-hidden"))).toBe(true);
    await page.waitForTimeout(1500); // past the autosave delay (500 ms) on a loaded machine

    await page.reload();
    await page.waitForFunction(() => (window as any).caravan?.doc?.cells?.length > 0, undefined, { timeout: SETTLE_MS });
    await settle(page, SETTLE_MS);
    const again = cell(page, "ntbCut");
    expect(await again.evaluate((el) => el.classList.contains("code-hidden"))).toBe(true);
    expect(await again.locator(".cell-editor").isVisible()).toBe(false);
    // (An output far from the viewport is drawn when it comes near, or in idle time.)
    await again.scrollIntoViewIfNeeded();
    await expect.poll(() => again.locator('.widget input[type="range"]').isVisible()).toBe(true);
    await page.screenshot({ path: "/tmp/caravan-hidden-code.png" });
    // The small control reveals the code for a look without changing the file.
    await again.locator(".cell-reveal").click();
    expect(await again.locator(".cell-editor").isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as any).caravan.doc.cells.find((c: any) => c.id === "ntbCut").hideCode)).toBe(true);
    await again.locator(".cell-reveal").click();
    expect(await again.locator(".cell-editor").isVisible()).toBe(false);

    // The toolbar's Reader button; ticking "open in this view" saves it in the notebook.
    await page.locator(".toolbar .reader-toggle").click();
    await page.locator("#app.reader").waitFor();
    expect(await visibleEditors(page)).toBe(0);
    expect(await page.locator(".reader-outline a").count()).toBeGreaterThan(3);
    await page.screenshot({ path: "/tmp/caravan-reader.png" });
    // A link copied in the reader view opens in it.
    await page.locator(".file-menu summary").click();
    await page.locator(".menu-item", { hasText: "Copy share link" }).click();
    await page.locator(".toast", { hasText: "Share link copied" }).waitFor({ timeout: SETTLE_MS });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/\?view=reader#share=[A-Za-z0-9_-]+$/);
    await page.locator(".reader-save input").check();
    expect(await page.evaluate(() => (window as any).caravan.doc.view)).toBe("reader");
    await page.waitForTimeout(1500);
    await page.reload();
    await page.waitForFunction(() => (window as any).caravan?.doc?.cells?.length > 0, undefined, { timeout: SETTLE_MS });
    await page.locator("#app.reader").waitFor({ timeout: SETTLE_MS });
    expect(await page.locator(".reader-save input").isChecked()).toBe(true);
  });
});
