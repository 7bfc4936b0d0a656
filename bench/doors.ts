/**
 * The 1,000-cell chain opened through the app's doors, as a user opens it, with every long
 * main-thread task (Long Tasks API) counted by phase:
 *  - a share link, in a fresh browser: the app's start and the preview (navigation → banner),
 *    then the consent → the last cell shown;
 *  - a file from the picker, once the study notebook has computed: the pick → the banner,
 *    then the consent → the last cell shown;
 *  - the same while the study notebook still computes (its first cells done, the rest running),
 *    as a user who opens the app and picks a file at once.
 * Each phase runs until its end plus SETTLE_MS, so trailing work counts. A traced run (`traced`)
 * also gives each task's CPU time (taskCpu.ts). Nothing here asserts.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { makeDoc } from "../src/notebook/document";
import { serialize } from "../src/notebook/format";
import { encodeShare } from "../src/store/share";
import { CHROMIUM_ARGS, chromiumPath } from "../test/e2e/server";
import { chainCells } from "./chain";
import { firstVisitWorkOver } from "./computed";
import { mainThreadTasks, type TaskTime, type TraceEvent } from "./taskCpu";

/** Milliseconds each phase runs on after its end (trailing work counts). */
export const SETTLE_MS = 1500;

/** One door's figures, in milliseconds: each phase's duration and its long tasks. */
export interface DoorRun {
  door: "link" | "file" | "file-early";
  /** Navigation (link) or pick (file) → the preview banner. */
  preview: number;
  /** Consent → the last cell's value shown. */
  shown: number;
  previewTasks: number[];
  consentTasks: number[];
  /** A traced run only: every task of both phases, with its wall and CPU time. */
  taskTimes?: TaskTime[];
}

/** Trace categories enough for the main thread's tasks with their thread (CPU) time. */
const TRACE_CATEGORIES = ["toplevel", "disabled-by-default-devtools.timeline", "devtools.timeline"];

async function startTrace(page: Page, traced: boolean): Promise<void> {
  if (traced) await page.context().browser()!.startTracing(page, { categories: TRACE_CATEGORIES });
}

async function stopTrace(page: Page, traced: boolean): Promise<TaskTime[] | undefined> {
  if (!traced) return undefined;
  const buffer = await page.context().browser()!.stopTracing();
  return mainThreadTasks((JSON.parse(buffer.toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents);
}

function observeLongTasks(): void {
  const w = window as unknown as { __doorTasks: [number, number][] };
  w.__doorTasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__doorTasks.push([e.startTime, e.duration]))).observe({ type: "longtask", buffered: true });
}

const tasksBetween = (page: Page, from: number, to: number) =>
  page.evaluate(({ from, to }) => (window as unknown as { __doorTasks: [number, number][] }).__doorTasks.filter(([t]) => t >= from && t < to).map(([, d]) => Math.round(d)), { from, to });
const now = (page: Page) => page.evaluate(() => performance.now());

/** The chain as a file's text and as a share link's fragment. */
export async function chainDoors(n = 1000): Promise<{ file: string; fragment: string }> {
  const doc = makeDoc(chainCells(n).map((c) => ({ ...c, mode: "auto" as const })), { title: `A ${n}-cell chain` });
  const file = join(tmpdir(), `caravan-chain-${n}.caravan.ts`);
  writeFileSync(file, serialize(doc));
  const fragment = await encodeShare(doc);
  if (typeof fragment !== "string") throw new Error(`the chain does not fit a share link: ${fragment.message}`);
  return { file, fragment };
}

async function consentToLast(page: Page, n: number): Promise<{ shown: number; tasks: number[]; at: number }> {
  const at = await now(page);
  await page.locator(".preview-banner .consent").click();
  await page.waitForFunction((n) => document.querySelector(`.cell[data-id="c${n - 1}"] .cell-output`)?.textContent?.includes(String(n)), n, { timeout: 60_000, polling: "raf" });
  const shown = (await now(page)) - at;
  await page.waitForTimeout(SETTLE_MS);
  return { shown, tasks: await tasksBetween(page, at, Infinity), at };
}

/** Opens the chain by its share link in a fresh browser, consents, and waits for the last cell. */
export async function throughLink(url: string, fragment: string, n = 1000, traced = false): Promise<DoorRun> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block" })).newPage();
    await page.addInitScript(observeLongTasks);
    await startTrace(page, traced);
    await page.goto(url.replace(/\/?$/, "/") + fragment);
    await page.locator(".preview-banner .consent").waitFor({ timeout: 60_000 });
    const preview = await now(page);
    await page.waitForTimeout(SETTLE_MS);
    const consent = await consentToLast(page, n);
    const taskTimes = await stopTrace(page, traced);
    return { door: "link", preview, shown: consent.shown, previewTasks: await tasksBetween(page, 0, consent.at), consentTasks: consent.tasks, ...(taskTimes ? { taskTimes } : {}) };
  } finally {
    await browser.close();
  }
}

/** Opens the chain's file from the picker once the study notebook has computed, consents, and waits for the last cell. */
export async function throughPicker(url: string, file: string, n = 1000, traced = false, early = false): Promise<DoorRun> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block" })).newPage();
    await page.addInitScript(observeLongTasks);
    await page.goto(url);
    await page.waitForFunction(() => "caravan" in window);
    if (early) await page.waitForFunction(() => document.querySelectorAll(".cell[data-status=done]").length >= 5, undefined, { timeout: 60_000, polling: 50 });
    else await firstVisitWorkOver(page);
    await startTrace(page, traced);
    const picked = await now(page);
    await page.locator("input[type=file]").setInputFiles(file);
    await page.locator(".preview-banner .consent").waitFor({ timeout: 60_000 });
    const preview = (await now(page)) - picked;
    await page.waitForTimeout(SETTLE_MS);
    const consent = await consentToLast(page, n);
    const taskTimes = await stopTrace(page, traced);
    return { door: early ? "file-early" : "file", preview, shown: consent.shown, previewTasks: await tasksBetween(page, picked, consent.at), consentTasks: consent.tasks, ...(taskTimes ? { taskTimes } : {}) };
  } finally {
    await browser.close();
  }
}
