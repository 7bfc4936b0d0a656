/**
 * Share links: the notebook file (see `src/notebook/format.ts`) compressed into the URL
 * fragment, so no server ever sees it. Payload: one version byte, the CRC-32 of the text
 * (4 bytes, big-endian), then the text compressed with raw DEFLATE; all base64url after
 * `#share=`. The text carries the notebook's attachments that fit the link (as sections of
 * the file format); those that do not are named in it as omitted, so the receiver is told
 * which file the sender left out. Opening a link always creates a new, untrusted notebook
 * (safe preview). A link opens in the reader view when its notebook says `// view: reader`
 * or its address has `?view=reader`; the reader view never skips the preview.
 */
import type { NotebookDoc } from "../notebook/document";
import { renderedLength, type CarriedAttachment } from "../notebook/fileAttachments";
import { isFormatError, parseFile, serialize, type FileParser, type ParsedFile } from "../notebook/format";
import { formatBytes, formatCount, LIMITS } from "../notebook/limits";
import { crc32, deflateRaw, fromBase64Url, inflateRaw, OutputLimitError, toBase64Url } from "./bytes";
import type { Stores } from "./db";
import { isStoreError, type StoreError } from "./errors";
import { storeCarriedAttachments } from "./attachments";
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
  const shared = await encodeShareWithAttachments(doc, [], options);
  return isStoreError(shared) ? shared : shared.fragment;
}

/** A share link made with attachments: the fragment and the files it could not carry. */
export interface SharedLink {
  readonly fragment: string;
  /** Attachments left out (named in the link as omitted), smallest first. */
  readonly omitted: readonly { readonly name: string; readonly size: number }[];
}

/**
 * Encodes a notebook and its attachments as a URL fragment. Attachments go in smallest
 * first while the link stays within `limit` characters and its text within
 * `LIMITS.shareTextBytes`; the others are written as omitted (name and size only) and
 * listed in `omitted`, for the UI to name them (`omittedMessage`). A notebook too large for
 * a link even without its attachments is a `too-large` error.
 */
export async function encodeShareWithAttachments(
  doc: NotebookDoc,
  attachments: readonly CarriedAttachment[],
  options: { limit?: number; maxBytes?: number } = {},
): Promise<SharedLink | StoreError> {
  const limit = options.limit ?? SHARE_LIMIT;
  const maxBytes = options.maxBytes ?? LIMITS.shareTextBytes;
  const order = [...attachments].sort((a, b) => a.size - b.size || a.name.localeCompare(b.name));
  const included = new Set<CarriedAttachment>();
  // Written by name (a stable file), tried smallest first.
  const byName = [...attachments].sort((a, b) => a.name.localeCompare(b.name));
  const written = (extra?: CarriedAttachment) => byName.map((a) => (a.bytes && (included.has(a) || a === extra) ? a : { name: a.name, size: a.size }));
  // Everything left out first: if even that does not fit, no attachment can.
  const bare = serialize(doc, written());
  let textBytes = new TextEncoder().encode(bare).byteLength;
  let best = await pack(bare);
  if (best.length > limit) return tooLarge(best.length, limit);
  for (const a of order) {
    if (!a.bytes) continue;
    // Past the text a link may expand to, the receiver would refuse it: not even encoded.
    if (textBytes + renderedLength(a, doc.layout?.eol) - renderedLength({ name: a.name, size: a.size }, doc.layout?.eol) > maxBytes) continue;
    const text = serialize(doc, written(a));
    const fragment = await pack(text);
    if (fragment.length > limit) continue;
    included.add(a);
    best = fragment;
    textBytes = new TextEncoder().encode(text).byteLength;
  }
  const omitted = byName.filter((a) => !included.has(a)).map(({ name, size }) => ({ name, size }));
  return { fragment: best, omitted };
}

/** The sentence the sharer reads for attachments a link leaves out. */
export function omittedMessage(omitted: SharedLink["omitted"], by: "link" | "file" = "link"): string {
  const list = omitted.map((a) => `${a.name} (${formatBytes(a.size)})`);
  const names = list.length <= 1 ? list.join("") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
  return by === "link"
    ? `${names} ${list.length === 1 ? "is" : "are"} too large for a link: share the file instead`
    : `${names} ${list.length === 1 ? "is" : "are"} too large to travel in the notebook file: send ${list.length === 1 ? "it" : "them"} separately`;
}

function tooLarge(size: number, limit: number): StoreError {
  return {
    kind: "too-large",
    size,
    limit,
    message: `this notebook needs a ${Math.ceil(size / 1000)} KB link, more than the ${Math.floor(limit / 1000)} KB a link can safely carry; share the file instead`,
  };
}

/** The fragment for a notebook file's text. */
async function pack(source: string): Promise<string> {
  const text = new TextEncoder().encode(source);
  const packed = await deflateRaw(text);
  const payload = new Uint8Array(5 + packed.length);
  payload[0] = SHARE_VERSION;
  new DataView(payload.buffer).setUint32(1, crc32(text));
  payload.set(packed, 5);
  return SHARE_PREFIX + toBase64Url(payload);
}

/** The query field that asks for the reader view whatever the notebook says: `?view=reader`. */
export const READER_QUERY = "view=reader";

/** Whether a page address's query (`location.search`) asks for the reader view. */
export function readerRequested(search: string): boolean {
  return new URLSearchParams(search).get("view") === "reader";
}

/** The address of a share link: the page, `?view=reader` when the link should open in the reader view, and the fragment. */
export function shareUrl(page: string, fragment: string, options: { reader?: boolean } = {}): string {
  return `${page}${options.reader ? `?${READER_QUERY}` : ""}${fragment}`;
}

/** True when a URL fragment (`location.hash`) is a share link. */
export function isShareLink(hash: string): boolean {
  return hash.startsWith(SHARE_PREFIX);
}

/** Decodes a share link's fragment into a document (its attachments are dropped: see `decodeShareFile`). */
export async function decodeShare(hash: string, options: { limit?: number; maxBytes?: number } = {}): Promise<NotebookDoc | StoreError> {
  const file = await decodeShareFile(hash, options);
  return isStoreError(file) ? file : file.doc;
}

/**
 * Decodes a share link's fragment into a document and the attachments it carries (or names
 * as omitted), or an error saying what is wrong with the link. Limits are checked before
 * each step does its work: the link's length before decoding, the text's size while
 * inflating, the cells and attachments while parsing (`LIMITS`).
 */
export async function decodeShareFile(hash: string, options: { limit?: number; maxBytes?: number; parse?: FileParser } = {}): Promise<ParsedFile | StoreError> {
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
  const file = await (options.parse ?? parseFile)(source);
  if (isFormatError(file)) return damaged(`the link holds an unreadable notebook (line ${file.line}: ${file.message})`);
  return file;
}

/** Opens a share link as a new, untrusted notebook; never touches existing notebooks. */
export async function openShareLink(stores: Stores, hash: string, options: { tab?: string; now?: number } = {}): Promise<OpenedNotebook | StoreError> {
  const file = await decodeShareFile(hash);
  if (isStoreError(file)) return file;
  const opened = await importNotebook(stores, file.doc, { kind: "share" }, { ...options, trusted: false });
  if (isStoreError(opened)) return opened;
  const stored = await storeCarriedAttachments(stores, opened.meta.id, file.attachments, options.now);
  return isStoreError(stored) ? stored : opened;
}
