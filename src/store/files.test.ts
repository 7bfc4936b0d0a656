import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { makeCell, makeDoc } from "../notebook/document";
import { serialize } from "../notebook/format";
import { openStores } from "./db";
import { exportHtml } from "./exportHtml";
import { fileSizeError, notebookFileName, notebookFromHtmlExport, openFile } from "./files";
import { readIncomingFile } from "./incoming";
import { listNotebooks } from "./library";

const bytes = (s: string) => new TextEncoder().encode(s);
const doc = makeDoc([makeCell("const x = '<a>';", "code", { id: "a" })], { title: "Tariffs & Trade: 2026!" });

describe("files in and out", () => {
  it("a notebook file that is not UTF-8 is refused naming the line of the bad byte", async () => {
    const good = new TextEncoder().encode("// caravan: 1\n\n// %% [code id=a]\n");
    const file = new Uint8Array([...good, 0xff, 0x0a]);
    const outcome = await openFile(openStores("files-utf8"), "latin1.ts", file);
    expect(outcome).toMatchObject({ kind: "format", line: 4, message: '"latin1.ts" is not UTF-8 text' });
  });

  it.each([
    ["Tariffs & Trade: 2026!", "tariffs-trade-2026.ts"],
    ["Économie", "economie.ts"],
    ["???", "notebook.ts"],
  ])("%s downloads as %s", (title, name) => {
    expect(notebookFileName({ ...doc, title })).toBe(name);
  });

  it("an HTML export reads back as its notebook", () => {
    const back = notebookFromHtmlExport(exportHtml(doc, {}));
    expect("cells" in back && back.cells).toEqual(doc.cells);
    expect(notebookFromHtmlExport("<html><pre class=\"source\">x</pre></html>")).toMatchObject({ kind: "format", message: /not a Caravan export/ });
  });

  it("an export whose notebook block was edited is refused by its checksum", () => {
    const html = exportHtml(doc, {}).replace(/(data-caravan-source="[^"]*">[^<]*?)const x/, "$1const y");
    expect(notebookFromHtmlExport(html)).toMatchObject({ kind: "format", message: /does not match its checksum/ });
  });

  it("an export with a block added after the exporter's own is refused, never read", () => {
    const fake = exportHtml(makeDoc([makeCell("SMUGGLED", "code", { id: "s" })]), {});
    const source = fake.slice(fake.indexOf('<pre class="source"'), fake.indexOf("</pre>", fake.indexOf('<pre class="source"')) + 6);
    const html = exportHtml(doc, {}).replace("</footer>", `</footer>${source}`);
    expect(notebookFromHtmlExport(html)).toMatchObject({ kind: "format", message: /not where Caravan puts it/ });
  });

  it("a lookalike block earlier in the page (an output that got past sanitising) is never read", () => {
    const fake = exportHtml(makeDoc([makeCell("SMUGGLED", "code", { id: "s" })]), {});
    const block = fake.slice(fake.indexOf('<pre class="source"'), fake.indexOf("</pre>", fake.indexOf('<pre class="source"')) + 6);
    const html = exportHtml(doc, {}).replace("<h1>", `<div class="html">${block}</pre></details>\n<footer></footer>\n</body>\n</html>\n</div><h1>`);
    const back = notebookFromHtmlExport(html);
    expect("cells" in back && back.cells).toEqual(doc.cells);
  });

  it("a notebook file with two byte-order marks opens and writes back byte for byte", async () => {
    const stores = openStores("files-bom");
    const text = "\uFEFF\uFEFF" + serialize(doc);
    const opened = await openFile(stores, "bom.ts", bytes(text));
    if (!("opened" in opened)) throw new Error(`not opened: ${opened.kind}`);
    expect(serialize(opened.opened.saved.doc)).toBe(text);
  });

  it("a file past its size limit is refused before it is decoded, naming the limit", async () => {
    const stores = openStores("files-big");
    const big = new Uint8Array(16 * 1024 * 1024 + 1).fill(0xff);
    expect(await openFile(stores, "big.ts", big)).toMatchObject({ kind: "too-large", limit: 16 * 1024 * 1024, message: '"big.ts" is 16 MB, more than the 16 MB Caravan opens for such a file' });
    expect(fileSizeError("data.csv", 65 * 1024 * 1024)).toMatchObject({ kind: "too-large", message: /more than the 64 MB/ });
    expect(fileSizeError("export.html", 1000)).toBeUndefined();
    expect(await listNotebooks(stores)).toEqual([]);
  });

  it("a picked or dropped notebook keeps its byte-order marks and is size-checked before decoding", async () => {
    const text = "\uFEFF\uFEFF" + serialize(doc);
    const incoming = await readIncomingFile("bom.ts", bytes(text));
    if (incoming.kind !== "notebook") throw new Error(`not a notebook: ${incoming.kind}`);
    expect(serialize(incoming.doc)).toBe(text);
    expect(await readIncomingFile("big.html", new Uint8Array(64 * 1024 * 1024 + 1).fill(0xff))).toMatchObject({ kind: "too-large" });
  });

  it("a 100,000-cell notebook file is refused at the cell limit and stores nothing", async () => {
    const stores = openStores("files-many");
    const text = `// caravan: 1\n// title: many\n\n${"// %% [code]\n1\n\n".repeat(100_000)}// %% end\n`;
    expect(await openFile(stores, "many.ts", bytes(text))).toMatchObject({ kind: "format", message: /more than 1,000 cells/ });
    expect(await listNotebooks(stores)).toEqual([]);
  });

  it("a notebook file or HTML export opens as a new untrusted notebook", async () => {
    const stores = openStores("files1");
    const a = await openFile(stores, "study.ts", bytes(serialize(doc)));
    const b = await openFile(stores, "study.html", bytes(exportHtml(doc, {})));
    expect(a).toMatchObject({ kind: "notebook", opened: { meta: { trusted: false, origin: { kind: "file", name: "study.ts" } } } });
    expect(b).toMatchObject({ kind: "notebook", opened: { meta: { trusted: false } } });
    expect(await listNotebooks(stores)).toHaveLength(2);
  });

  it("a data file is attached to the open notebook", async () => {
    const stores = openStores("files2");
    expect(await openFile(stores, "t.csv", bytes("a\n1\n"), { openNotebookId: "nb" })).toMatchObject({ kind: "attachment", info: { name: "t.csv", type: "csv" } });
  });

  it.each([
    ["bad.ts", "// caravan: 99\n", /newer Caravan/],
    ["picture.png", "x", /cannot open "picture.png"/],
    ["t.csv", "a\n1\n", /open a notebook before attaching/],
  ])("%s is refused with a clear error and stores nothing", async (name, content, message) => {
    const stores = openStores(`files-bad-${name}`);
    const result = await openFile(stores, name, bytes(content));
    expect(result).toMatchObject({ message });
    expect(await listNotebooks(stores)).toEqual([]);
  });
});
