/**
 * Offline: after the first visit the service worker has cached the build, and the app,
 * its sandbox and the kernel worker all load and compute with no network.
 */
import { expect, test } from "vitest";
import { loadNotebook, openApp, outputText, settle } from "./helpers";

test("after the first visit the app works with no network", async () => {
  const { context, page } = await openApp();
  try {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      // Installation precaches every file of the build before it activates.
      while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    });
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => "caravan" in window, undefined, { timeout: 10000 });
    await settle(page);
    expect(await page.locator(".cell[data-status=error]").count()).toBe(0);
    // The default (study) notebook reads its data files and draws its charts from the cache.
    expect(await page.locator(".output-plot svg").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator(".kernel-state").getAttribute("data-state")).toBe("ready");
    // Served by the service worker, the sandbox is still an opaque origin: no app storage.
    expect(await page.locator("iframe.sandbox-frame").evaluate((f: HTMLIFrameElement) => f.contentDocument)).toBeNull();
    const [id] = await loadNotebook(page, [{ source: 'await (async () => { try { indexedDB.open("caravan-user"); return "opened"; } catch (e) { return "blocked " + e.name; } })()' }]);
    await settle(page);
    expect(await outputText(page, id!)).toContain("blocked SecurityError");
  } finally {
    await context.close();
  }
});
