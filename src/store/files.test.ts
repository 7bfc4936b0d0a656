import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { makeCell, makeDoc } from "../notebook/document";
import { serialize } from "../notebook/format";
import { openStores } from "./db";
import { exportHtml } from "./exportHtml";
import { notebookFileName, notebookFromHtmlExport, openFile } from "./files";
import { listNotebooks } from "./library";

const bytes = (s: string) => new TextEncoder().encode(s);
const doc = makeDoc([makeCell("const x = '<a>';", "code", { id: "a" })], { title: "Tariffs & Trade: 2026!" });

describe("files in and out", () => {
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
