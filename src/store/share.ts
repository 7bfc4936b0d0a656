/**
 * Share links: the notebook file (see `src/notebook/format.ts`) compressed into the URL
 * fragment, so no server ever sees it. Payload: one version byte, the CRC-32 of the text
 * (4 bytes, big-endian), then the text compressed with raw DEFLATE; all base64url after
 * `#share=`. Opening a link always creates a new, untrusted notebook (safe preview).
 */
import type { NotebookDoc } from "../notebook/document";
import { isFormatError, parse, serialize } from "../notebook/format";
import { formatBytes, formatCount, LIMITS } from "../notebook/limits";
import { crc32, deflateRaw, fromBase64Url, inflateRaw, OutputLimitError, toBase64Url } from "./bytes";
import type { Stores } from "./db";
import { isStoreError, type StoreError } from "./errors";
import { importNotebook, type OpenedNotebook } from "./library";

/** What starts the fragment of a share link. */
export const SHARE_PREFIX = "#share=";
/** The payload version this build writes and reads. */
export const SHARE_VERSION = 1;
/** Longest fragment made or opened (about 64 KB of URL, well inside what browsers accept); see `LIMITS`. */
export const SHARE_LIMIT = LIMITS.shareLinkChars;

const damaged = (message: string): StoreError => ({ kind: "share", message });

/** Encodes a notebook as a URL fragment (`#share=…`), or a `too-large` error telling the UI to offer the file instead. */
export async function encodeShare(doc: NotebookDoc, options: { limit?: number } = {}): Promise<string | StoreError> {
  const limit = options.limit ?? SHARE_LIMIT;
  const text = new TextEncoder().encode(serialize(doc));
  const packed = await deflateRaw(text);
  const payload = new Uint8Array(5 + packed.length);
  payload[0] = SHARE_VERSION;
  new DataView(payload.buffer).setUint32(1, crc32(text));
  payload.set(packed, 5);
  const fragment = SHARE_PREFIX + toBase64Url(payload);
  if (fragment.length > limit) {
    return {
      kind: "too-large",
      size: fragment.length,
      limit,
      message: `this notebook needs a ${Math.ceil(fragment.length / 1000)} KB link, more than the ${Math.floor(limit / 1000)} KB a link can safely carry; share the file instead`,
    };
  }
  return fragment;
}

/** True when a URL fragment (`location.hash`) is a share link. */
export function isShareLink(hash: string): boolean {
  return hash.startsWith(SHARE_PREFIX);
}

/**
 * Decodes a share link's fragment into a document, or an error saying what is wrong with
 * the link. Limits are checked before each step does its work: the link's length before
 * decoding, the text's size while inflating, the cells while parsing (`LIMITS`).
 */
export async function decodeShare(hash: string, options: { limit?: number; maxBytes?: number } = {}): Promise<NotebookDoc | StoreError> {
  if (!isShareLink(hash)) return damaged("not a share link (it should start with #share=)");
  const limit = options.limit ?? SHARE_LIMIT;
  if (hash.length > limit) {
    return { kind: "too-large", size: hash.length, limit, message: `the link is ${formatCount(hash.length)} characters long, more than the ${formatCount(limit)} a share link may have` };
  }
  const maxBytes = options.maxBytes ?? LIMITS.shareTextBytes;
  const body = hash.slice(SHARE_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) return damaged("the link is damaged: it contains characters a share link never has");
  const payload = fromBase64Url(body);
  if (!payload) return damaged("the link is truncated or damaged: its length is impossible for a share link");
  if (payload.length < 6) return damaged("the link is truncated: it is too short to hold a notebook");
  const version = payload[0]!;
  if (version > SHARE_VERSION) return damaged(`this link was made by a newer Caravan (share format ${version}); this version reads format ${SHARE_VERSION}`);
  if (version < 1) return damaged(`the link is damaged: unknown share format ${version}`);
  let text: Uint8Array;
  try {
    text = await inflateRaw(payload.subarray(5), maxBytes);
  } catch (error) {
    if (error instanceof OutputLimitError) {
      return { kind: "too-large", size: maxBytes + 1, limit: maxBytes, message: `the link expands past ${formatBytes(maxBytes)}, the most a shared notebook may hold` };
    }
    return damaged("the link is truncated or damaged: its data does not decompress");
  }
  if (crc32(text) !== new DataView(payload.buffer, payload.byteOffset).getUint32(1)) return damaged("the link is damaged: its checksum does not match");
  let source: string;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so the notebook comes back byte for byte.
    source = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(text);
  } catch {
    return damaged("the link is damaged: it does not hold text");
  }
  const doc = parse(source);
  if (isFormatError(doc)) return damaged(`the link holds an unreadable notebook (line ${doc.line}: ${doc.message})`);
  return doc;
}

/** Opens a share link as a new, untrusted notebook; never touches existing notebooks. */
export async function openShareLink(stores: Stores, hash: string, options: { tab?: string; now?: number } = {}): Promise<OpenedNotebook | StoreError> {
  const doc = await decodeShare(hash);
  if (isStoreError(doc)) return doc;
  return importNotebook(stores, doc, { kind: "share" }, { ...options, trusted: false });
}
