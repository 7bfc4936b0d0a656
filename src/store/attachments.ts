/**
 * Data files attached to a notebook (CSV, TSV, JSON, Arrow), stored in IndexedDB under
 * [notebook id, file name]. The kernel worker asks for the bytes by name and parses them
 * with `parseAttachment` (see `parseAttachment.ts`).
 */
import { delMany, get, getMany, keys, set, setMany } from "idb-keyval";
import type { CarriedAttachment } from "../notebook/fileAttachments";
import { formatBytes } from "../notebook/limits";
import { attempt, type Stores } from "./db";
import { isStoreError, type StoreError } from "./errors";

/** The kinds of data file a notebook can attach. */
export type AttachmentType = "csv" | "tsv" | "json" | "arrow";

/** What the attachment list shows. */
export interface AttachmentInfo {
  readonly name: string;
  readonly type: AttachmentType;
  readonly size: number;
  readonly addedAt: number;
  /** The notebook came (by link or file) without this file: the sender left it out. */
  readonly omitted?: true;
}

interface StoredAttachment extends AttachmentInfo {
  /** Absent for a file the sender left out (`omitted`). */
  readonly bytes?: Uint8Array;
}

/** What a cell reading a file the sender left out is told: which file, its size, and what to do. */
export function omittedAttachmentMessage(name: string, size: number): string {
  return `${name} (${formatBytes(size)}) was not included by the sender (too large to travel with the notebook); ask them for the file, then attach it with File → Open file…`;
}

const TYPES: Record<string, AttachmentType> = { csv: "csv", tsv: "tsv", tab: "tsv", json: "json", arrow: "arrow", feather: "arrow", ipc: "arrow", arrows: "arrow" };

/** The type of a file from its name's extension, or an error naming what is accepted. */
export function attachmentType(name: string): AttachmentType | StoreError {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
  const type = TYPES[ext];
  if (type) return type;
  const message =
    ext === "parquet"
      ? "Parquet files are not supported; convert to Arrow, CSV or JSON"
      : `cannot attach "${name}": expected a .csv, .tsv, .json or .arrow file`;
  return { kind: "attachment", name, message };
}

function checkName(name: string): StoreError | undefined {
  if (name.trim() === "" || /[/\\\u0000-\u001f]/.test(name) || name.length > 200) {
    return { kind: "attachment", name, message: `"${name}" is not a usable file name` };
  }
  return undefined;
}

type Key = [string, string];
const isKeyOf = (id: string) => (k: IDBValidKey): k is Key => Array.isArray(k) && k[0] === id && typeof k[1] === "string";

/** Attaches (or replaces) a file on a notebook. The bytes are copied. */
export async function attachFile(stores: Stores, notebookId: string, name: string, bytes: Uint8Array, now: number = Date.now()): Promise<AttachmentInfo | StoreError> {
  const bad = checkName(name);
  if (bad) return bad;
  const type = attachmentType(name);
  if (isStoreError(type)) return type;
  const info: AttachmentInfo = { name, type, size: bytes.byteLength, addedAt: now };
  const done = await attempt(() => set([notebookId, name], { ...info, bytes: bytes.slice() } satisfies StoredAttachment, stores.attachments));
  return isStoreError(done) ? done : info;
}

/** The files attached to a notebook, by name. */
export async function listAttachments(stores: Stores, notebookId: string): Promise<AttachmentInfo[] | StoreError> {
  const found = await attempt(async () => {
    const ks = (await keys(stores.attachments)).filter(isKeyOf(notebookId));
    return getMany<StoredAttachment>(ks, stores.attachments);
  });
  if (isStoreError(found)) return found;
  return found
    .filter((a): a is StoredAttachment => a !== undefined)
    .map(({ name, type, size, addedAt, bytes }) => ({ name, type, size, addedAt, ...(bytes ? {} : { omitted: true as const }) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The bytes of one attached file; `attachment` error naming the file when there is none. */
export async function readAttachment(stores: Stores, notebookId: string, name: string): Promise<Uint8Array | StoreError> {
  const found = await attempt(() => get<StoredAttachment>([notebookId, name], stores.attachments));
  if (isStoreError(found)) return found;
  if (found && !found.bytes) return { kind: "attachment", name, message: omittedAttachmentMessage(name, found.size) };
  return found?.bytes ?? { kind: "attachment", name, message: `no attached file named "${name}"` };
}

/**
 * Records that a notebook came without one of its files (the sender left it out), so a cell
 * reading it is told so instead of "no attached file". Attaching the file replaces the record.
 */
export async function recordOmittedAttachment(stores: Stores, notebookId: string, name: string, size: number, now: number = Date.now()): Promise<AttachmentInfo | StoreError> {
  const bad = checkName(name);
  if (bad) return bad;
  const type = attachmentType(name);
  if (isStoreError(type)) return type;
  const info: AttachmentInfo = { name, type, size, addedAt: now, omitted: true };
  const done = await attempt(() => set([notebookId, name], info satisfies StoredAttachment, stores.attachments));
  return isStoreError(done) ? done : info;
}

/**
 * Stores the attachments a notebook file or share link carried: files with bytes are
 * attached, files the sender left out are recorded as omitted. Stops at the first error.
 */
export async function storeCarriedAttachments(stores: Stores, notebookId: string, carried: readonly CarriedAttachment[], now: number = Date.now()): Promise<void | StoreError> {
  for (const a of carried) {
    const done = a.bytes ? await attachFile(stores, notebookId, a.name, a.bytes, now) : await recordOmittedAttachment(stores, notebookId, a.name, a.size, now);
    if (isStoreError(done)) return done;
  }
}

/** A notebook's attachments as the file format carries them (bytes, or name and size for omitted ones), by name. */
export async function carriedAttachments(stores: Stores, notebookId: string): Promise<CarriedAttachment[] | StoreError> {
  const found = await attempt(async () => getMany<StoredAttachment>((await keys(stores.attachments)).filter(isKeyOf(notebookId)), stores.attachments));
  if (isStoreError(found)) return found;
  return found
    .filter((a): a is StoredAttachment => a !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((a) => (a.bytes ? { name: a.name, size: a.bytes.byteLength, bytes: a.bytes } : { name: a.name, size: a.size }));
}

/** Removes one attached file. */
export async function removeAttachment(stores: Stores, notebookId: string, name: string): Promise<void | StoreError> {
  return attempt(() => delMany([[notebookId, name]], stores.attachments));
}

/** Removes every file attached to a notebook. */
export async function removeAllAttachments(stores: Stores, notebookId: string): Promise<void | StoreError> {
  return attempt(async () => delMany((await keys(stores.attachments)).filter(isKeyOf(notebookId)), stores.attachments));
}

/** Copies every file attached to one notebook onto another (used by duplicate). */
export async function copyAttachments(stores: Stores, from: string, to: string): Promise<void | StoreError> {
  return attempt(async () => {
    const ks = (await keys(stores.attachments)).filter(isKeyOf(from));
    const files = await getMany<StoredAttachment>(ks, stores.attachments);
    await setMany(
      files.filter((f): f is StoredAttachment => f !== undefined).map((f) => [[to, f.name], f]),
      stores.attachments,
    );
  });
}

/** The MIME type a cell's reader is told for an attachment of this type. */
export function attachmentMime(type: AttachmentType): string {
  return MIME[type];
}

const MIME: Record<AttachmentType, string> = { csv: "text/csv", tsv: "text/tab-separated-values", json: "application/json", arrow: "application/vnd.apache.arrow.file" };

/** The answer to `FileAttachment(name)`: the bytes, or why not (`omitted` when the sender left the file out). */
export type AttachmentServiceReply = { ok: true; bytes: Uint8Array; mimeType: string } | { ok: false; message: string; omitted?: true };

/**
 * The app's answer to a cell's `FileAttachment(name)` (the `attachment` service of
 * `workers/protocol.ts`): the bytes of the open notebook's file, or a message saying why not.
 * The sandboxed worker cannot read IndexedDB itself, so the app reads and hands them over.
 */
export function attachmentService(
  stores: Stores,
  notebookId: () => string,
): (name: string) => Promise<AttachmentServiceReply> {
  return async (name) => {
    const found = await attempt(() => get<StoredAttachment>([notebookId(), name], stores.attachments));
    if (found && !isStoreError(found) && !found.bytes) return { ok: false, message: omittedAttachmentMessage(name, found.size), omitted: true };
    const bytes = await readAttachment(stores, notebookId(), name);
    if (isStoreError(bytes)) return { ok: false, message: bytes.message };
    const type = attachmentType(name);
    return { ok: true, bytes, mimeType: isStoreError(type) ? "application/octet-stream" : MIME[type] };
  };
}
