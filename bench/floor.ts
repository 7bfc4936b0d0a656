/**
 * The cold start's floor: a blank page whose only script fetches the built kernel bundle, starts
 * it in a worker, connects it and waits for its first answer (a `ping`, as the app's
 * `kernel-ready` mark does): no app, no sandbox frame, no editor, no notebook. What any page that
 * runs this kernel pays before its first cell, on the machine at hand.
 */
import type { Page } from "playwright-core";

/** The floor page. The kernel's port speaks Comlink: one APPLY of `ping`, answered on the kernel port or on the relay's port the worker offers first. */
const FLOOR_HTML = `<!doctype html><meta charset="utf-8"><title>floor</title><script>
performance.mark("floor:script");
fetch("/kernel-worker.js").then((r) => r.blob()).then((code) => {
  performance.mark("floor:fetched");
  const worker = new Worker(URL.createObjectURL(code));
  const channel = new MessageChannel();
  const answered = (event) => {
    const data = event.data;
    if (data && data.caravan === "relay" && data.port instanceof MessagePort) { data.port.onmessage = answered; return; }
    if (data && data.id === "floor-ping") performance.mark("floor:kernel-ready");
  };
  channel.port1.onmessage = answered;
  worker.postMessage({ type: "connect", port: channel.port2, saved: [], solverCode: null }, [channel.port2]);
  channel.port1.postMessage({ id: "floor-ping", type: "APPLY", path: ["ping"], argumentList: [] });
});
</script>`;

/** Milliseconds after navigation at which `name` was marked on `page`. */
async function markAt(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((name) => performance.getEntriesByName(name)[0]?.startTime ?? false, name, { timeout: 60_000 });
  return (await handle.jsonValue()) as number;
}

/** Opens the floor page on `page` (served beside the app at `base`, its origin) and returns when the page's script ran, the bundle arrived and the kernel answered (ms after navigation). */
export async function floorAt(page: Page, base: string): Promise<{ script: number; fetched: number; ready: number }> {
  const url = new URL("/__caravan-floor.html", base).href;
  await page.route(url, (route) => route.fulfill({ body: FLOOR_HTML, contentType: "text/html" }));
  await page.goto(url);
  const ready = await markAt(page, "floor:kernel-ready");
  return { script: await markAt(page, "floor:script"), fetched: await markAt(page, "floor:fetched"), ready };
}
