/**
 * A long chain of cells in the app (cell i reads cell i − 1): opened (top of the notebook on
 * screen; `loadDoc` in a task of its own, so that the open's own task counts) → the last
 * cell's value in the page, then the root edited → the last cell (scrolled into view, the
 * scroll settled) updated, with the longest main-thread task over both (Long Tasks API).
 * The root is edited EDITS times: the first as soon as the page idles after the open (the open's
 * own trailing work still runs), each later one EDIT_GAP_MS after the last was shown.
 */
import type { Page } from "playwright-core";

/** One cell of the chain, as `loadDoc` takes it. */
export interface ChainCell {
  id: string;
  kind: "code";
  source: string;
}

/** The chain's cells: `c0` holds `v0 = 1`, `c{i}` holds `v{i} = v{i-1} + 1`. */
export function chainCells(n: number): ChainCell[] {
  return Array.from({ length: n }, (_, i) => ({ id: `c${i}`, kind: "code" as const, source: i === 0 ? "const v0 = 1" : `const v${i} = v${i - 1} + 1` }));
}

/** How many times the chain's root is edited. */
export const EDITS = 5;
/** Milliseconds between one edit shown and the next edit. */
export const EDIT_GAP_MS = 1500;

/** What measureChain measures, in milliseconds: `edits` in order, the first right after the open. */
export interface ChainTimes {
  shown: number;
  edits: number[];
  longest: number;
}

/** Opens `specs` (a chain from chainCells) in the app on `page` and edits its root EDITS times; milliseconds. */
export function measureChain(page: Page, specs: ChainCell[]): Promise<ChainTimes> {
  return page.evaluate(
    ({ specs, n, times, gap }) =>
      new Promise<ChainTimes>((resolve) => {
        const longs: number[] = [];
        new PerformanceObserver((list) => list.getEntries().forEach((e) => longs.push(e.duration))).observe({ type: "longtask" });
        const app = (window as any).caravan;
        const last = () => document.querySelector(`.cell[data-id="c${n - 1}"] .cell-output`)?.textContent ?? "";
        let t0 = 0;
        const opened = () => {
          if (!last().includes(String(n))) return requestAnimationFrame(opened);
          const shown = performance.now() - t0;
          // The reader watches the last cell while the root changes: outputs far from the
          // viewport are drawn only when they come near it (src/ui/drawScheduler.ts). The edit
          // is timed once the scroll has settled (what the scroll itself costs the page counts
          // in the longest task, which covers the whole run).
          document.querySelector(`.cell[data-id="c${n - 1}"]`)!.scrollIntoView({ block: "center" });
          const edits: number[] = [];
          const edit = () => {
            const t1 = performance.now();
            const root = edits.length + 2;
            const editor = app.view.cell("c0").editor.view;
            editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: `const v0 = ${root}` } });
            app.run("c0");
            const edited = () => {
              if (!last().includes(String(n - 1 + root))) return requestAnimationFrame(edited);
              // Timed now; the wait after lets the last long tasks be reported.
              edits.push(performance.now() - t1);
              if (edits.length < times) return void setTimeout(edit, gap);
              setTimeout(() => resolve({ shown, edits, longest: Math.max(0, ...longs) }), 100);
            };
            edited();
          };
          requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(edit, { timeout: 1000 })));
        };
        // The open in a task of its own, as a file opened or a link followed starts it: the
        // observer above then sees it (a task run by the harness's evaluate is not reported).
        setTimeout(() => {
          t0 = performance.now();
          app.loadDoc({ id: "bench-big", title: "Big", revision: 0, cells: specs.map((c) => ({ ...c, mode: "auto" })) }, { trusted: true });
          opened();
        }, 0);
      }),
    { specs, n: specs.length, times: EDITS, gap: EDIT_GAP_MS },
  );
}
