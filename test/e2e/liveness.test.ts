/**
 * The kernel never dies silently, and Stop stops only what computes (issue 12), and a
 * flooding notebook cannot hold the page (issue 11): in the built app, in Chromium.
 */
import { afterEach, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { baseUrl, cell, connect, loadNotebook, openApp, outputText, settle, status, typeInto } from "./helpers";

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

/** A fresh profile with a new, stored notebook of one empty cell open (made through the File menu, as a person does). */
async function newNotebookPage(): Promise<Page> {
  context = await (await connect()).newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(baseUrl());
  await page.waitForFunction(() => performance.getEntriesByName("caravan:notebook-open").length > 0, undefined, { timeout: 30000 });
  await page.locator(".file-menu summary").click();
  await page.locator(".menu-item", { hasText: "New notebook" }).click();
  await page.waitForFunction(() => (window as any).caravan.doc.cells.length === 1);
  return page;
}
const warning = (page: Page) => page.locator(".kernel-warning").textContent();
const waitStatus = (page: Page, id: string, want: string, timeout = 15000) =>
  page.waitForFunction(({ id, want }) => document.querySelector(`.cell[data-id="${id}"]`)?.getAttribute("data-status") === want, { id, want }, { timeout });

test("work a cell scheduled that never yields is reported on that cell; Stop does not start it again", async () => {
  const page = await open();
  const [, spinner, reader] = await loadNotebook(page, [{ source: "const a = 1" }, { source: "setInterval(() => { for (;;) {} }, 0); 1" }, { source: "a + 1" }]);
  // The cell itself finishes at once; the interval it left behind then holds the worker.
  await page.locator(".kernel-warning", { hasText: "not responding" }).waitFor({ timeout: 15000 });
  expect(await warning(page)).toContain("cell 2");
  await page.locator(".toolbar .stop").click();
  await waitStatus(page, spinner!, "interrupted");
  await expect.poll(() => warning(page), { timeout: 10000 }).toBe("");
  // The fresh kernel is not stuck again: an edit computes.
  await typeInto(page, reader!, "a + 2");
  await page.keyboard.press("Control+Enter");
  await expect.poll(() => text(page, reader!), { timeout: 10000 }).toBe("3");
  await page.waitForTimeout(4000);
  expect(await warning(page)).toBe("");
});

test("an error thrown later by a cell's timer, or a rejection nobody handled, shows on that cell, never another", async () => {
  const page = await open();
  const [quiet, timer, rejection, reader] = await loadNotebook(page, [
    { source: "const quiet = 1" },
    { source: "const t = 2;\nsetTimeout(() => {\n  throw new Error('late boom');\n}, 50);\nt" },
    { source: "const r = 3;\nPromise.reject(new Error('nobody caught me'));\nr" },
    { source: "t + r" },
  ]);
  await expect.poll(() => outputText(page, timer!), { timeout: 10000 }).toContain("late boom");
  expect(await outputText(page, timer!)).toMatch(/line 3/);
  await expect.poll(() => outputText(page, rejection!), { timeout: 10000 }).toContain("nobody caught me");
  expect(await status(page, timer!)).toBe("error");
  expect(await text(page, quiet!)).toBe("1");
  // Readers of a cell whose work failed say so, by the cell's name.
  await expect.poll(() => outputText(page, reader!), { timeout: 10000 }).toMatch(/defining/);
});

test("Stop on a runaway keeps finished and failed cells as they were instead of running them again", async () => {
  const page = await open();
  const [slow, failed, reader, quickFail, spin] = await loadNotebook(page, [
    { source: "const slow = (() => { const t = Date.now(); while (Date.now() - t < 300) {} return Math.random() })()" },
    { source: "const failed = (() => { const t = Date.now(); while (Date.now() - t < 300) {} throw new Error('boom ' + Math.random()) })()" },
    { source: "slow * 2" },
    { source: "const quickFail = (() => { throw new Error('quick ' + Math.random()) })()" },
    { source: "const spin = (() => { while (true) {} })()" },
  ]);
  await waitStatus(page, spin!, "running");
  await waitStatus(page, slow!, "done");
  const before = { slow: await text(page, slow!), failed: await text(page, failed!), reader: await text(page, reader!), quickFail: await text(page, quickFail!) };
  expect(before.failed).toContain("boom");
  expect(before.quickFail).toContain("quick");
  await page.locator(".toolbar .stop").click();
  await waitStatus(page, spin!, "interrupted");
  await settle(page);
  // Math.random() would differ had either cell run again.
  expect(await text(page, slow!)).toBe(before.slow);
  expect(await text(page, failed!)).toBe(before.failed);
  // A cell that failed at once is kept as well (it ran again, with a new message, in 3 of 4 tries).
  expect(await text(page, quickFail!)).toBe(before.quickFail);
  expect(Number(await text(page, reader!))).toBeCloseTo(Number(before.slow) * 2, 12);
  expect(await status(page, failed!)).toBe("error");
});

test("Stop pressed twice on a runaway: the runaway stays stopped, cells that only waited start again", async () => {
  const page = await open();
  const [waiter, spin] = await loadNotebook(page, [
    { source: "const waited = await new Promise((r) => setTimeout(() => r('waited ' + Math.random()), 1500))" },
    { source: "const spin = (() => { while (true) {} })()" },
  ]);
  await page.locator(".kernel-warning", { hasText: "not responding" }).waitFor({ timeout: 20000 });
  const stop = page.locator(".toolbar .stop");
  await stop.click();
  await page.waitForTimeout(30);
  await stop.click({ force: true }).catch(() => undefined);
  await waitStatus(page, spin!, "interrupted");
  // The timer cell was only waiting: it is started again, not interrupted, and the runaway does not run again.
  await expect.poll(() => text(page, waiter!), { timeout: 15000 }).toMatch(/waited 0\.\d/);
  await page.waitForTimeout(4000);
  expect(await status(page, spin!)).toBe("interrupted");
  expect(await warning(page)).toBe("");
});

test("a cell that breaks the kernel's answer to Stop (a patched built-in) still gets stopped: the worker is replaced", async () => {
  const page = await open();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const [fixed, later, defiant, reader, failed] = await loadNotebook(page, [
    { source: "const fixed = Math.random()" },
    { source: "const later = fixed + 1" },
    {
      source:
        "const filter = Array.prototype.filter;\nArray.prototype.filter = function (...a) { if (String(new Error().stack).includes('stopComputing')) throw new Error('no stop for you'); return filter.apply(this, a) };\nfor (let i = 0; ; i++) { const t = Date.now(); while (Date.now() - t < 50) {} progress((i % 10) / 10); await new Promise((r) => setTimeout(r, 0)) }",
    },
    { source: "const reader = typeof filter" },
    { source: "const failed = nowhere + 1" },
  ]);
  await waitStatus(page, defiant!, "running");
  await waitStatus(page, failed!, "error");
  const before = { fixed: await text(page, fixed!), later: await text(page, later!) };
  await page.waitForTimeout(500);
  // Every status each cell shows from the click on. The new worker's first batches once showed
  // the stopped cell "queued" a second after it was interrupted, and the cells that come back
  // from their copies "queued" and "running" on the way.
  await page.evaluate(() => {
    const shown: Record<string, string[]> = ((window as any).__statuses = {});
    for (const element of document.querySelectorAll(".cell[data-id]")) {
      const id = element.getAttribute("data-id")!;
      shown[id] = [];
      new MutationObserver(() => shown[id]!.push(element.getAttribute("data-status") ?? "")).observe(element, { attributes: true, attributeFilter: ["data-status"] });
    }
  });
  await page.locator(".toolbar .stop").click();
  await waitStatus(page, defiant!, "interrupted", 10000);
  await page.waitForTimeout(2500);
  expect(await status(page, defiant!)).toBe("interrupted");
  const shown: Record<string, string[]> = await page.evaluate(() => (window as any).__statuses);
  expect(new Set(shown[defiant!])).toEqual(new Set(["interrupted"]));
  for (const [id, want] of [[fixed, "done"], [later, "done"], [reader, "error"], [failed, "error"]] as const) {
    expect(new Set(shown[id!]).has("queued") || new Set(shown[id!]).has("running"), `cell ${id} showed ${shown[id!]}`).toBe(false);
    expect(await status(page, id!)).toBe(want);
  }
  // The finished cells kept their values (from the copies kept outside the worker), and no error the cell chose reached the page.
  expect({ fixed: await text(page, fixed!), later: await text(page, later!) }).toEqual(before);
  expect(errors.filter((m) => m.includes("no stop for you"))).toEqual([]);
});

test("a cell cannot close the kernel's worker: close() fails on that cell, the others compute", async () => {
  const page = await open();
  const [closer, later, reader] = await loadNotebook(page, [
    { source: "self.close(); const closed = 1" },
    { source: "const cl = 1; setTimeout(() => close(), 10); cl" },
    { source: "const after = await new Promise((r) => setTimeout(() => r(2), 200)); after + 1" },
  ]);
  await expect.poll(() => text(page, closer!), { timeout: 10000 }).toContain("close() is not available");
  expect(await status(page, closer!)).toBe("error");
  await expect.poll(() => text(page, later!), { timeout: 10000 }).toContain("close() is not available");
  await expect.poll(() => text(page, reader!), { timeout: 10000 }).toBe("3");
  await page.waitForTimeout(4000);
  expect(await warning(page)).toBe("");
});

test("Stop while the kernel answers interrupts the running generator and nothing else", async () => {
  const page = await open();
  const [gen, fixed] = await loadNotebook(page, [
    { source: "const gen = (async function* () { let i = 0; while (true) { yield i++; await new Promise((r) => setTimeout(r, 20)); } })()" },
    { source: "const fixed = Math.random()" },
  ]);
  await expect.poll(async () => Number(await text(page, gen!)), { timeout: 10000 }).toBeGreaterThan(5);
  const fixedBefore = await text(page, fixed!);
  await page.locator(".toolbar .stop").click();
  await waitStatus(page, gen!, "interrupted");
  const stoppedAt = await text(page, gen!);
  await page.waitForTimeout(500);
  expect(await text(page, gen!)).toBe(stoppedAt);
  // The worker was not replaced: the other cell did not run again.
  expect(await text(page, fixed!)).toBe(fixedBefore);
});

test("a flood of outputs and progress does not hold the page: a click on Stop is handled within 100 ms", async () => {
  const page = await open();
  const [flood, spam] = await loadNotebook(page, [
    { source: "const flood = (function* () { for (let i = 0; ; i++) yield 'x'.repeat(200000) + i })()" },
    { source: "for (let i = 0; ; i++) { progress((i % 100) / 100, 'step ' + i); if (i % 1000 === 0) await null }" },
  ]);
  await waitStatus(page, spam!, "running");
  await page.waitForTimeout(1500);
  const latency = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        document.querySelector(".toolbar .stop")!.addEventListener("click", (event) => resolve(performance.now() - event.timeStamp), { capture: true, once: true });
      }),
  );
  await page.locator(".toolbar .stop").click();
  // Time from the input event to its handler: how long the page kept the click waiting.
  expect(await latency).toBeLessThan(100);
  await waitStatus(page, spam!, "interrupted");
  expect(await cell(page, flood!).count()).toBe(1);
});

test("a cell that exhausts the heap: the next open starts in safe mode, runs nothing and names the cell", async () => {
  const page = await newNotebookPage();
  await page.evaluate(() => (window as any).caravan.appendCell("code"));
  const [ok, hog] = await page.evaluate(() => (window as any).caravan.doc.cells.map((c: { id: string }) => c.id));
  await typeInto(page, ok!, "const fine = 6 * 7");
  await page.keyboard.press("Control+Enter");
  await expect.poll(() => text(page, ok!), { timeout: 10000 }).toBe("42");
  await page.waitForTimeout(800); // autosave
  await typeInto(page, hog!, "const a = []; for (;;) a.push(new Array(1e6).fill(1.5))");
  const crashed = new Promise<void>((resolve) => page.once("crash", () => resolve()));
  await page.keyboard.press("Control+Enter");
  // Either the renderer dies, or the worker does and the heartbeat says so.
  await Promise.race([crashed, page.locator(".kernel-warning", { hasText: "not responding" }).waitFor({ timeout: 60000 }).catch(() => {})]);
  const next = await page.context().newPage();
  await page.close().catch(() => {});
  await next.goto(baseUrl());
  await next.waitForFunction(() => performance.getEntriesByName("caravan:notebook-open").length > 0, undefined, { timeout: 30000 });
  await next.locator(".safe-mode", { hasText: "was running" }).waitFor({ timeout: 10000 });
  expect(await next.locator(".safe-mode").textContent()).toContain("the cell defining a");
  expect(await status(next, hog!)).toBe("interrupted");
  await next.waitForTimeout(1000);
  expect(await next.evaluate(() => [...(window as any).caravan.statuses.values()].filter((s: string) => s === "running" || s === "done").length)).toBe(0);
  // "Run the other cells" runs everything but the suspect, which stays stopped on the next visit too.
  await next.locator(".safe-mode-others").click();
  await expect.poll(() => text(next, ok!), { timeout: 15000 }).toBe("42");
  expect(await status(next, hog!)).toBe("interrupted");
  await next.reload();
  await next.waitForFunction(() => performance.getEntriesByName("caravan:notebook-open").length > 0, undefined, { timeout: 30000 });
  await expect.poll(() => text(next, ok!), { timeout: 15000 }).toBe("42");
  expect(await next.locator(".safe-mode").isVisible()).toBe(false);
  expect(await status(next, hog!)).toBe("interrupted");
});

test("a worker stuck in a timer a finished cell left: the next open starts in safe mode and names that cell", async () => {
  const page = await newNotebookPage();
  const [timer] = await page.evaluate(() => (window as any).caravan.doc.cells.map((c: { id: string }) => c.id));
  await typeInto(page, timer!, "const ht = 1; setTimeout(() => { for (;;) {} }, 300); ht");
  await page.keyboard.press("Control+Enter");
  await page.locator(".kernel-warning", { hasText: "not responding" }).waitFor({ timeout: 20000 });
  expect(await warning(page)).toContain("the cell defining ht");
  // The tab is closed while the worker is stuck; the cell itself had finished ("done").
  const next = await page.context().newPage();
  await page.close();
  await next.goto(baseUrl());
  await next.waitForFunction(() => performance.getEntriesByName("caravan:notebook-open").length > 0, undefined, { timeout: 30000 });
  await next.locator(".safe-mode", { hasText: "was running" }).waitFor({ timeout: 10000 });
  expect(await next.locator(".safe-mode").textContent()).toContain("the cell defining ht");
  await next.waitForTimeout(4000);
  expect(await next.locator(".kernel-warning").textContent()).toBe("");
});

test("after Stop, quick cells and a cell that read a file come back from the copies kept outside the worker: nothing runs or is fetched again, outputs on screen stay as drawn", async () => {
  const page = await open();
  await page.evaluate(() => {
    const w = window as unknown as { caravan: { attachments: (name: string) => Promise<unknown> }; fetched: string[] };
    const shipped = w.caravan.attachments;
    w.fetched = [];
    w.caravan.attachments = (name) => (w.fetched.push(name), shipped(name));
  });
  const fetched = () => page.evaluate(() => (window as unknown as { fetched: string[] }).fetched.length);
  const [quick, file, rows, spin] = await loadNotebook(page, [
    { source: "const quick = { value: Math.random(), list: [1, 2, 3] }" },
    { source: 'const sectors = await FileAttachment("study/sectors.csv").csv()' },
    { source: "sectors.numRows() + quick.list.length" },
    { source: "const spin = quick.value > -1 && sectors ? (() => { while (true) {} })() : 0" },
  ]);
  await waitStatus(page, spin!, "running");
  await waitStatus(page, rows!, "done");
  const before = { quick: await text(page, quick!), rows: await text(page, rows!), fetched: await fetched() };
  expect(before.fetched).toBe(1);
  // The quick cell's drawn output is marked: an equal output sent again is not drawn again.
  await cell(page, quick!).locator(".cell-output > *").first().evaluate((node) => node.setAttribute("data-kept", ""));
  const generation = () => page.evaluate(() => (window as unknown as { caravan: { kernel: { current: number } } }).caravan.kernel.current);
  const worker = await generation();
  // Every cell's state as the fresh worker reports it (the page shows the old one until then).
  await page.evaluate(() => {
    const app = (window as unknown as { caravan: { onEvent(e: { cell: string; type: string; status?: string }): void } }).caravan;
    const apply = app.onEvent.bind(app);
    const reported = ((window as unknown as { reported: Set<string> }).reported = new Set());
    app.onEvent = (e) => {
      if (e.type === "status" && (e.status === "done" || e.status === "error")) reported.add(e.cell);
      apply(e);
    };
  });
  await page.locator(".toolbar .stop").click();
  await waitStatus(page, spin!, "interrupted");
  await page.waitForFunction((ids) => ids.every((id) => (window as unknown as { reported: Set<string> }).reported.has(id)), [quick!, file!, rows!]);
  await settle(page);
  // Math.random() would differ had the quick cell run again; the file would have been asked for.
  expect(await text(page, quick!)).toBe(before.quick);
  expect(await text(page, rows!)).toBe(before.rows);
  expect(await status(page, file!)).toBe("done");
  expect(await fetched()).toBe(before.fetched);
  // The stuck worker was replaced: what shows came from the kept copies, not from the old worker.
  expect(await generation()).toBeGreaterThan(worker);
  expect(await cell(page, quick!).locator(".cell-output [data-kept]").count()).toBe(1);
});

test("a 1,000-cell chain opens, computes and follows an edit of its root; editors far from the viewport are not built, far outputs are drawn by and by", { timeout: 240000 }, async () => {
  const page = await open();
  const n = 1000;
  const ids = await loadNotebook(
    page,
    Array.from({ length: n }, (_, i) => ({ source: i === 0 ? "const v0 = 1" : `const v${i} = v${i - 1} + 1` })),
  );
  // A long notebook's views are built a few at a time: all of them first, then all computed.
  await page.waitForFunction((n) => document.querySelectorAll(".cell").length === n, n, { timeout: 120000 });
  // …each batch going on where the last stopped: every view once, in the document's order, numbered.
  expect(await page.evaluate(() => [...document.querySelectorAll<HTMLElement>(".cell")].map((c) => c.dataset.id))).toEqual(ids);
  expect(await page.locator(".cell").last().getAttribute("aria-label")).toMatch(new RegExp(`^Cell ${n}\\b`));
  await settle(page, 120000);
  // Only cells near the viewport get a CodeMirror editor; the rest show their text.
  expect(await page.locator(".cm-editor").count()).toBeLessThan(100);
  // A cell far below, never scrolled to, still gets its output in idle time.
  await expect.poll(() => text(page, ids[600]!), { timeout: 30000 }).toBe("601");
  const last = ids[n - 1]!;
  await cell(page, last).scrollIntoViewIfNeeded();
  await expect.poll(() => text(page, last), { timeout: 30000 }).toBe(String(n));
  // The root edited (its editor built on demand) and run: the last cell, in view, follows.
  await typeInto(page, ids[0]!, "const v0 = 2");
  await page.keyboard.press("Control+Enter");
  await cell(page, last).scrollIntoViewIfNeeded();
  await expect.poll(() => text(page, last), { timeout: 30000 }).toBe(String(n + 1));
  await expect.poll(() => text(page, ids[600]!), { timeout: 30000 }).toBe("602");
});
