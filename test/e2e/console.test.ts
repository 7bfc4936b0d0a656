/**
 * Console output: what a cell logs shows under its output, with levels, repeat counts and a
 * cap, from the cell's own timers and generators too; a re-run starts afresh; a logging loop
 * of 100,000 lines is capped and the page keeps drawing frames.
 */
import { expect, test } from "vitest";
import type { Page } from "playwright-core";
import { cell, downloadFromMenu, loadNotebook, settle, typeInto, ownCellsPages } from "./helpers";


// Each test replaces the default notebook with its own cells.
const open = ownCellsPages();

/** Each console row of a cell as `level|count|text` (count empty for a single line). */
async function rows(page: Page, id: string): Promise<string[]> {
  return cell(page, id)
    .locator(".cell-console .console-line")
    .evaluateAll((lines) => lines.map((l) => `${(l as HTMLElement).dataset.level}|${l.querySelector(".console-count")?.textContent ?? ""}|${l.querySelector(".console-text")!.textContent}`));
}

test("console lines show under the cell that logged them, from its timers and generators too", async () => {
  const page = await open();
  const [a, b, g] = await loadNotebook(page, [
    { source: 'const x = 6;\nconsole.log("x is", x, { unit: "kg", list: [1, 2] });\nconsole.info("note");\nconsole.warn("careful");\nconsole.error(new TypeError("bad"));\nfor (let i = 0; i < 3; i++) console.log("again");\nsetTimeout(() => console.debug("later", x * 7), 50);\nx' },
    { source: 'console.log("b sees", x); x + 1' },
    { source: 'const ticks = (function* () { for (let i = 1; i <= 3; i++) { console.log("tick", i); yield i; } })()' },
  ]);
  await settle(page, 90_000);
  await expect.poll(() => rows(page, a!)).toEqual(['log||x is 6 {unit: "kg", list: Array(2) [1, 2]}', "info||note", "warn||careful", "error||TypeError: bad", "log|3|again", "debug||later 42"]);
  expect(await rows(page, b!)).toEqual(["log||b sees 6"]);
  await expect.poll(() => rows(page, g!)).toEqual(["log||tick 1", "log||tick 2", "log||tick 3"]);
  // The console sits below the output, inside the cell.
  const below = await cell(page, a!).evaluate((c) => c.querySelector(".cell-output")!.getBoundingClientRect().bottom <= c.querySelector(".cell-console")!.getBoundingClientRect().top + 1);
  expect(below).toBe(true);
  // The HTML export carries each cell's console under its output.
  const exported = (await downloadFromMenu(page, "Export HTML")).toString("utf8");
  const section = exported.slice(exported.indexOf(`id="cell-${a}"`), exported.indexOf("</section>", exported.indexOf(`id="cell-${a}"`)));
  expect(section).toContain('<div class="line warn">⚠ careful</div>');
  expect(section).toContain('<div class="line log">again <span class="count">×3</span></div>');
  expect(section).toContain("later 42");
  // Lines are text: markup in a logged string is shown, never parsed.
  await typeInto(page, b!, 'console.log("<img src=x onerror=alert(1)>"); x + 1');
  await page.keyboard.press("Shift+Enter");
  await expect.poll(() => rows(page, b!)).toEqual(["log||<img src=x onerror=alert(1)>"]);
  expect(await cell(page, b!).locator(".cell-console img").count()).toBe(0);
}, 180_000);

test("a re-run clears the cell's console; a cell that stops logging shows none", async () => {
  const page = await open();
  const [a] = await loadNotebook(page, [{ source: 'console.log("first run"); 1' }]);
  await settle(page, 90_000);
  await expect.poll(() => rows(page, a!)).toEqual(["log||first run"]);
  await typeInto(page, a!, 'console.log("second run"); 2');
  await page.keyboard.press("Shift+Enter");
  await expect.poll(() => rows(page, a!)).toEqual(["log||second run"]);
  await typeInto(page, a!, "3");
  await page.keyboard.press("Shift+Enter");
  await expect.poll(() => rows(page, a!)).toEqual([]);
  expect(await cell(page, a!).locator(".cell-console").isHidden()).toBe(true);
}, 180_000);

test("a 100,000-line logging loop is capped at 200 lines and the page keeps drawing frames", async () => {
  const page = await open();
  // Frames the page draws while the worker logs: the longest gap between two.
  await page.evaluate(() => {
    const w = window as unknown as { longestGap: number; lastFrame: number };
    w.longestGap = 0;
    w.lastFrame = performance.now();
    const frame = (now: number) => {
      w.longestGap = Math.max(w.longestGap, now - w.lastFrame);
      w.lastFrame = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const [sync, spread] = await loadNotebook(page, [
    { source: "for (let i = 0; i < 100000; i++) console.log('line', i);\n'done'" },
    // The same volume spread over timers, so batches keep arriving while the page draws.
    { source: "let n = 0;\nconst id = setInterval(() => { for (let i = 0; i < 5000; i++) console.warn('tick', n++); if (n >= 100000) clearInterval(id); }, 5);\n'started'" },
  ]);
  // Frames are timed from when the logging starts (loading the notebook is not what is measured).
  await cell(page, sync!).locator(".console-line").first().waitFor({ timeout: 90_000 });
  await page.evaluate(() => ((window as unknown as { longestGap: number }).longestGap = 0));
  await settle(page, 90_000);
  for (const id of [sync!, spread!]) {
    await expect.poll(() => cell(page, id).locator(".console-more").textContent(), { timeout: 90_000 }).toBe("99,800 more lines not shown");
    expect(await cell(page, id).locator(".console-line").count()).toBe(200);
  }
  expect((await rows(page, sync!)).slice(0, 2)).toEqual(["log||line 0", "log||line 1"]);
  expect((await rows(page, spread!)).at(-1)).toBe("warn||tick 199");
  // The page answered all along: no frame took anywhere near a second (shared cores allow slack).
  const gap = await page.evaluate(() => (window as unknown as { longestGap: number }).longestGap);
  expect(gap).toBeLessThan(1000);
  const started = Date.now();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  expect(Date.now() - started).toBeLessThan(1000);
}, 180_000);
