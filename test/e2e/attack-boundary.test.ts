/**
 * The RPC side of the sandbox boundary (issue 11), attacked through a share link: a hostile
 * notebook, once the user consents, walks everything cell code can reach (the builtins,
 * what `FileAttachment` returns, prototypes) looking for a way to the page, patches
 * MessagePort's prototype to catch the kernel's port, and, with whatever it finds, forges
 * events for other cells, writes through Comlink into page prototypes and floods. None of
 * it may land; and a notebook the user opens afterwards in the same tab must not meet
 * anything the hostile one left in its worker.
 */
import { afterEach, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { makeCell, makeDoc, type Cell } from "../../src/notebook/document";
import { encodeShare } from "../../src/store/share";
import { baseUrl, cell, connect, outputText, typeInto } from "./helpers";

let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function shareUrl(cells: Cell[]): Promise<string> {
  const fragment = await encodeShare(makeDoc(cells, { title: "Hostile" }), { limit: Infinity });
  if (typeof fragment !== "string") throw new Error(fragment.message);
  return baseUrl() + fragment;
}

async function openPage(ctx: BrowserContext, url: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as any).caravan?.doc?.cells?.length > 0, undefined, { timeout: 30000 });
  return page;
}

async function consent(page: Page): Promise<void> {
  const button = page.locator(".preview-banner .consent");
  await expect.poll(() => button.isDisabled(), { timeout: 10000 }).toBe(false);
  await button.click();
}

const text = async (page: Page, id: string) => (await outputText(page, id)).trim();

/** Cell code that looks for the kernel's port everywhere a cell can reach, then uses what it found. */
const REACH = `
const found = new Set();
const seen = new Set();
const queue = [FileAttachment("study/sectors.csv"), solvers, Plot, aq, op, slider({}), md(["x"]), html(["x"]), invalidation, progress, table, number, FileAttachment];
let steps = 0;
while (queue.length && steps++ < 200000) {
  const o = queue.shift();
  if ((typeof o !== "object" && typeof o !== "function") || o === null || seen.has(o)) continue;
  seen.add(o);
  if (o instanceof MessagePort) found.add(o);
  let keys = [];
  try { keys = Reflect.ownKeys(o); } catch {}
  for (const k of keys) { try { queue.push(o[k]); } catch {} }
  try { queue.push(Object.getPrototypeOf(o)); } catch {}
}
const captured = new Set();
for (const name of ["postMessage", "addEventListener", "start", "removeEventListener"]) {
  const original = MessagePort.prototype[name];
  MessagePort.prototype[name] = function (...args) { captured.add(this); return original.apply(this, args); };
}
// Make the kernel talk: a progress report, an attachment, a timer.
progress(0.5, "probing");
await FileAttachment("study/sectors.csv").text().catch(() => "");
await new Promise((resolve) => setTimeout(resolve, 300));
const ports = new Set([...found, ...captured]);
for (const port of ports) {
  port.postMessage({ caravan: "events", events: [{ type: "display", cell: "victim", display: { kind: "html", html: "PWNED" }, text: "PWNED", at: 0 }] });
  port.postMessage({ id: "forged", type: "SET", path: ["__proto__", "polluted"], value: { type: "RAW", value: "yes" } });
  port.postMessage({ id: "forged2", type: "APPLY", path: ["dispatch"], argumentList: [] });
  for (let i = 0; i < 20000; i++) port.postMessage({ caravan: "events", events: [{ type: "status", cell: "victim", status: "running", at: i }] });
}
"ports " + ports.size + ", walked " + seen.size`;

test("cell code finds no way to the page: nothing reaches the kernel's port, forged events and prototype writes do not land", async () => {
  context = await (await connect()).newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openPage(context, await shareUrl([makeCell(REACH, "code", { id: "reach" }), makeCell("const victim = 'untouched'", "code", { id: "victim" })]));
  await consent(page);
  await expect.poll(() => text(page, "reach"), { timeout: 20000 }).toMatch(/^"?ports \d+, walked \d+/);
  const report = await text(page, "reach");
  expect(Number(/walked (\d+)/.exec(report)![1])).toBeGreaterThan(100);
  expect(report).toContain("ports 0,");
  await page.waitForTimeout(500);
  expect(await text(page, "victim")).toBe('"untouched"');
  expect(await cell(page, "victim").getAttribute("data-status")).toBe("done");
  expect(await page.evaluate(() => (({}) as Record<string, unknown>).polluted)).toBeUndefined();
  // The page still works: an edit is recorded and runs.
  await typeInto(page, "victim", "const victim = 'edited'");
  await page.keyboard.press("Control+Enter");
  await expect.poll(() => text(page, "victim"), { timeout: 10000 }).toBe('"edited"');
  expect(await page.evaluate(() => (window as any).caravan.doc.cells.find((c: { id: string }) => c.id === "victim").source)).toBe("const victim = 'edited'");
});

test("a notebook opened after a hostile one in the same tab meets a fresh worker", async () => {
  context = await (await connect()).newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openPage(context, baseUrl());
  await page.waitForFunction(() => performance.getEntriesByName("caravan:notebook-open").length > 0, undefined, { timeout: 30000 });
  // The victim, made through the UI.
  await page.locator(".file-menu summary").click();
  await page.locator(".menu-item", { hasText: "New notebook" }).click();
  await page.waitForFunction(() => (window as any).caravan.doc.cells.length === 1);
  const [probe] = await page.evaluate(() => (window as any).caravan.doc.cells.map((c: { id: string }) => c.id));
  await page.getByLabel("Notebook title").fill("Victim notebook");
  await page.getByLabel("Notebook title").press("Enter");
  await typeInto(page, probe!, "[typeof globalThis.__hostile, String(Array.prototype.push).includes('[native code]')].join()");
  await page.keyboard.press("Control+Enter");
  await expect.poll(() => text(page, probe!), { timeout: 10000 }).toBe('"undefined,true"');
  await page.waitForTimeout(1000); // autosave
  // The hostile notebook, from a link (a new load of the app), run; it leaves traps in its worker's globals.
  await page.goto("about:blank");
  await page.goto(await shareUrl([makeCell("globalThis.__hostile = 'here'; const push = Array.prototype.push; Array.prototype.push = function (...a) { return push.apply(this, a) }; 'set'", "code", { id: "trap" })]));
  await page.waitForFunction(() => (window as any).caravan?.doc?.cells?.length > 0, undefined, { timeout: 30000 });
  await consent(page);
  await expect.poll(() => text(page, "trap"), { timeout: 10000 }).toBe('"set"');
  // Back to the victim from the library, in the same tab.
  await page.keyboard.press("Alt+Shift+L");
  await page.locator(".open-notebook", { hasText: "Victim notebook" }).click();
  await page.waitForFunction((id) => (window as any).caravan.doc.cells.some((c: { id: string }) => c.id === id), probe);
  await expect.poll(() => text(page, probe!), { timeout: 15000 }).toBe('"undefined,true"');
});
