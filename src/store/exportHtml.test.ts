import { table, toArrowIPC } from "arquero";
import { describe, expect, it } from "vitest";
import { makeCell, makeDoc } from "../notebook/document";
import { isFormatError, parse } from "../notebook/format";
import { exportHtml, stripScripts, type CellOutput } from "./exportHtml";

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
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
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
    const embedded = /<pre class="source">([\s\S]*?)<\/pre>/.exec(html)![1]!;
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

describe("pattern-based script stripping", () => {
  const cases: [input: string, expected: string][] = [
    ["<p>ok</p>", "<p>ok</p>"],
    ["<script>x</script><p>a</p>", "<p>a</p>"],
    ['<img src="a.png" onload="x()">', '<img src="a.png">'],
    ["<svg><foreignObject><div>x</div></foreignObject></svg>", "<svg></svg>"],
    ['<a href="javascript:alert(1)">l</a>', '<a href="#">l</a>'],
    ["<iframe srcdoc='<script>x</script>'></iframe>", ""],
    ["<SCRIPT src=x>", ""],
  ];
  it.each(cases)("%s", (input, expected) => {
    expect(stripScripts(input)).toBe(expected);
  });
});
