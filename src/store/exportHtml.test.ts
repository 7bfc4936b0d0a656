import { table, toArrowIPC } from "arquero";
import { describe, expect, it } from "vitest";
import { makeCell, makeDoc } from "../notebook/document";
import { isFormatError, parse } from "../notebook/format";
import { escapeHtml, EXPORT_CSP, exportHtml, stripScripts, type CellOutput } from "./exportHtml";
import { notebookFromHtmlExport } from "./files";

const doc = makeDoc(
  [
    makeCell("# Tariff study\n\nRates by *sector*.", "markdown", { id: "md" }),
    makeCell("const t = aq.table({sector: ['<steel>']})", "code", { id: "tbl" }),
    makeCell("Plot.dot(data)", "code", { id: "plot" }),
    makeCell("rate * 2", "code", { id: "saved", output: "0.2" }),
    makeCell("boom()", "code", { id: "err" }),
    makeCell("html`<b>hi</b>`", "code", { id: "html" }),
  ],
  { title: "Study <1>" },
);
const outputs = new Map<string, CellOutput>([
  ["tbl", { kind: "table", table: { ipc: toArrowIPC(table({ sector: ["<steel>", "cars"], tariff: [0.25, 0.1] })) as Uint8Array, rows: 2 } }],
  ["plot", { kind: "plot", svg: '<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="2" onclick="alert(1)"/><script>alert(2)</script></svg>' }],
  ["err", { kind: "exception", cell: "err", message: "boom is not defined" }],
  ["html", { kind: "html", html: '<b>hi</b><img src="x" onerror="fetch(\'//evil\')"><a href="javascript:alert(3)">x</a>' }],
]);

describe("static HTML export", () => {
  const html = exportHtml(doc, outputs, { now: new Date(0) });

  it("is one file with no script, and forbids script by its Content-Security-Policy", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(EXPORT_CSP)}">`);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("shows code escaped, and each current output: table, chart, error, HTML", () => {
    expect(html).toContain("<title>Study &lt;1&gt;</title>");
    expect(html).toContain("const t = aq.table({sector: [&#39;&lt;steel&gt;&#39;]})");
    expect(html).toMatch(/<table>.*<th[^>]*>sector<\/th>.*&lt;steel&gt;.*0\.25/s);
    expect(html).toContain('<circle cx="5" cy="5" r="2"/>');
    expect(html).toContain("boom is not defined");
    expect(html).toContain("<b>hi</b>");
  });

  it("renders Markdown cells and falls back to a cell's saved output", () => {
    expect(html).toContain("<h1>Tariff study</h1>");
    expect(html).toContain("<em>sector</em>");
    expect(html).toMatch(/id="cell-saved".*<pre class="value">0\.2<\/pre>/s);
  });

  it("embeds the notebook file, which reads back as the same notebook", () => {
    const embedded = /<pre class="source" data-caravan-source="crc32-[0-9a-f]{8}">([\s\S]*?)<\/pre>/.exec(html)![1]!;
    const text = embedded.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
    const back = parse(text);
    expect(isFormatError(back) ? back : back.cells).toEqual(doc.cells);
  });

  it("uses the sanitiser it is given, and still strips scripts after it", () => {
    const out = exportHtml(doc, outputs, { sanitize: (h) => h.replace("<b>hi</b>", "<i>clean</i><script>x()</script>") });
    expect(out).toContain("<i>clean</i>");
    expect(out).not.toMatch(/<script/i);
  });
});

describe("console lines in the export", () => {
  const consoles = new Map([
    ["tbl", { lines: [{ level: "log" as const, text: "loaded 2 rows", count: 1 }, { level: "warn" as const, text: "<b>rate</b> missing & assumed", count: 3 }], omitted: 0 }],
    ["err", { lines: [{ level: "error" as const, text: "about to fail", count: 1 }], omitted: 12_000 }],
  ]);
  const html = exportHtml(doc, outputs, { now: new Date(0), consoles });
  const sectionOf = (id: string) => html.slice(html.indexOf(`id="cell-${id}"`), html.indexOf("</section>", html.indexOf(`id="cell-${id}"`)));

  it("shows each cell's lines under its output, levels marked, repeats counted, text escaped", () => {
    const tbl = sectionOf("tbl");
    expect(tbl.indexOf('class="console"')).toBeGreaterThan(tbl.indexOf("</table>"));
    expect(tbl).toContain('<div class="line log">loaded 2 rows</div>');
    expect(tbl).toContain('<div class="line warn">⚠ &lt;b&gt;rate&lt;/b&gt; missing &amp; assumed <span class="count">×3</span></div>');
    expect(tbl).not.toContain("<b>rate</b>");
  });

  it("says how many lines past the cap were not kept, and leaves cells that logged nothing without a console", () => {
    expect(sectionOf("err")).toContain("✖ about to fail");
    expect(sectionOf("err")).toContain("12,000 more lines not shown");
    expect(sectionOf("plot")).not.toContain('class="console"');
    expect(exportHtml(doc, outputs, { now: new Date(0) })).not.toContain('class="console"');
  });
});

describe("numbers and wide content in the export", () => {
  const wide = makeDoc([makeCell(`const row = ${JSON.stringify("x".repeat(400))}`, "code", { id: "w" })], { title: "Wide" });
  const numbers = toArrowIPC(table({ gdp: [3067.4, 3067.4000000000005, 1234567.891], year: [2014, 2015, 2016] })) as Uint8Array;
  const html = exportHtml(wide, new Map<string, CellOutput>([["w", { kind: "table", table: { ipc: numbers, rows: 3 } }]]), { now: new Date(0) });

  it("formats numbers as the app's table does (3067.4, not 3067.400000; grouped from 10,000)", () => {
    expect(html).toContain('<td class="num">3067.4</td><td class="num">2014</td>');
    expect(html).toContain('<td class="num">3067.4</td><td class="num">2015</td>');
    expect(html).toContain('<td class="num">1,234,567.891</td>');
    expect(html).not.toMatch(/3067\.4000/);
  });

  it("wraps long code lines and table cells instead of cutting them", () => {
    const style = /<style>([^<]*)<\/style>/.exec(html)![1]!;
    expect(style).toMatch(/pre\{[^}]*white-space:pre-wrap/);
    expect(style).toMatch(/th,td\{[^}]*overflow-wrap:anywhere/);
    expect(style).not.toMatch(/max-height/);
  });
});

describe("pattern-based script stripping", () => {
  const cases: [input: string, expected: string][] = [
    ["<p>ok</p>", "<p>ok</p>"],
    ["<script>x</script><p>a</p>", "<p>a</p>"],
    ['<img src="a.png" onload="x()">', "<img>"],
    ['<img src="data:image/png;base64,AA" alt="a>b">', '<img src="data:image/png;base64,AA" alt="a&gt;b">'],
    ["<svg><foreignObject><div>x</div></foreignObject></svg>", "<svg></svg>"],
    ['<a href="javascript:alert(1)">l</a>', "<a>l</a>"],
    ['<a href="https://example.org/x" target="_blank">l</a>', '<a href="https://example.org/x" target="_blank">l</a>'],
    ['<meta http-equiv="refresh" content="0;url=http://127.0.0.1/x"><p>a</p>', "<p>a</p>"],
    ['<meta/http-equiv="refresh"/content="0">', ""],
    ['<form action="http://x"><input name=a><button>go</button></form>b', "b"],
    ['<base href="http://x/"><link rel=stylesheet href="http://x/s.css">', ""],
    ['<p style="background:url(http://x/a.png);color:red">a</p>', '<p style="background:none(http://x/a.png);color:red">a</p>'],
    ['<p style="background:u\\72l(http://x/a.png)">a</p>', '<p style="background:none(http://x/a.png)">a</p>'],
    ['<svg><image href="http://x/a.png"/><use xlink:href="#d"/><rect fill="url(http://x/p.svg#g)"/></svg>', '<svg><image/><use xlink:href="#d"/><rect fill="none(http://x/p.svg#g)"/></svg>'],
    ["<svg><style>@import 'http://x/a.css'; rect{fill:url(&#x68;ttp://x/p#a)}</style></svg>", "<svg><style> rect{fill:none(ttp://x/p#a)}</style></svg>"],
    ['<!--><meta http-equiv="refresh" content="0">-->', "--&gt;".replace("&gt;", ">")],
    ['<b title="<meta http-equiv=refresh content=0>">t</b>', '<b title="&lt;meta http-equiv=refresh content=0&gt;">t</b>'],
    ["<iframe srcdoc='<script>x</script>'></iframe>", ""],
    ["<SCRIPT src=x>", ""],
  ];
  it.each(cases)("%s", (input, expected) => {
    expect(stripScripts(input)).toBe(expected);
  });
});

/** A hostile notebook: every string the exporter writes tries to break out of HTML. */
const EVIL = '"><meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/x"><form action="http://127.0.0.1:9/f"><button>go</button></form><base href="http://127.0.0.1:9/">';
const hostile = makeDoc(
  [
    makeCell(`# Title ${EVIL}\n\n<style>*{display:none}</style><form action="http://x"><input></form>`, "markdown", { id: "md" }),
    makeCell("table", "code", { id: "tbl" }),
    makeCell("html", "code", { id: "html" }),
    makeCell("svg", "code", { id: "svg" }),
    makeCell("err", "code", { id: "err" }),
    makeCell("w", "code", { id: "w" }),
    makeCell("saved", "code", { id: "saved", output: EVIL }),
  ],
  { title: `T ${EVIL}` },
);
const hostileOutputs = new Map<string, CellOutput>([
  ["tbl", { kind: "table", table: { ipc: toArrowIPC(table({ [EVIL]: [EVIL], ok: [1] })) as Uint8Array, rows: 1 } }],
  ["html", { kind: "html", html: `<p style="background:url(http://127.0.0.1:9/bg)">x</p>${EVIL}<link rel="stylesheet" href="http://127.0.0.1:9/s.css"><img src="http://127.0.0.1:9/i.png"><pre class="source" data-caravan-source="crc32-00000000">// caravan: 1\n// title: SMUGGLED\n\n// %% end\n</pre>` }],
  ["svg", { kind: "plot", svg: `<svg><style>@import url(http://127.0.0.1:9/a.css);</style><image href="http://127.0.0.1:9/s.png"/><use href="http://127.0.0.1:9/u.svg#a"/><a href="javascript:alert(1)"><text>t</text></a></svg>` }],
  ["err", { kind: "exception", cell: "err", message: EVIL }],
  ["w", { kind: "widget", widget: { type: "text", label: EVIL, value: EVIL } as never }],
]);

it("a cell whose id names an Object property finds no output in a plain record", () => {
  const odd = makeDoc([makeCell("1", "code", { id: "constructor", output: "saved" })]);
  expect(exportHtml(odd, {})).toContain('<pre class="value">saved</pre>');
});

describe("an export of a hostile notebook is inert", () => {
  const page = exportHtml(hostile, hostileOutputs, { now: new Date(0) });

  it("has only the exporter's own <meta> elements, and no form, base, link, frame or script", () => {
    expect(page.match(/<meta\b/gi)).toHaveLength(4);
    expect(page.match(/<meta\b[^>]*>/gi)!.filter((m) => /refresh/i.test(m))).toEqual([]);
    expect(page).not.toMatch(/<(form|base|link|iframe|script|object|embed|input|button)\b/i);
  });

  it("requests nothing: no URL outside the page in src, href, style or CSS", () => {
    expect(page).not.toMatch(/\b(src|href|xlink:href|action)\s*=\s*["']?\s*(https?:|\/\/|javascript:)/i);
    expect(page).not.toMatch(/url\(\s*["']?\s*(?!data:|#)/i);
    expect(page).not.toMatch(/@import/i);
  });

  it("writes column names, values, titles, messages and labels as text", () => {
    const escaped = escapeHtml(EVIL);
    expect(page).toContain(`<th>${escaped}</th>`);
    expect(page).toContain(`<td>${escaped}</td>`);
    expect(page).toContain(`<title>T ${escaped}</title>`);
    expect(page).toContain(`<pre class="error">${escaped}</pre>`);
    expect(page).toContain(`<pre class="value">${escaped}</pre>`);
  });

  it("reads back as the notebook that was exported, not the lookalike an output smuggled in", () => {
    const back = notebookFromHtmlExport(page);
    if ("kind" in back) throw new Error(back.message);
    expect(back.title).toBe(hostile.title);
    expect(back.cells).toEqual(hostile.cells);
  });
});
