import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { serialize } from "../notebook/format";
import { attachFile, listAttachments } from "./attachments";
import { openStores } from "./db";
import { isStoreError } from "./errors";
import {
  createNotebook,
  deleteNotebook,
  duplicateNotebook,
  emptyBin,
  importFile,
  listNotebooks,
  openNotebook,
  openShipped,
  renameNotebook,
  restoreNotebook,
  trustNotebook,
  type OpenedNotebook,
} from "./library";
import { readNotebook } from "./notebooks";

let n = 0;
const fresh = () => openStores(`library${n++}`);
function ok<T>(value: T): Exclude<T, { kind: string; message: string }> {
  if (isStoreError(value)) throw new Error(`${value.kind}: ${value.message}`);
  return value as Exclude<T, { kind: string; message: string }>;
}
const titles = async (stores: ReturnType<typeof fresh>, bin = false) => ok(await listNotebooks(stores, { bin })).map((m) => m.title);

const SHIPPED = "// caravan: 1\n// title: Worked example\n\n// %% [code id=a]\nconst x = 1;\n\n// %% end\n";

describe("notebook library", () => {
  it("lists created notebooks, most recently changed first", async () => {
    const stores = fresh();
    ok(await createNotebook(stores, { title: "First", now: 1 }));
    ok(await createNotebook(stores, { title: "Second", now: 2 }));
    expect(await titles(stores)).toEqual(["Second", "First"]);
  });

  it("renames a notebook in its document and in the list", async () => {
    const stores = fresh();
    const nb = ok(await createNotebook(stores, { title: "Old" }));
    ok(await renameNotebook(stores, nb.meta.id, "New"));
    expect(await titles(stores)).toEqual(["New"]);
    expect(ok(await openNotebook(stores, nb.meta.id)).saved.doc.title).toBe("New");
  });

  it("deleting moves a notebook to the bin, restoring brings it back intact", async () => {
    const stores = fresh();
    const nb = ok(await createNotebook(stores, { title: "Doomed" }));
    ok(await deleteNotebook(stores, nb.meta.id));
    expect(await titles(stores)).toEqual([]);
    expect(await titles(stores, true)).toEqual(["Doomed"]);
    expect(await openNotebook(stores, nb.meta.id)).toMatchObject({ kind: "not-found" });
    ok(await restoreNotebook(stores, nb.meta.id));
    expect(await titles(stores)).toEqual(["Doomed"]);
    expect(ok(await openNotebook(stores, nb.meta.id)).saved.doc).toEqual(nb.saved.doc);
  });

  it("emptying the bin erases only notebooks deleted long enough ago, with their attachments", async () => {
    const stores = fresh();
    const old = ok(await createNotebook(stores, { title: "Old" }));
    const recent = ok(await createNotebook(stores, { title: "Recent" }));
    ok(await attachFile(stores, old.meta.id, "a.csv", new Uint8Array([97])));
    ok(await deleteNotebook(stores, old.meta.id, 1000));
    ok(await deleteNotebook(stores, recent.meta.id, 9000));
    expect(ok(await emptyBin(stores, { olderThanMs: 5000, now: 10_000 }))).toEqual([old.meta.id]);
    expect(await readNotebook(stores, old.meta.id)).toMatchObject({ kind: "not-found" });
    expect(ok(await listAttachments(stores, old.meta.id))).toEqual([]);
    expect(await titles(stores, true)).toEqual(["Recent"]);
  });

  it("duplicating copies the document and attachments under a new id, as trusted as the original", async () => {
    const stores = fresh();
    const file = ok(await importFile(stores, SHIPPED, "shared.ts"));
    ok(await attachFile(stores, file.meta.id, "t.csv", new Uint8Array([1, 2])));
    const copy = ok(await duplicateNotebook(stores, file.meta.id));
    expect(copy.meta.id).not.toBe(file.meta.id);
    expect(copy.saved.doc.title).toBe("Worked example (copy)");
    expect(copy.saved.doc.cells).toEqual(file.saved.doc.cells);
    expect(copy.meta.trusted).toBe(false);
    expect(ok(await listAttachments(stores, copy.meta.id)).map((a) => a.name)).toEqual(["t.csv"]);
  });

  it("a shipped notebook opens as a new copy each time, trusted, and writes back its original text", async () => {
    const stores = fresh();
    const one = ok(await openShipped(stores, "example.ts", SHIPPED));
    const two = ok(await openShipped(stores, "example.ts", SHIPPED));
    expect(one.meta.id).not.toBe(two.meta.id);
    expect(one.meta).toMatchObject({ origin: { kind: "shipped", name: "example.ts" }, trusted: true });
    expect(serialize(one.saved.doc)).toBe(SHIPPED);
  });

  it("an imported file opens untrusted (safe preview) until the user consents", async () => {
    const stores = fresh();
    const nb = ok(await importFile(stores, SHIPPED, "x.ts"));
    expect(nb.meta.trusted).toBe(false);
    ok(await trustNotebook(stores, nb.meta.id));
    expect(ok(await openNotebook(stores, nb.meta.id)).meta.trusted).toBe(true);
  });

  it("a bad file stores nothing and returns the error naming the line", async () => {
    const stores = fresh();
    ok(await createNotebook(stores, { title: "Mine" }));
    const result = await importFile(stores, "// caravan: 99\n", "future.ts");
    expect(result).toMatchObject({ kind: "format", line: 1 });
    expect(await titles(stores)).toEqual(["Mine"]);
  });
});

describe("importing never overwrites", () => {
  it("a file whose cells and title match an existing notebook becomes a second notebook", async () => {
    const stores = fresh();
    const first: OpenedNotebook = ok(await importFile(stores, SHIPPED, "a.ts"));
    const second = ok(await importFile(stores, SHIPPED, "a.ts"));
    expect(second.meta.id).not.toBe(first.meta.id);
    expect(ok(await listNotebooks(stores))).toHaveLength(2);
  });
});

describe("changing a notebook that does not exist", () => {
  it.each([
    ["delete", (s: ReturnType<typeof fresh>) => deleteNotebook(s, "ghost")],
    ["restore", (s: ReturnType<typeof fresh>) => restoreNotebook(s, "ghost")],
    ["trust", (s: ReturnType<typeof fresh>) => trustNotebook(s, "ghost")],
    ["rename", (s: ReturnType<typeof fresh>) => renameNotebook(s, "ghost", "x")],
    ["duplicate", (s: ReturnType<typeof fresh>) => duplicateNotebook(s, "ghost")],
  ])("%s is not-found and leaves no trace in the list", async (_name, act) => {
    const stores = fresh();
    expect(await act(stores)).toMatchObject({ kind: "not-found", id: "ghost" });
    expect(await listNotebooks(stores)).toEqual([]);
    expect(await listNotebooks(stores, { bin: true })).toEqual([]);
  });
});
