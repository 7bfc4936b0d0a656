import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { makeCell, makeDoc, type NotebookDoc } from "../notebook/document";
import { parse, serialize } from "../notebook/format";
import { crc32, deflateRaw, fromBase64Url, inflateRaw, OutputLimitError, toBase64Url } from "./bytes";
import { openStores } from "./db";
import { isStoreError } from "./errors";
import { createNotebook, listNotebooks } from "./library";
import { decodeShare, encodeShare, openShareLink, readerRequested, SHARE_PREFIX, shareUrl } from "./share";

const doc = makeDoc(
  [makeCell("# Tariffs\n\nA study.", "markdown", { id: "m" }), makeCell("const rate = 0.1;", "code", { id: "a", mode: "manual", output: "0.1" })],
  { title: "Shared é ✓" },
);

async function link(d: NotebookDoc = doc): Promise<string> {
  const encoded = await encodeShare(d);
  if (isStoreError(encoded)) throw new Error(encoded.message);
  return encoded;
}

/** A link whose payload bytes are changed by `edit`. */
async function tampered(edit: (bytes: Uint8Array) => Uint8Array): Promise<string> {
  const bytes = fromBase64Url((await link()).slice(SHARE_PREFIX.length))!;
  return SHARE_PREFIX + toBase64Url(edit(bytes.slice()));
}

describe("share links", () => {
  it("a notebook survives the trip through a link: title, cells, modes and outputs", async () => {
    const url = await link();
    expect(url.startsWith("#share=")).toBe(true);
    const back = await decodeShare(url);
    if (isStoreError(back)) throw new Error(back.message);
    expect(back.title).toBe(doc.title);
    expect(back.cells).toEqual(doc.cells);
  });

  it("a notebook too big for a URL is refused with the size, so the UI offers the file", async () => {
    let state = 1;
    const noise = Array.from({ length: 120_000 }, () => ((state = (state * 48271) % 2147483647), String.fromCharCode(33 + (state % 90)))).join("");
    const big = makeDoc([makeCell(noise)]);
    const result = await encodeShare(big);
    expect(result).toMatchObject({ kind: "too-large", limit: 64_000 });
    expect(isStoreError(result) && result.message).toMatch(/share the file instead/);
  });

  const corrupt: [name: string, make: () => Promise<string>, message: RegExp][] = [
    ["not a share link", async () => "#other=1", /not a share link/],
    ["characters outside base64url", async () => (await link()).slice(0, 20) + "!*" + (await link()).slice(22), /characters a share link never has/],
    ["cut short", async () => (await link()).slice(0, 12), /truncated/],
    ["cut in the middle", async () => (await link()).slice(0, Math.floor((await link()).length / 2)), /truncated or damaged|checksum/],
    ["a flipped byte", () => tampered((b) => ((b[b.length - 3]! ^= 0x55), b)), /damaged|truncated/],
    ["a newer format", () => tampered((b) => ((b[0] = 7), b)), /newer Caravan \(share format 7\)/],
    ["a wrong checksum", () => tampered((b) => ((b[1]! ^= 1), b)), /checksum does not match/],
  ];
  it.each(corrupt)("a corrupt link (%s) gives a clear error", async (_name, make, message) => {
    const result = await decodeShare(await make());
    expect(result).toMatchObject({ kind: "share" });
    expect(isStoreError(result) && result.message).toMatch(message);
  });

  it("opening a link always creates a new untrusted notebook and leaves existing ones alone", async () => {
    const stores = openStores("share-open");
    const mine = await createNotebook(stores, { title: "Mine" });
    if (isStoreError(mine)) throw new Error(mine.message);
    const url = await link({ ...doc, id: mine.meta.id });
    const one = await openShareLink(stores, url);
    const two = await openShareLink(stores, url);
    if (isStoreError(one) || isStoreError(two)) throw new Error("open failed");
    expect(new Set([mine.meta.id, one.meta.id, two.meta.id]).size).toBe(3);
    expect(one.meta).toMatchObject({ origin: { kind: "share" }, trusted: false });
    const list = await listNotebooks(stores);
    expect(isStoreError(list) ? list : list.map((m) => m.title).sort()).toEqual(["Mine", "Shared é ✓", "Shared é ✓"]);
  });

  it("a corrupt link stores nothing", async () => {
    const stores = openStores("share-corrupt");
    expect(await openShareLink(stores, "#share=AAAA")).toMatchObject({ kind: "share" });
    expect(await listNotebooks(stores)).toEqual([]);
  });
});

/** A share fragment for any text, made as `encodeShare` makes one but with no length check (what a hostile author can build). */
async function rawLink(text: string | Uint8Array): Promise<string> {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const packed = await deflateRaw(bytes);
  const payload = new Uint8Array(5 + packed.length);
  payload[0] = 1;
  new DataView(payload.buffer).setUint32(1, crc32(bytes));
  payload.set(packed, 5);
  return SHARE_PREFIX + toBase64Url(payload);
}

const cellsFile = (n: number) => `// caravan: 1\n// title: many\n\n${"// %% [code]\n1\n\n".repeat(n)}// %% end\n`;

describe("hostile links are refused before their work is done", () => {
  it("a link longer than 64,000 characters is refused when opened, not only when made", async () => {
    let state = 7;
    const noise = Array.from({ length: 120_000 }, () => ((state = (state * 48271) % 2147483647), String.fromCharCode(33 + (state % 90)))).join("");
    const long = await rawLink(serialize(makeDoc([makeCell(noise)])));
    expect(long.length).toBeGreaterThan(64_000);
    const result = await decodeShare(long);
    expect(result).toMatchObject({ kind: "too-large", limit: 64_000, size: long.length });
    expect(isStoreError(result) && result.message).toMatch(/^the link is [\d,]+ characters long, more than the 64,000 a share link may have$/);
  });

  it("a decompression bomb stops at 4 MB while inflating, with a message naming the limit", async () => {
    const bomb = await rawLink(new Uint8Array(12 * 1024 * 1024).fill(0x41));
    expect(bomb.length).toBeLessThan(64_000);
    const started = performance.now();
    const result = await decodeShare(bomb);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ kind: "too-large", limit: 4 * 1024 * 1024 });
    expect(isStoreError(result) && result.message).toBe("the link expands past 4 MB, the most a shared notebook may hold");
  });

  it("inflating stops soon after the limit instead of producing the whole output", async () => {
    const packed = await deflateRaw(new Uint8Array(8 * 1024 * 1024));
    const error = await inflateRaw(packed, 1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputLimitError);
    expect(await inflateRaw(packed, 8 * 1024 * 1024)).toHaveLength(8 * 1024 * 1024);
  });

  it("a small link holding 100,000 cells is refused at the cell limit", async () => {
    const link100k = await rawLink(cellsFile(100_000));
    expect(link100k.length).toBeLessThan(64_000);
    const started = performance.now();
    const result = await decodeShare(link100k);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(isStoreError(result) && result.message).toMatch(/more than 1,000 cells/);
  });

  it("a link with a cell id __proto__ is refused, naming the line", async () => {
    const result = await decodeShare(await rawLink("// caravan: 1\n// title: t\n\n// %% [code id=__proto__]\n1\n\n// %% end\n"));
    expect(isStoreError(result) && result.message).toBe('the link holds an unreadable notebook (line 4: cell id "__proto__" is reserved (it names a built-in property of every object); choose another id)');
  });

  it("a refused link stores nothing", async () => {
    const stores = openStores("share-bomb");
    expect(await openShareLink(stores, await rawLink(cellsFile(100_000)))).toMatchObject({ kind: "share" });
    expect(await listNotebooks(stores)).toEqual([]);
  });

  it("a file with byte-order marks comes back byte for byte through a link", async () => {
    const text = "\uFEFF\uFEFF// caravan: 1\n// title: t\n\n// %% [code id=a]\n1\n\n// %% end\n";
    const d = parse(text);
    if ("kind" in d) throw new Error(d.message);
    const back = await decodeShare(await link(d));
    if (isStoreError(back)) throw new Error(back.message);
    expect(serialize(back)).toBe(text);
  });
});

describe("byte helpers", () => {
  it("CRC-32 matches the standard check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
  it.each([0, 1, 2, 3, 4, 255])("base64url round-trips %i bytes", (length) => {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 97) & 255);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
  });
});

describe("fuzzing share links", () => {
  it("a damaged link never throws: it decodes to the notebook or to a share error", async () => {
    let state = 42;
    const random = () => ((state = (state * 48271) % 2147483647), state / 2147483647);
    const good = await link();
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let errors = 0;
    for (let i = 0; i < 300; i++) {
      const at = SHARE_PREFIX.length + Math.floor(random() * (good.length - SHARE_PREFIX.length));
      const mutated =
        i % 3 === 0
          ? good.slice(0, at)
          : i % 3 === 1
            ? good.slice(0, at) + alphabet[Math.floor(random() * 64)] + good.slice(at + 1)
            : good.slice(0, at) + good.slice(at + 1 + Math.floor(random() * 5));
      const result = await decodeShare(mutated);
      if (isStoreError(result)) {
        expect(result.kind).toBe("share");
        errors++;
      } else expect(result.cells).toEqual(doc.cells);
    }
    expect(errors).toBeGreaterThan(250);
  });
});

describe("share links and the reader view", () => {
  it("a notebook that asks for the reader view and hides a cell's code travels with both", async () => {
    const reader: NotebookDoc = { ...makeDoc([makeCell("# T", "markdown", { id: "m" }), makeCell("1 + 1", "code", { id: "a", hideCode: true })]), view: "reader" };
    const back = await decodeShare(await link(reader));
    if (isStoreError(back)) throw new Error(back.message);
    expect(back.view).toBe("reader");
    expect(back.cells.map((c) => c.hideCode === true)).toEqual([false, true]);
  });

  it("?view=reader in the address asks for the reader view; other values do not", () => {
    expect(readerRequested("?view=reader")).toBe(true);
    expect(readerRequested("?x=1&view=reader")).toBe(true);
    expect(readerRequested("?view=edit")).toBe(false);
    expect(readerRequested("")).toBe(false);
  });

  it("a link made in the reader view puts ?view=reader before the fragment", () => {
    expect(shareUrl("https://caravan.example/", "#share=AbC", { reader: true })).toBe("https://caravan.example/?view=reader#share=AbC");
    expect(shareUrl("https://caravan.example/", "#share=AbC")).toBe("https://caravan.example/#share=AbC");
    const url = new URL(shareUrl("https://caravan.example/", "#share=AbC", { reader: true }));
    expect([readerRequested(url.search), url.hash]).toEqual([true, "#share=AbC"]);
  });
});
