/**
 * The content side of the sandbox boundary (issue 11), attacked through the real doors: a
 * share link typed into the address bar, the file picker, drag and drop, an HTML export
 * re-imported, and the exported page opened from file://. Hostile notebooks are built in
 * Node with the app's own encoder and format.
 *  - CSS, forms, refresh and base in safe preview do nothing; the consent control stays
 *    visible, uncovered, and needs a deliberate press;
 *  - after consent, an output's global CSS and fixed overlay stay in its own box;
 *  - the export writes hostile strings as text, fetches nothing, refreshes nothing, and
 *    reads back as the exported notebook, not one smuggled into an output;
 *  - oversized links and files (decompression bomb, 100,000 cells, 348 KB link) and odd
 *    ids are refused quickly with a message naming the limit.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { makeCell, makeDoc, type Cell } from "../../src/notebook/document";
import { serialize } from "../../src/notebook/format";
import { crc32, deflateRaw, toBase64Url } from "../../src/store/bytes";
import { encodeShare, SHARE_PREFIX, SHARE_VERSION } from "../../src/store/share";
import { baseUrl, cell, connect, outputText, settle } from "./helpers";
import { freePort } from "./server";

let server: Server;
let exfil = "";
const hits: string[] = [];
let context: BrowserContext | undefined;
const dir = mkdtempSync(join(tmpdir(), "caravan-attack-"));

beforeAll(async () => {
  const port = await freePort();
  exfil = `http://127.0.0.1:${port}`;
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function freshPage(url = baseUrl()): Promise<Page> {
  context = await (await connect()).newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as any).caravan?.doc?.cells?.length > 0, undefined, { timeout: 15000 });
  return page;
}

/** A share link URL for a notebook, made by the app's own encoder (no length limit: a hostile author has none). */
async function shareUrl(cells: Cell[], title = "Hostile"): Promise<string> {
  const fragment = await encodeShare(makeDoc(cells, { title }), { limit: Infinity });
  if (typeof fragment !== "string") throw new Error(fragment.message);
  return baseUrl() + fragment;
}

/** A share link URL for any text, packed with the app's own byte helpers (what a hostile author can build). */
async function rawShareUrl(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const packed = await deflateRaw(bytes);
  const payload = new Uint8Array(5 + packed.length);
  payload[0] = SHARE_VERSION;
  new DataView(payload.buffer).setUint32(1, crc32(bytes));
  payload.set(packed, 5);
  return baseUrl() + SHARE_PREFIX + toBase64Url(payload);
}

/** A notebook file on disk, as a hostile author would send it. */
function notebookFile(name: string, cells: Cell[], title = "Hostile"): string {
  const path = join(dir, name);
  writeFileSync(path, serialize(makeDoc(cells, { title })));
  return path;
}

async function openFileByPicker(page: Page, path: string): Promise<void> {
  await page.locator("input[type=file]").setInputFiles(path);
}

async function dropFile(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(
    ({ name, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: "text/plain" }));
      const target = document.querySelector(".notebook") ?? document.body;
      target.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { name, text },
  );
}

/** Elements matching `selector` anywhere in the page, shadow roots included. */
function deepCount(page: Page, selector: string): Promise<number> {
  return page.evaluate((selector) => {
    let n = 0;
    const walk = (root: Document | ShadowRoot) => {
      n += root.querySelectorAll(selector).length;
      for (const el of root.querySelectorAll("*")) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return n;
  }, selector);
}

/** True when the element `selector` is visible and is what a click at its centre reaches. */
function reachable(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((selector) => {
    const el = document.querySelector<HTMLElement>(selector);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit === el || el.contains(hit);
  }, selector);
}

/** "Quickly": without the limits these inputs froze the tab for minutes; with them the refusal comes with the page, even on a loaded machine. */
const QUICK_MS = 30_000;

/** Poll budget: generous, because the test machine may be shared and loaded. */
const POLL = { timeout: 20_000 };

const ran = (page: Page) => page.locator(".cell[data-status=done], .cell[data-status=running], .cell[data-status=error]").count();
const banner = (page: Page) => page.locator(".preview-banner");

/** Markdown that tries everything CSS and markup can do to the page before consent. */
const HOSTILE_MARKDOWN = () => `# Verified notebook

<style>.toolbar, .cell-gutter { display: none !important } .consent { position: fixed !important; inset: 0 !important; opacity: 0 !important; z-index: 99999 !important }</style>
<div style="position:fixed;inset:0;z-index:2147483647;background:white">VERIFIED BY CARAVAN: click anywhere</div>
<form action="${exfil}/form"><input name="q" value="x"><button>Continue</button></form>
<meta http-equiv="refresh" content="0;url=${exfil}/refresh">
<base href="${exfil}/">
<link rel="stylesheet" href="${exfil}/style.css">
<img src="${exfil}/beacon.png">
<p class="preview-banner"><button class="consent">Run this notebook</button></p>`;

/** What a preview must show: the toolbar and a consent button that is the thing a click reaches. */
async function expectPreviewIntact(page: Page): Promise<void> {
  await banner(page).waitFor();
  expect(await page.locator(".toolbar").isVisible()).toBe(true);
  expect(await reachable(page, ".toolbar .stop")).toBe(true);
  await expect.poll(() => reachable(page, ".toolbar .preview-banner .consent"), POLL).toBe(true);
  for (const tag of ["style", "form", "meta", "base", "link", "input", "[style]", "[class=consent]"]) {
    expect(await page.locator(".cell-output").evaluateAll((outs, tag) => outs.filter((o) => o.querySelector(".output-host")?.shadowRoot?.querySelector(tag)).length, tag), tag).toBe(0);
  }
  expect(await ran(page)).toBe(0);
}

describe("safe preview through the real doors", () => {
  test("a share link's <style>, style=, form, meta refresh and base change nothing; the consent button stays reachable", async () => {
    const url = await shareUrl([makeCell(HOSTILE_MARKDOWN(), "markdown", { id: "intro" }), makeCell("globalThis.ran = 1", "code", { id: "c" })]);
    hits.length = 0;
    const page = await freshPage(url);
    await expectPreviewIntact(page);
    expect(await banner(page).textContent()).toContain("came from a share link");
    expect(await outputText(page, "intro")).toContain("VERIFIED BY CARAVAN");
    await page.waitForTimeout(1500);
    expect(new URL(page.url()).origin).toBe(new URL(baseUrl()).origin);
    expect(hits).toEqual([]);
  });

  test("a notebook from the file picker or dropped on the page is previewed the same way", async () => {
    const page = await freshPage();
    await settle(page);
    await openFileByPicker(page, notebookFile("picked.ts", [makeCell(HOSTILE_MARKDOWN(), "markdown", { id: "picked" })]));
    await cell(page, "picked").waitFor();
    await expectPreviewIntact(page);
    expect(await banner(page).textContent()).toMatch(/came from a file/);
    await dropFile(page, "dropped.ts", serialize(makeDoc([makeCell(HOSTILE_MARKDOWN(), "markdown", { id: "dropped" })])));
    await cell(page, "dropped").waitFor();
    await expectPreviewIntact(page);
    expect(hits).toEqual([]);
  });

  test("consent needs a deliberate press on the armed button", async () => {
    const page = await freshPage(await shareUrl([makeCell("1 + 1", "code", { id: "c" })]));
    const consent = page.locator(".preview-banner .consent");
    // Just shown, or just refocused: disarmed for a moment (checked in the same task as the refocus).
    expect(await page.evaluate(() => (window.dispatchEvent(new Event("focus")), document.querySelector<HTMLButtonElement>(".consent")!.disabled))).toBe(true);
    await expect.poll(() => consent.isDisabled(), POLL).toBe(false);
    // A script's click, and a press that started elsewhere and ended on the button, do nothing.
    await page.evaluate(() => document.querySelector<HTMLButtonElement>(".consent")!.click());
    const box = (await consent.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(300);
    expect(await banner(page).isVisible()).toBe(true);
    expect(await ran(page)).toBe(0);
    // A real click on it runs the notebook.
    await consent.click();
    await expect.poll(() => outputText(page, "c").then((t) => t.trim()), POLL).toBe("2");
    expect(await banner(page).isVisible()).toBe(false);
  });
});

describe("after consent, outputs stay in their box", () => {
  test("an output's `* {display:none}`, :host rules and a fixed full-page overlay neither hide nor cover the toolbar or other cells", async () => {
    const overlay = `html\`<style>* { display: none !important } :host { position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; }</style><div style="position:fixed;inset:0;z-index:2147483647;background:red;display:block !important">COVER</div>\``;
    const page = await freshPage();
    await settle(page);
    await openFileByPicker(page, notebookFile("overlay.ts", [makeCell("const other = 'OTHER CELL'", "code", { id: "other" }), makeCell(overlay, "code", { id: "evil" }), makeCell("other + '!'", "code", { id: "after" })]));
    await cell(page, "evil").waitFor();
    await page.locator(".preview-banner .consent").click();
    await expect.poll(() => outputText(page, "after"), POLL).toContain("OTHER CELL!");
    await settle(page);
    expect(await page.locator(".toolbar").isVisible()).toBe(true);
    expect(await reachable(page, ".toolbar .stop")).toBe(true);
    expect(await reachable(page, ".toolbar .run-all")).toBe(true);
    for (const id of ["other", "after"]) {
      expect(await reachable(page, `.cell[data-id="${id}"] .cell-output`), id).toBe(true);
      expect(await reachable(page, `.cell[data-id="${id}"] .cell-run`), id).toBe(true);
    }
    // The overlay is drawn only inside its own output box.
    const [boxRect, evilRect] = await cell(page, "evil")
      .locator(".output-contained")
      .evaluate((box) => {
        const inner = box.querySelector(".output-host")!.shadowRoot!.querySelector("div[style]")!;
        return [box.getBoundingClientRect().toJSON(), inner.getBoundingClientRect().toJSON()];
      });
    expect(evilRect.width).toBeLessThanOrEqual(boxRect.width + 1);
    expect(evilRect.height).toBeLessThanOrEqual(boxRect.height + 1);
  });
});

describe("after consent, links and pickers stay in their box", () => {
  test("SVG links and image-map areas asking for target=_top open a new tab without an opener; the app's tab stays; no select reaches an output", async () => {
    const svgLink = `<svg width="120" height="60"><a href="${exfil}/svg-a" target="_top"><rect id="svg-link" width="120" height="60" fill="red"></rect></a></svg>`;
    const area = `<img usemap="#m" width="120" height="60" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><map name="m"><area shape="rect" coords="0,0,120,60" href="${exfil}/area" target="_top"></map>`;
    const picker = `<style>select, ::picker(select) { appearance: base-select } ::picker(select) { position: fixed; inset: 0 !important; width: 100vw; height: 100vh; background: red }</style><select><option>a</option><option>b</option></select>`;
    const page = await freshPage();
    await settle(page);
    await openFileByPicker(
      page,
      notebookFile("links.ts", [
        makeCell(`html\`${svgLink}${area}${picker}\``, "code", { id: "links" }),
        makeCell(`Links in Markdown too:\n\n${svgLink}`, "markdown", { id: "md" }),
      ]),
    );
    await cell(page, "links").waitFor();
    await page.locator(".preview-banner .consent").click();
    await expect.poll(() => deepCount(page, "#svg-link"), POLL).toBe(2);
    const links = await page.evaluate(() => {
      const found: { tag: string; target: string | null; rel: string | null }[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll("a, area")) if (el.closest(".cell-output") || root !== document) found.push({ tag: el.tagName.toLowerCase(), target: el.getAttribute("target"), rel: el.getAttribute("rel") });
        for (const el of root.querySelectorAll("*")) if (el.shadowRoot) walk(el.shadowRoot);
      };
      walk(document);
      return found;
    });
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const link of links) expect(link, link.tag).toEqual({ tag: link.tag, target: "_blank", rel: "noopener noreferrer" });
    expect(await deepCount(page, "select")).toBe(0);
    // A click on the SVG link leaves the app where it is.
    const url = page.url();
    const popup = context!.waitForEvent("page", { timeout: 5000 }).catch(() => null);
    await page.evaluate(() => {
      const host = [...document.querySelectorAll(".output-host")].find((h) => h.shadowRoot?.querySelector("#svg-link"))!;
      host.shadowRoot!.querySelector("#svg-link")!.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
    });
    const opened = await popup;
    if (opened) expect(await opened.evaluate(() => window.opener === null)).toBe(true);
    await page.waitForTimeout(500);
    expect(page.url()).toBe(url);
    expect(await reachable(page, ".toolbar .stop")).toBe(true);
  });
});

describe("Markdown that would hold the page", () => {
  test("a share link nesting a list 1,400 deep, or 5,000 quotes, previews at once with its banner, shown as text", async () => {
    const deepList = Array.from({ length: 1400 }, (_, i) => `${" ".repeat(i * 2)}- x`).join("\n");
    for (const markdown of [deepList, `${">".repeat(5000)} x`]) {
      const url = await shareUrl([makeCell(markdown, "markdown", { id: "deep" }), makeCell("1 + 1", "code", { id: "c" })]);
      const started = Date.now();
      const page = await freshPage(url);
      await expectPreviewIntact(page);
      await expect.poll(() => outputText(page, "deep"), POLL).toContain("Markdown not rendered");
      // Without the limits this took 45 s (the list) or threw out of the load, leaving no banner (the quotes).
      expect(Date.now() - started).toBeLessThan(QUICK_MS);
      await context?.close();
      context = undefined;
    }
  });
});

describe("HTML export", () => {
  const EVIL = `"><meta http-equiv="refresh" content="0;url=EXFIL/refresh"><form action="EXFIL/form"><button>go</button></form><base href="EXFIL/">`;
  const evil = () => EVIL.replace(/EXFIL/g, exfil);

  test("an export of a hostile notebook opens from file:// with no request, no refresh, no form, and re-imports as itself", async () => {
    const cells = [
      makeCell(`# Export ${evil()}`, "markdown", { id: "md" }),
      makeCell(`aq.table({ ${JSON.stringify(evil())}: [${JSON.stringify(evil())}] })`, "code", { id: "tbl" }),
      makeCell(
        `html\`<p style="background:url(${exfil}/bg.png)">styled</p><img src="${exfil}/img.png"><svg><image href="${exfil}/svg.png"/></svg><pre class="source" data-caravan-source="crc32-00000000">// caravan: 1\\n// title: SMUGGLED\\n\\n// %% end\\n</pre>\``,
        "code",
        { id: "html" },
      ),
      makeCell(`throw new Error(${JSON.stringify(evil())})`, "code", { id: "err" }),
    ];
    const page = await freshPage();
    await settle(page);
    await openFileByPicker(page, notebookFile("export-me.ts", cells, `Title ${evil()}`));
    await cell(page, "tbl").waitFor();
    await page.locator(".preview-banner .consent").click();
    await expect.poll(() => outputText(page, "html"), POLL).toContain("styled");
    await settle(page);
    await page.locator(".file-menu summary").click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(".menu-item", { hasText: "Export HTML" }).click()]);
    const path = join(dir, "hostile-export.html");
    await download.saveAs(path);
    const html = readFileSync(path, "utf8");
    expect(html).toContain("&lt;meta http-equiv=&quot;refresh&quot;");

    // Opened from file://, with scripts allowed as a browser allows them by default.
    hits.length = 0;
    const viewer = await (await connect()).newContext();
    try {
      const view = await viewer.newPage();
      const requests: string[] = [];
      view.on("request", (r) => requests.push(r.url()));
      await view.goto(`file://${path}`);
      await view.waitForTimeout(1500);
      expect(requests).toEqual([`file://${path}`]);
      expect(view.url()).toBe(`file://${path}`);
      expect(await view.locator("form, base, link, input, button, iframe, script").count()).toBe(0);
      expect(await view.locator("meta").evaluateAll((ms) => ms.filter((m) => m.getAttribute("http-equiv")?.toLowerCase() === "refresh").length)).toBe(0);
      expect(await view.locator("th").first().textContent()).toBe(evil());
    } finally {
      await viewer.close();
    }
    expect(hits).toEqual([]);

    // Re-imported through the file picker: the exported notebook, not the smuggled one.
    // The export has the same title and cell ids as the file opened above, so wait on what differs: the banner.
    await openFileByPicker(page, path);
    await expect.poll(() => banner(page).textContent(), POLL).toContain("came from an HTML export");
    expect(await page.evaluate(() => (window as any).caravan.doc.title)).toBe(`Title ${evil()}`);
    expect(await page.evaluate(() => (window as any).caravan.doc.cells.map((c: { id: string }) => c.id))).toEqual(["md", "tbl", "html", "err"]);
  });
});

describe("limits before decoding", () => {
  const warning = (page: Page) => page.locator(".save-warning");

  test("a decompression-bomb link is refused quickly, naming the limit", async () => {
    const url = await shareUrl([makeCell("A".repeat(12 * 1024 * 1024), "code", { id: "bomb" })]);
    expect(url.length).toBeLessThan(64_000);
    const started = Date.now();
    const page = await freshPage(url);
    await expect.poll(() => warning(page).textContent(), POLL).toContain("the link expands past 4 MB");
    expect(Date.now() - started).toBeLessThan(QUICK_MS);
    expect(await cell(page, "bomb").count()).toBe(0);
  });

  test("a small link holding 100,000 cells is refused quickly, naming the limit", async () => {
    const url = await rawShareUrl(`// caravan: 1\n// title: many\n\n${"// %% [code]\n1\n\n".repeat(100_000)}// %% end\n`);
    expect(url.length).toBeLessThan(QUICK_MS);
    const started = Date.now();
    const page = await freshPage(url);
    await expect.poll(() => warning(page).textContent(), POLL).toContain("more than 1,000 cells");
    expect(Date.now() - started).toBeLessThan(QUICK_MS);
    expect(await page.evaluate(() => (window as any).caravan.doc.title)).not.toBe("many");
  });

  test("a link over 64,000 characters is refused when opened", async () => {
    let state = 3;
    const noise = Array.from({ length: 300_000 }, () => ((state = (state * 48271) % 2147483647), String.fromCharCode(33 + (state % 90)))).join("");
    const url = await shareUrl([makeCell(`const s = ${JSON.stringify(noise)}`, "code", { id: "long" })]);
    expect(url.length).toBeGreaterThan(300_000);
    const page = await freshPage(url);
    await expect.poll(() => warning(page).textContent(), POLL).toMatch(/more than the 64,000 a share link may have/);
    expect(await cell(page, "long").count()).toBe(0);
  });

  test("a 100,000-cell file from the picker is refused quickly and the page stays responsive", async () => {
    const page = await freshPage();
    await settle(page);
    const path = notebookFile("many.ts", Array.from({ length: 100_000 }, (_, i) => makeCell(String(i), "code", { id: `m${i}` })));
    const started = Date.now();
    await openFileByPicker(page, path);
    await expect.poll(() => warning(page).textContent(), POLL).toContain("more than 1,000 cells");
    // The page is already open here, so this is the refusal alone.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(await cell(page, "m0").count()).toBe(0);
  });

  test("a cell id __proto__ is refused with the line named, by link and by file", async () => {
    const cells = [makeCell("1", "code", { id: "ok" }), makeCell("2", "code", { id: "__proto__" })];
    const page = await freshPage(await shareUrl(cells));
    await expect.poll(() => warning(page).textContent(), POLL).toMatch(/line 7: cell id "__proto__" is reserved/);
    await openFileByPicker(page, notebookFile("proto.ts", cells));
    await expect.poll(() => warning(page).textContent(), POLL).toMatch(/proto\.ts: line 7: cell id "__proto__" is reserved/);
    expect(await cell(page, "ok").count()).toBe(0);
  });
});
