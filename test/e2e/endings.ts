/**
 * Real endings for the durability suite and `npm run soak`: a Chromium launched here with a
 * persistent profile (so IndexedDB and localStorage live on disk as for a user), driven over
 * CDP, and ended by reload, tab close, renderer crash or SIGKILL of the browser process.
 * A cycle types (edits an old cell, inserts one, deletes one inserted earlier), waits past the
 * autosave delay, types once more, ends the browser, reopens and compares with what is
 * expected: every edit older than the autosave delay is there, and no deleted cell is back.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { build, preview } from "vite";
import { CHROMIUM_ARGS, chromiumPath, freePort, ROOT } from "./server";

/** How a browser session ends. */
export type Ending = "reload" | "close" | "crash" | "kill";
export const ENDINGS: readonly Ending[] = ["reload", "close", "crash", "kill"];

/** The autosave delay the app uses (src/store/autosave.ts); edits older than this must survive. */
export const AUTOSAVE_MS = 300;

/** A Chromium with its own profile directory, driven over CDP. */
export interface RunningBrowser {
  readonly browser: Browser;
  readonly process: ChildProcess;
  /** SIGKILL: no unload, no flush, no chance to write anything. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/** Launches Chromium on `profile` (kept on disk between launches) and connects over CDP. */
export async function launch(profile: string): Promise<RunningBrowser> {
  const port = await freePort();
  const child = spawn(chromiumPath(), [...CHROMIUM_ARGS, "--headless=new", `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`, "--remote-debugging-address=127.0.0.1", "about:blank"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ws = await new Promise<string>((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${text.slice(-500)}`)), 20_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", () => reject(new Error(`chromium exited: ${text.slice(-500)}`)));
  });
  child.stderr!.resume();
  const browser = await chromium.connectOverCDP(ws);
  return {
    browser,
    process: child,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async close() {
      await browser.close().catch(() => undefined);
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** Builds the app into its own directory (not the shared dist/) and serves it. */
export async function serveSoakApp(outDir = join(tmpdir(), "caravan-soak-dist")): Promise<{ url: string; close(): Promise<void> }> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: ROOT, configFile: `${ROOT}vite.config.ts`, logLevel: "error", mode: "production", build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = previous;
  }
  const port = await freePort();
  const server = await preview({ root: ROOT, configFile: `${ROOT}vite.config.ts`, logLevel: "error", build: { outDir }, preview: { port, host: "127.0.0.1", strictPort: true } });
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())) };
}

type Doc = { id: string; cells: { id: string; source: string }[] };
const readDoc = (page: Page) => page.evaluate(() => (window as unknown as { caravan: { doc: Doc } }).caravan.doc);

/** Opens the app in a new tab and waits until a stored notebook is shown. */
export async function openApp(browser: Browser, url: string): Promise<Page> {
  const context = browser.contexts()[0] ?? (await browser.newContext());
  const page = await context.newPage();
  await page.goto(url);
  await waitForNotebook(page);
  return page;
}

async function waitForNotebook(page: Page): Promise<void> {
  await page.waitForFunction(() => ((window as unknown as { caravan?: { doc?: Doc } }).caravan?.doc?.cells?.length ?? 0) > 0, undefined, { timeout: 30_000 });
  // Stored and opened (not only the empty placeholder): the library knows the current notebook.
  await page.waitForFunction(() => performance.getEntriesByName("caravan:notebook-open").length > 0, undefined, { timeout: 30_000 });
}

/** What one cycle found. */
export interface CycleResult {
  readonly ending: Ending;
  /** Edits older than the autosave delay that are missing (must be 0). */
  readonly lost: number;
  /** Deleted cells that came back (must be 0). */
  readonly resurrected: number;
  /** Whether the edit typed just before the ending survived (informational: younger than the delay). */
  readonly freshKept: boolean;
  readonly details: string[];
}

/** Replaces a cell's text by typing into its editor. */
async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await page.locator(`.cell[data-id="${id}"] .cm-content`).click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Backspace");
  await page.keyboard.insertText(text);
}

type AppHandle = { caravan: { doc: Doc; command(c: unknown, id: string): void } };

/**
 * The expected state across cycles: for each cell checked, its text; cells deleted must
 * stay away. One run keeps one of these per profile.
 */
export class Expectation {
  readonly texts = new Map<string, string>();
  readonly deleted = new Set<string>();
  readonly inserted: string[] = [];
  cycle = 0;

  /** Compares the reopened document with what is expected. */
  check(doc: Doc, ending: Ending, fresh: string): CycleResult {
    const details: string[] = [];
    const byId = new Map(doc.cells.map((c) => [c.id, c.source]));
    let lost = 0;
    for (const [id, text] of this.texts) {
      if (byId.get(id) !== text) {
        lost++;
        details.push(`cell ${id}: expected ${JSON.stringify(text)}, found ${JSON.stringify(byId.get(id) ?? "(no cell)")}`);
      }
    }
    let resurrected = 0;
    for (const id of this.deleted) {
      if (byId.has(id)) {
        resurrected++;
        details.push(`deleted cell ${id} is back`);
      }
    }
    return { ending, lost, resurrected, freshKept: [...byId.values()].includes(fresh), details };
  }
}

/**
 * One cycle on an open page: edit the first cell, insert a cell below it, delete a cell
 * inserted in an earlier cycle; wait past the autosave delay; type once more in the last
 * cell (the fresh edit, younger than the delay); then end the session in the given way and
 * reopen. Returns the result and the reopened page (and browser, after a kill).
 */
export async function cycle(
  state: { page: Page; running: RunningBrowser },
  expect: Expectation,
  ending: Ending,
  url: string,
  profile: string,
  settleMs = AUTOSAVE_MS * 2 + 200,
): Promise<{ result: CycleResult; page: Page; running: RunningBrowser }> {
  const { page } = state;
  let { running } = state;
  const n = ++expect.cycle;
  const doc = await readDoc(page);
  const first = doc.cells[0]!.id;
  const edited = `// ${ending} cycle ${n}: edited ${Date.now()}`;
  await typeInto(page, first, edited);
  // Insert below the first cell, then type into it (as a user: command mode `b`).
  const inserted = await page.evaluate((id) => {
    const app = (window as unknown as AppHandle).caravan;
    app.command({ type: "insert", where: "below" }, id);
    return app.doc.cells[1]!.id;
  }, first);
  const insertedText = `// ${ending} cycle ${n}: inserted`;
  await typeInto(page, inserted, insertedText);
  const victim = expect.inserted.shift();
  if (victim) {
    await page.evaluate((id) => (window as unknown as AppHandle).caravan.command({ type: "delete" }, id), victim);
    expect.texts.delete(victim);
    expect.deleted.add(victim);
  }
  expect.texts.set(first, edited);
  expect.texts.set(inserted, insertedText);
  expect.inserted.push(inserted);
  await page.waitForTimeout(settleMs);
  // The fresh edit: in a cell of its own so it never changes what is checked.
  const last = (await readDoc(page)).cells.at(-1)!.id;
  const fresh = `// ${ending} cycle ${n}: fresh ${Date.now()}`;
  if (!expect.texts.has(last)) await typeInto(page, last, fresh);

  let reopened: Page;
  switch (ending) {
    case "reload":
      await page.reload({ waitUntil: "commit" });
      await waitForNotebook(page);
      reopened = page;
      break;
    case "close":
      await page.close({ runBeforeUnload: false });
      reopened = await openApp(running.browser, url);
      break;
    case "crash": {
      const cdp = await page.context().newCDPSession(page);
      const crashed = page.waitForEvent("crash", { timeout: 10_000 });
      void cdp.send("Page.crash").catch(() => undefined);
      await crashed;
      await page.close().catch(() => undefined);
      reopened = await openApp(running.browser, url);
      break;
    }
    case "kill":
      await running.kill();
      running = await launch(profile);
      reopened = await openApp(running.browser, url);
      break;
    default: {
      const never: never = ending;
      throw new Error(`unknown ending ${String(never)}`);
    }
  }
  const result = expect.check(await readDoc(reopened), ending, fresh);
  return { result, page: reopened, running };
}

/** Runs `cycles` cycles of one ending on a fresh profile; the profile is removed afterwards. */
export function runEnding(ending: Ending, cycles: number, url: string, onCycle?: (r: CycleResult, i: number) => void): Promise<CycleResult[]> {
  return runEndings(Array.from({ length: cycles }, () => ending), url, onCycle);
}

/** Runs one cycle per item of `endings`, in order, on one fresh profile (removed afterwards). */
export async function runEndings(endings: readonly Ending[], url: string, onCycle?: (r: CycleResult, i: number) => void): Promise<CycleResult[]> {
  const profile = mkdtempSync(join(tmpdir(), "caravan-endings-"));
  let running = await launch(profile);
  const results: CycleResult[] = [];
  try {
    let page = await openApp(running.browser, url);
    // A small notebook of its own, so each reopen does not recompute the study notebook.
    await page.locator(".file-menu summary").click();
    await page.locator(".menu-item", { hasText: "New notebook" }).click();
    await page.waitForFunction(() => (window as unknown as { caravan: { doc: Doc } }).caravan.doc.cells.length === 1);
    // The last cell takes the fresh edit of each cycle (inserts go below the first cell).
    await page.evaluate(() => (window as unknown as { caravan: { appendCell(kind: string): void } }).caravan.appendCell("code"));
    await page.waitForTimeout(AUTOSAVE_MS * 2);
    const expect = new Expectation();
    for (const [i, ending] of endings.entries()) {
      const out = await cycle({ page, running }, expect, ending, url, profile);
      page = out.page;
      running = out.running;
      results.push(out.result);
      onCycle?.(out.result, i);
    }
  } finally {
    await running.close();
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      // Chromium's last writes may still land; a leftover temporary profile is harmless.
    }
  }
  return results;
}
