import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { makeCell, makeDoc } from "../notebook/document";
import type { CarriedAttachment } from "../notebook/fileAttachments";
import { isFormatError, parseFile } from "../notebook/format";
import { attachFile, attachmentService, carriedAttachments, listAttachments, readAttachment } from "./attachments";
import { openStores } from "./db";
import { isStoreError } from "./errors";
import { notebookFileWithAttachments, openFile } from "./files";
import { readIncomingFile } from "./incoming";
import { decodeShareFile, encodeShareWithAttachments, omittedMessage, openShareLink, type SharedLink } from "./share";

const doc = makeDoc([makeCell('const flows = await FileAttachment("trade_flows.csv").csv();', "code", { id: "flows" })], { title: "Flows" });
const csv = new TextEncoder().encode("reporter,partner,year,value\nKG,RU,2010,1234.5\nKG,KZ,2010,456\n");
const small: CarriedAttachment = { name: "trade_flows.csv", size: csv.byteLength, bytes: csv };

/** Seeded bytes that do not compress: a file that cannot fit a link however it is packed. */
function noise(length: number, seed = 7): Uint8Array {
  let state = seed;
  return Uint8Array.from({ length }, () => ((state = (state * 48271) % 2147483647), state & 0xff));
}

async function share(attachments: CarriedAttachment[], options: { limit?: number; maxBytes?: number } = {}): Promise<SharedLink> {
  const shared = await encodeShareWithAttachments(doc, attachments, options);
  if (isStoreError(shared)) throw new Error(shared.message);
  return shared;
}

describe("share links carry attachments", () => {
  it("an attachment that fits travels in the link and comes back byte for byte", async () => {
    const shared = await share([small]);
    expect(shared.omitted).toEqual([]);
    const back = await decodeShareFile(shared.fragment);
    if (isStoreError(back)) throw new Error(back.message);
    expect(back.doc.cells).toEqual(doc.cells);
    expect(back.attachments.map((a) => a.name)).toEqual(["trade_flows.csv"]);
    expect([...back.attachments[0]!.bytes!]).toEqual([...csv]);
  });

  it("an attachment too large for the link is left out, named in the link with its size, and reported to the sharer", async () => {
    const big: CarriedAttachment = { name: "big.csv", size: 100_000, bytes: noise(100_000) };
    const shared = await share([big, small]);
    expect(shared.omitted).toEqual([{ name: "big.csv", size: 100_000 }]);
    expect(shared.fragment.length).toBeLessThanOrEqual(64_000);
    const back = await decodeShareFile(shared.fragment);
    if (isStoreError(back)) throw new Error(back.message);
    expect(back.attachments).toEqual([{ name: "big.csv", size: 100_000 }, { name: "trade_flows.csv", size: csv.byteLength, bytes: csv }]);
    expect(omittedMessage(shared.omitted)).toBe("big.csv (97.7 KB) is too large for a link: share the file instead");
  });

  it("the smaller attachments travel first when not all fit", async () => {
    const a: CarriedAttachment = { name: "a.csv", size: 20_000, bytes: noise(20_000, 1) };
    const b: CarriedAttachment = { name: "b.csv", size: 30_000, bytes: noise(30_000, 2) };
    const shared = await share([b, a], { limit: 40_000 });
    expect(shared.omitted.map((o) => o.name)).toEqual(["b.csv"]);
  });

  it("an attachment whose text would expand past what a link may hold is left out even when it compresses", async () => {
    const zeros: CarriedAttachment = { name: "zeros.csv", size: 300_000, bytes: new Uint8Array(300_000) };
    const shared = await share([zeros], { maxBytes: 100_000 });
    expect(shared.omitted).toEqual([{ name: "zeros.csv", size: 300_000 }]);
  });

  it("several left-out files are named in one sentence", () => {
    expect(omittedMessage([{ name: "a.csv", size: 3_355_443 }, { name: "b.json", size: 2048 }, { name: "c.arrow", size: 10 }])).toBe(
      "a.csv (3.2 MB), b.json (2 KB) and c.arrow (10 bytes) are too large for a link: share the file instead",
    );
  });

  it("a link opened into the store brings its attachments, and a left-out one tells the cell who left it out", async () => {
    const stores = openStores();
    const shared = await share([small, { name: "big.csv", size: 3_355_443 }]);
    const opened = await openShareLink(stores, shared.fragment);
    if (isStoreError(opened)) throw new Error(opened.message);
    expect([...((await readAttachment(stores, opened.meta.id, "trade_flows.csv")) as Uint8Array)]).toEqual([...csv]);
    const list = await listAttachments(stores, opened.meta.id);
    expect(isStoreError(list) ? list : list.map((a) => [a.name, a.omitted ?? false])).toEqual([["big.csv", true], ["trade_flows.csv", false]]);
    const reply = await attachmentService(stores, () => opened.meta.id)("big.csv");
    expect(reply).toEqual({ ok: false, omitted: true, message: expect.stringContaining("big.csv (3.2 MB) was not included by the sender") });
  });
});

describe("the notebook file carries attachments", () => {
  it("a downloaded file opened elsewhere brings its attachments into the store", async () => {
    const stores = openStores();
    const created = await attachFile(stores, "src-nb", "trade_flows.csv", csv);
    if (isStoreError(created)) throw new Error(created.message);
    const carried = await carriedAttachments(stores, "src-nb");
    if (isStoreError(carried)) throw new Error(carried.message);
    const file = notebookFileWithAttachments(doc, carried);
    expect(file.omitted).toEqual([]);
    const outcome = await openFile(stores, "flows.ts", new TextEncoder().encode(file.text));
    if (isStoreError(outcome) || outcome.kind !== "notebook") throw new Error("not opened");
    expect([...((await readAttachment(stores, outcome.opened.meta.id, "trade_flows.csv")) as Uint8Array)]).toEqual([...csv]);
  });

  it("a file past the notebook file limit leaves out the largest attachments and names them", () => {
    const big: CarriedAttachment = { name: "big.csv", size: 50_000, bytes: noise(50_000) };
    const file = notebookFileWithAttachments(doc, [big, small], { maxBytes: 20_000 });
    expect(file.omitted).toEqual([{ name: "big.csv", size: 50_000 }]);
    expect(new TextEncoder().encode(file.text).byteLength).toBeLessThanOrEqual(20_000);
    const back = parseFile(file.text);
    if (isFormatError(back)) throw new Error(back.message);
    expect(back.attachments.map((a) => [a.name, a.bytes !== undefined])).toEqual([["big.csv", false], ["trade_flows.csv", true]]);
  });

  it("a picked notebook file is read with its attachments and nothing is stored", async () => {
    const incoming = await readIncomingFile("flows.ts", new TextEncoder().encode(notebookFileWithAttachments(doc, [small]).text));
    if (isStoreError(incoming) || incoming.kind !== "notebook") throw new Error("not read");
    expect(incoming.attachments.map((a) => a.name)).toEqual(["trade_flows.csv"]);
    expect([...incoming.attachments[0]!.bytes!]).toEqual([...csv]);
  });
});
