import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { makeCell, makeDoc, type NotebookDoc } from "../notebook/document";
import { crc32, fromBase64Url, toBase64Url } from "./bytes";
import { openStores } from "./db";
import { isStoreError } from "./errors";
import { createNotebook, listNotebooks } from "./library";
import { decodeShare, encodeShare, openShareLink, SHARE_PREFIX } from "./share";

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
