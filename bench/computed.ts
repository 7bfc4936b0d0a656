/** What the browser benchmarks wait for: the open notebook computed. */
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
