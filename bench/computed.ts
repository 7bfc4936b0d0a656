/** What the browser benchmarks wait for: the open notebook computed, and the page's own work after it over. */
import type { Page } from "playwright-core";

/** Waits until every cell of the open notebook is done (or idle: manual) and a chart is drawn; returns performance.now(). */
export async function computedAt(page: Page): Promise<number> {
  const ms = await page.waitForFunction(
    () => {
      const cells = [...document.querySelectorAll<HTMLElement>(".cell")];
      // A manual cell (the study notebook's sensitivity sweep) waits, idle, by design.
      const computed = cells.length > 0 && cells.every((c) => c.dataset.status === "done" || c.dataset.status === "idle") && [...document.querySelectorAll(".output-host")].some((h) => h.shadowRoot?.querySelector(".output-plot svg"));
      return computed ? performance.now() : false;
    },
    undefined,
    { polling: "raf", timeout: 60000 },
  );
  return (await ms.jsonValue()) as number;
}

/**
 * Waits until the page's own work after a notebook computed is over: the type checker's 5 MB
 * worker loaded and its first check done (its "types-ready" mark), then 2 s for the spare
 * kernel worker and the offline cache.
 */
export async function firstVisitWorkOver(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName("caravan:types-ready").length > 0, undefined, { timeout: 60_000, polling: 250 }).catch(() => undefined);
  await page.waitForTimeout(2000);
}
