/**
 * Helpers the e2e tests share: open the app in a fresh browser context, wait for the
 * notebook to settle, read cells, type into editors, and load notebooks through the
 * app's `loadDoc` seam.
 */
import { readFileSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterEach, inject } from "vitest";
import type { CellKind } from "../../src/kernel/types";

let browser: Browser | null = null;

/** The shared Chromium (started by global-setup.ts). */
export async function connect(): Promise<Browser> {
  browser ??= await chromium.connect(inject("wsEndpoint"));
  return browser;
}

/** The served app's base URL. */
export function baseUrl(): string {
  return inject("baseUrl");
}

/** A fresh context and page with the app open and its default notebook computed. */
export async function openApp(options: { settle?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await (await connect()).newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Uncaught errors in the kernel worker, as the sandbox host reports them to the page (see hostErrors).
  await page.addInitScript(() => {
    if (window !== window.top) return;
    const seen: string[] = ((window as unknown as { __hostErrors: string[] }).__hostErrors = []);
    addEventListener("message", (event) => {
      const data = event.data as { type?: unknown; message?: unknown } | null;
      if (data && data.type === "worker-error" && seen.length < 100) seen.push(String(data.message));
    });
  });
  await page.goto(baseUrl());
  // The first notebook is open (a test that loads its own then replaces it, not the reverse).
  await page.waitForFunction(() => performance.getEntriesByName("caravan:notebook-open").length > 0);
  if (options.settle !== false) await settle(page);
  return { context, page, errors };
}

/** Waits until no cell is queued or running. */
export async function settle(page: Page, timeout = 30000): Promise<void> {
  await page.waitForFunction(
    () => {
      const cells = [...document.querySelectorAll<HTMLElement>(".cell")];
      return cells.length > 0 && cells.every((c) => c.dataset.status !== "queued" && c.dataset.status !== "running" && c.dataset.status !== undefined);
    },
    undefined,
    { timeout },
  );
}

/** One notebook cell to load: source and kind. */
export interface TestCell {
  source: string;
  kind?: CellKind;
  mode?: "auto" | "manual";
  output?: string;
}

/** Loads a notebook through the app's `loadDoc` seam; returns the cell ids in order. */
export async function loadNotebook(page: Page, cells: TestCell[], trusted = true): Promise<string[]> {
  return page.evaluate(
    ({ cells, trusted }) => {
      const app = (window as unknown as { caravan: { loadDoc(doc: unknown, o: { trusted: boolean }): void } }).caravan;
      const ids = cells.map((_, i) => `t${i}`);
      const doc = {
        id: "test",
        title: "Test notebook",
        revision: 0,
        cells: cells.map((c, i) => ({ id: ids[i], kind: c.kind ?? "code", source: c.source, mode: c.mode ?? "auto", ...(c.output ? { output: c.output } : {}) })),
      };
      app.loadDoc(doc, { trusted });
      return ids;
    },
    { cells, trusted },
  );
}

/** A cell's section element locator. */
export function cell(page: Page, id: string) {
  return page.locator(`.cell[data-id="${id}"]`);
}

/** The text of a cell's output, including HTML, SVG and Markdown shown in shadow roots (outputs/contain.ts). */
export async function outputText(page: Page, id: string): Promise<string> {
  return cell(page, id)
    .locator(".cell-output")
    .evaluate((output) => {
      const text = (node: Node): string =>
        node.nodeType === Node.TEXT_NODE ? (node.nodeValue ?? "") : [...(node instanceof Element && node.shadowRoot ? node.shadowRoot.childNodes : []), ...node.childNodes].map(text).join("");
      return text(output);
    });
}

/** The status a cell shows (data-status attribute). */
export async function status(page: Page, id: string): Promise<string | null> {
  return cell(page, id).getAttribute("data-status");
}

/** Replaces a cell's text by typing into its editor, as a user would. */
export async function typeInto(page: Page, id: string, text: string): Promise<void> {
  const content = cell(page, id).locator(".cm-content");
  await content.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Backspace");
  await page.keyboard.insertText(text);
}

/** Chooses `item` in the File menu and returns the file it downloads, as bytes. */
export async function downloadFromMenu(page: Page, item: string): Promise<Buffer> {
  await page.locator(".file-menu summary").click();
  const [file] = await Promise.all([page.waitForEvent("download"), page.locator(".menu-item", { hasText: item }).click()]);
  const path = `/tmp/caravan-download-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await file.saveAs(path);
  return readFileSync(path);
}

/**
 * For test files whose tests load their own cells: returns `open()`, which opens the app in
 * a fresh context and waits until its first notebook is on screen (loading a notebook before
 * that would be replaced by the app's own); every context opened is closed after each test.
 */
export function ownCellsPages(timeout = 90_000): () => Promise<Page> {
  let contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    contexts = [];
  });
  return async () => {
    const opened = await openApp({ settle: false });
    contexts.push(opened.context);
    await opened.page.locator(".cell").first().waitFor({ timeout });
    return opened.page;
  };
}

/** Uncaught errors the kernel worker threw since the page opened (reported by the sandbox host), at most 100. */
export async function hostErrors(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __hostErrors?: string[] }).__hostErrors ?? []);
}

/**
 * Waits until every chart the notebook computed is drawn. Cells far from the viewport draw
 * their outputs in idle time, a few at a time (src/ui/drawScheduler.ts), so a test that reads
 * charts right after `settle` would see only those near the top.
 */
export async function chartsDrawn(page: Page, timeout = 30000): Promise<void> {
  await page.waitForFunction(
    () => {
      const plots = [...(window as unknown as { caravan: { outputDisplays(): Map<string, { kind: string }> } }).caravan.outputDisplays()].filter(([, d]) => d.kind === "plot");
      return plots.every(([id]) => document.querySelector(`.cell[data-id="${CSS.escape(id)}"] .output-host`)?.shadowRoot?.querySelector(".output-plot svg"));
    },
    undefined,
    { timeout, polling: 100 },
  );
}

/**
 * The times (`Date.now()`) at which the page started each kernel worker, workers of the sandboxed
 * frame included: the kernel workers are named (workers/sandbox-host.ts), and a worker's name
 * is read once its script has run, so an entry comes a little after the worker's start.
 */
export function watchKernelWorkers(page: Page, clock: () => number = Date.now): number[] {
  const kernels: number[] = [];
  page.on("worker", (worker) => {
    const at = clock();
    void worker.evaluate("self.name").then(
      (name) => name === "caravan-kernel" && kernels.push(at),
      () => undefined,
    );
  });
  return kernels;
}
