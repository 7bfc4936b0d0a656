/**
 * Layouts and themes: dark mode from the system setting and from the toolbar's button (kept
 * across reloads), and the study notebook at 400 and 800 px: no sideways page scroll, the
 * toolbar's controls behind its ☰ menu, a narrow gutter, legible charts; cells that keep their
 * height while queued, and a gutter whose tools all show.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, cell, chartsDrawn, connect, loadNotebook, settle, status } from "./helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});

async function open(width: number, colorScheme: "light" | "dark" = "light"): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  const page = await context.newPage();
  await page.goto(baseUrl(), { timeout: 120000 });
  await page.waitForFunction(() => "caravan" in window, undefined, { timeout: 120000 });
  await settle(page, 180000);
  await chartsDrawn(page);
  return { page, close: () => context.close() };
}

/** Relative luminance (0 black … 1 white) of a computed CSS colour. */
function luminance(css: string): number {
  const [r, g, b] = css.match(/[\d.]+/g)!.slice(0, 3).map((v) => Number(v) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

const colours = (page: Page) =>
  page.evaluate(() => {
    const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
    const editor = document.querySelector(".cell:not(.markdown) .cell-editor")!;
    const tick = [...document.querySelectorAll(".output-host")].map((h) => h.shadowRoot?.querySelector(".output-plot svg text")).find(Boolean);
    return {
      body: style("body").backgroundColor,
      text: style("body").color,
      toolbar: style(".toolbar").backgroundColor,
      editor: getComputedStyle(editor).backgroundColor,
      code: getComputedStyle(editor.querySelector(".cm-line, .cm-placeholder-text")!).color,
      table: style(".tbl-viewport").backgroundColor,
      chartText: tick ? getComputedStyle(tick).fill : null,
    };
  });

describe("dark mode", { timeout: 400_000 }, () => {
  it("follows the system setting: page, toolbar, editor, tables and chart text", async () => {
    const { page, close } = await open(1280, "dark");
    try {
      const c = await colours(page);
      for (const background of [c.body, c.toolbar, c.editor, c.table]) expect(luminance(background)).toBeLessThan(0.05);
      expect(luminance(c.text)).toBeGreaterThan(0.6);
      expect(luminance(c.code)).toBeGreaterThan(0.4);
      expect(c.chartText).not.toBeNull();
      expect(luminance(c.chartText!)).toBeGreaterThan(0.6);
      // Every line series of every chart shows against the dark page (contrast ratio ≥ 1.5:1;
      // a near-black series colour once vanished there).
      const strokes = await page.evaluate(() =>
        [...document.querySelectorAll(".output-host")].flatMap((h) => [...(h.shadowRoot?.querySelectorAll<SVGElement>('.output-plot svg g[aria-label="line"] path') ?? [])].map((p) => getComputedStyle(p).stroke)),
      );
      expect(strokes.length).toBeGreaterThan(10);
      const ratio = (a: string, b: string) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);
      expect(strokes.filter((stroke) => stroke.startsWith("rgb") && ratio(stroke, c.body) < 1.5)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("is light under a light system setting, and the theme button overrides it and is remembered", async () => {
    const { page, close } = await open(1280, "light");
    try {
      expect(luminance((await colours(page)).body)).toBeGreaterThan(0.9);
      const button = page.locator(".theme-toggle");
      expect(await button.getAttribute("aria-label")).toMatch(/^Theme: system \(light\)/);
      await button.click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
      expect(luminance((await colours(page)).body)).toBeLessThan(0.05);
      await page.reload({ timeout: 120000 });
      await page.waitForFunction(() => "caravan" in window, undefined, { timeout: 120000 });
      await settle(page, 180000);
      expect(luminance((await colours(page)).body)).toBeLessThan(0.05);
      await page.locator(".theme-toggle").click();
      expect(luminance((await colours(page)).body)).toBeGreaterThan(0.9);
      await page.locator(".theme-toggle").click();
      expect(await page.evaluate(() => [document.documentElement.dataset.theme ?? "system", localStorage.getItem("caravan.theme")])).toEqual(["system", null]);
    } finally {
      await close();
    }
  });
});

describe("small screens", { timeout: 400_000 }, () => {
  it("at 400 px: no sideways scroll, a narrow gutter, the toolbar's controls behind ☰", async () => {
    const { page, close } = await open(400);
    try {
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      const gutter = await page.locator(".cell-gutter").first().evaluate((g) => g.getBoundingClientRect().width);
      expect(gutter).toBeLessThanOrEqual(40);
      // Every toolbar control is on screen or reachable through the ☰ menu.
      const stop = page.locator(".toolbar .stop");
      expect(await stop.isVisible()).toBe(false);
      const more = page.locator(".more-toggle");
      expect(await more.isVisible()).toBe(true);
      await more.focus();
      await page.keyboard.press("Enter");
      expect(await more.getAttribute("aria-expanded")).toBe("true");
      for (const selector of [".toolbar .stop", ".theme-toggle", ".shortcuts summary", ".file-menu summary", ".toolbar .run-all"]) {
        const box = await page.locator(selector).boundingBox();
        expect(box, selector).not.toBeNull();
        expect(box!.x, selector).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, selector).toBeLessThanOrEqual(400);
      }
      await page.keyboard.press("Escape");
      expect(await more.getAttribute("aria-expanded")).toBe("false");
      // Charts keep a legible size, scrolling inside their box rather than shrinking.
      const chart = await page.evaluate(() => {
        const host = [...document.querySelectorAll(".output-host")].find((h) => h.shadowRoot?.querySelector(".output-plot svg"))!;
        const svg = host.shadowRoot!.querySelector<SVGSVGElement>(".output-plot > svg, .output-plot > figure > svg")!;
        return { width: svg.getBoundingClientRect().width, viewBox: svg.viewBox.baseVal.width, outer: host.closest(".output-contained")!.getBoundingClientRect().right };
      });
      expect(chart.width / chart.viewBox).toBeGreaterThan(0.65);
      expect(chart.outer).toBeLessThanOrEqual(400);
      // Slider labels wrap instead of running off the screen.
      const overflow = await page.$$eval(".widget", (widgets) => widgets.filter((w) => w.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).length);
      expect(overflow).toBe(0);
    } finally {
      await close();
    }
  });

  it("at 800 px: every toolbar control in view, no sideways scroll, chart text at least 8.5 px on screen", async () => {
    const { page, close } = await open(800);
    try {
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      expect(await page.locator(".more-toggle").isVisible()).toBe(false);
      expect(await page.locator(".toolbar .stop").isVisible()).toBe(true);
      const smallest = await page.evaluate(() => {
        // A text's size on screen: its font size in the chart's units times the chart's scale.
        const svgs = [...document.querySelectorAll(".output-host")].flatMap((h) => [...(h.shadowRoot?.querySelectorAll<SVGSVGElement>(".output-plot > svg, .output-plot > figure > svg") ?? [])]);
        // Cells far off screen are not laid out (content-visibility): measure the drawn charts.
        const sizes = svgs.filter((svg) => svg.getBoundingClientRect().width > 0).flatMap((svg) => {
          const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || svg.width.baseVal.value);
          return [...svg.querySelectorAll("text")].filter((t) => t.textContent).map((t) => ({ tick: !!t.closest('g[aria-label$="tick label"]'), size: parseFloat(getComputedStyle(t).fontSize) * scale }));
        });
        const ticks = sizes.filter((s) => s.tick).map((s) => s.size);
        return { count: ticks.length, ticks: Math.min(...ticks), min: Math.min(...sizes.map((s) => s.size)) };
      });
      // The narrower gutter keeps charts near full size: text stays at ≥ 8.5 px (it was 7.6 px for the study's 9 px ticks).
      expect(smallest.count).toBeGreaterThan(10);
      expect(smallest.min).toBeGreaterThanOrEqual(8.5);
    } finally {
      await close();
    }
  });
});

describe("the gutter", { timeout: 400_000 }, () => {
  it("a cell keeps its height while it is queued and when it fails; every tool of a hovered cell is inside it", async () => {
    const { page, close } = await open(1280);
    try {
      // t1 waits (queued) while t0 runs; t2 fails; t3 stays idle-short: all one-line cells.
      await loadNotebook(page, [
        { source: "const slow = await new Promise<number>((r) => setTimeout(() => r(1), 2500))" },
        { source: "const next = slow + 1" },
        { source: "throw new Error('boom')" },
        { source: "const quick = 1" },
      ]);
      await page.waitForFunction(() => document.querySelector('.cell[data-id="t1"]')?.getAttribute("data-status") === "queued", undefined, { timeout: 20000 });
      const queued = await cell(page, "t1").evaluate((c) => c.getBoundingClientRect().height);
      await page.waitForFunction(() => document.querySelector('.cell[data-id="t1"]')?.getAttribute("data-status") === "done", undefined, { timeout: 20000 });
      const done = await cell(page, "t1").evaluate((c) => c.getBoundingClientRect().height);
      expect(await status(page, "t2")).toBe("error");
      // A queued cell showed "queued" beside its run button, not on a line of its own (it was 17 px taller).
      expect(queued).toBe(done);
      expect(await cell(page, "t1").locator(".cell-status").textContent()).toBe("");
      const heightOf = (id: string) => cell(page, id).locator(".cell-gutter").evaluate((g) => [...g.children].reduce((bottom, child) => Math.max(bottom, child.getBoundingClientRect().bottom), 0) - g.getBoundingClientRect().top);
      const main = await cell(page, "t3").locator(".cell-main").evaluate((m) => m.getBoundingClientRect().height);
      // The failed cell's gutter ("error" and the button) is no taller than a one-line cell's code and output.
      expect(await heightOf("t2")).toBeLessThanOrEqual(main + 0.5);
      // Hovered, a code cell shows all its tools (move, delete, hide, reveal, fold) inside its own box:
      // outside it they were cut off (the cell clips what overflows it).
      await cell(page, "t3").hover();
      const tools = await cell(page, "t3").evaluate((c) => {
        const box = c.getBoundingClientRect();
        return [...c.querySelectorAll<HTMLElement>(".cell-tool")].filter((b) => b.offsetWidth > 0).map((b) => {
          const r = b.getBoundingClientRect();
          return { label: b.getAttribute("aria-label"), inside: r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom, lines: Math.round(r.height / 18) };
        });
      });
      expect(tools.length).toBeGreaterThanOrEqual(5);
      for (const tool of tools) expect(tool, String(tool.label)).toEqual({ label: tool.label, inside: true, lines: 1 });
    } finally {
      await close();
    }
  });

  it("at 400 px a running cell's timer shows whole in the narrow gutter", async () => {
    const { page, close } = await open(400);
    try {
      await loadNotebook(page, [{ source: "const slow = await new Promise<number>((r) => setTimeout(() => r(1), 4000))" }]);
      await page.waitForFunction(() => /\d\.\d s/.test(document.querySelector('.cell[data-id="t0"] .cell-status')?.textContent ?? ""), undefined, { timeout: 20000 });
      const shown = await cell(page, "t0").evaluate((c) => {
        const box = c.getBoundingClientRect();
        const status = c.querySelector<HTMLElement>(".cell-status")!;
        // The boxes of the text as laid out (hidden parts have none), whatever elements hold it.
        const range = document.createRange();
        range.selectNodeContents(status);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        return { status: c.getAttribute("data-status"), inside: rects.length > 0 && rects.every((r) => r.left >= box.left - 0.5), lines: new Set(rects.map((r) => Math.round(r.top))).size, text: status.innerText.trim() };
      });
      // The word "running" was cut off at the cell's edge and the time broke over two lines.
      expect(shown).toEqual({ status: "running", inside: true, lines: 1, text: expect.stringMatching(/^\d+\.\d s$/) });
    } finally {
      await close();
    }
  });
});

afterAll(async () => undefined);
