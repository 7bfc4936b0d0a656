/**
 * Keyboard and accessibility: command mode and edit mode as in Jupyter, Tab that never
 * traps (or indents code it walks through), menus that close, and an axe-core audit of
 * the study notebook with no serious or critical violation.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, cell, connect, loadNotebook, openApp, outputText, settle } from "./helpers";

let page: Page;
let close: () => Promise<void>;

beforeAll(async () => {
  // The study notebook is replaced at once: no need to wait for it to compute.
  const opened = await openApp({ settle: false });
  page = opened.page;
  close = () => opened.context.close();
});
afterAll(async () => close?.());

/** The sources of the open notebook's cells, in order. */
const sources = () => page.evaluate(() => (window as unknown as { caravan: { doc: { cells: { source: string }[] } } }).caravan.doc.cells.map((c) => c.source));
/** What has the focus: "cell:<index>", "editor:<index>", "button:<index>" (a cell's gutter) or another element's tag. */
const focus = () =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    const cells = [...document.querySelectorAll(".cell")];
    const section = active?.closest(".cell");
    const index = section ? cells.indexOf(section) : -1;
    if (!active || !section) return active?.tagName.toLowerCase() ?? "none";
    if (active === section) return `cell:${index}`;
    if (active.closest(".cm-content")) return `editor:${index}`;
    if (active.closest(".cell-gutter")) return `button:${index}`;
    return `other:${index}`;
  });

describe("keyboard-only authoring", () => {
  it("writes, runs and moves a three-cell notebook without damaging its code", async () => {
    await loadNotebook(page, [{ source: "" }]);
    // From the top of the page, Tab reaches the cell itself, never its editor.
    await page.locator(".title").focus();
    for (let i = 0; i < 20 && !(await focus()).startsWith("cell:"); i++) {
      await page.keyboard.press("Tab");
      expect(await focus()).not.toMatch(/^editor/);
    }
    expect(await focus()).toBe("cell:0");
    expect(await sources()).toEqual([""]);

    // Enter edits; Shift-Enter runs and, on the last cell, opens a new one below.
    await page.keyboard.press("Enter");
    expect(await focus()).toBe("editor:0");
    await page.keyboard.type("const a = 2");
    await page.keyboard.press("Shift+Enter");
    expect(await focus()).toBe("editor:1");
    await page.keyboard.type("const b = a * 3");
    // Esc leaves to command mode; b inserts below and stays in command mode.
    await page.keyboard.press("Escape");
    expect(await focus()).toBe("cell:1");
    await page.keyboard.press("b");
    expect(await focus()).toBe("cell:2");
    expect(await sources()).toEqual(["const a = 2", "const b = a * 3", ""]);
    await page.keyboard.press("Enter");
    await page.keyboard.type("a + b");
    await page.keyboard.press("Control+Enter");
    await page.keyboard.press("Escape");
    // k goes up; Enter and Ctrl-Enter run the second cell, which was typed but not run.
    await page.keyboard.press("k");
    expect(await focus()).toBe("cell:1");
    await page.keyboard.press("Shift+Enter");
    await settle(page, 120000);
    const ids = await page.$$eval(".cell", (cells) => cells.map((c) => (c as HTMLElement).dataset.id!));
    expect((await outputText(page, ids[2]!)).trim()).toBe("8");

    // Alt-↑ moves the selected cell; the code is exactly what was typed.
    await page.keyboard.press("j");
    expect(await focus()).toBe("cell:2");
    await page.keyboard.press("Alt+ArrowUp");
    expect(await sources()).toEqual(["const a = 2", "a + b", "const b = a * 3"]);
  });

  it("indents with Tab only in edit mode, and Esc then Tab moves on", async () => {
    const [first] = await loadNotebook(page, [{ source: "const x = 1" }, { source: "x + 1" }]);
    await settle(page, 120000);
    await cell(page, first!).focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect((await sources())[0]).toMatch(/^[ \t]+const x = 1$/);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Escape");
    expect(await focus()).toBe("cell:0");
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      expect(await focus()).not.toMatch(/^editor/);
    }
    expect(await sources()).toEqual(["const x = 1", "x + 1"]);
  });

  it("moves the selection with j and k when a cell's button has the focus", async () => {
    const [first] = await loadNotebook(page, [{ source: "1" }, { source: "2" }, { source: "3" }]);
    await settle(page, 120000);
    await cell(page, first!).locator(".cell-run").focus();
    expect(await focus()).toBe("button:0");
    await page.keyboard.press("j");
    expect(await focus()).toBe("cell:1");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    expect(await focus()).toBe("cell:1");
    expect(await page.locator(".cell.selected").count()).toBe(1);
  });

  it("undoes with z when nothing has the focus", async () => {
    const [first] = await loadNotebook(page, [{ source: "const kept = 1" }, { source: "kept" }]);
    await settle(page, 120000);
    await cell(page, first!).focus();
    await page.keyboard.press("d");
    await page.keyboard.press("d");
    expect(await sources()).toEqual(["kept"]);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await focus()).toBe("body");
    await page.keyboard.press("z");
    expect(await sources()).toEqual(["const kept = 1", "kept"]);
  });

  it("names each editor by its cell's position and what it defines", async () => {
    await loadNotebook(page, [{ source: "# Rates", kind: "markdown" }, { source: "const tariffs = 1\nconst rates = 2" }, { source: "tariffs + rates" }]);
    const labels = await page.$$eval(".cell", (cells) => cells.map((c) => [c.getAttribute("aria-label"), c.querySelector(".cm-content, .cm-placeholder-text")?.getAttribute("aria-label")]));
    expect(labels[1]).toEqual(["Cell 2, defines tariffs, rates", "Cell 2, defines tariffs, rates, code editor"]);
    expect(labels[0]![0]).toBe("Cell 1, Markdown: Rates");
    expect(labels[2]![0]).toBe("Cell 3");
  });
});

describe("menus", () => {
  const open = () => page.$$eval(".toolbar details[open]", (menus) => menus.map((m) => m.classList[0]));

  it("closes the File menu on Esc and on a click outside; Keys never opens over it", async () => {
    await page.locator(".file-menu summary").click();
    expect(await open()).toEqual(["file-menu"]);
    await page.keyboard.press("Escape");
    expect(await open()).toEqual([]);
    await page.locator(".file-menu summary").click();
    await page.mouse.click(5, 400);
    expect(await open()).toEqual([]);
    await page.locator(".file-menu summary").click();
    await page.locator(".shortcuts summary").click();
    expect(await open()).toEqual(["shortcuts"]);
    await page.keyboard.press("Escape");
    expect(await open()).toEqual([]);
  });
});

describe("accessibility audit", () => {
  it("finds no serious or critical axe-core violation in the study notebook, light and dark", { timeout: 420_000 }, async () => {
    let source: string;
    try {
      source = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    } catch {
      throw new Error("axe-core is not installed: it is a devDependency of the accessibility audit (npm install)");
    }
    // A fresh profile opens the study notebook.
    const context = await (await connect()).newContext({ viewport: { width: 1280, height: 900 } });
    const study = await context.newPage();
    try {
      await study.goto(baseUrl(), { timeout: 120000 });
      await study.waitForFunction(() => "caravan" in window, undefined, { timeout: 120000 });
      await settle(study, 240000);
      // The app's CSP forbids inline scripts (addScriptTag); evaluating through the devtools protocol is not a page script.
      await study.evaluate(source);
      for (const scheme of ["light", "dark"] as const) {
        await study.emulateMedia({ colorScheme: scheme });
        const violations = await study.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
          const result = await axe.run(document, { resultTypes: ["violations"] });
          return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.length} nodes, e.g. ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(", ")}`);
        });
        expect(violations, scheme).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
});
