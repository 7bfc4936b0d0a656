/**
 * Data files attached to a notebook (CSV, TSV, JSON, Arrow), stored in IndexedDB under
 * [notebook id, file name]. The kernel worker asks for the bytes by name and parses them
 * with `parseAttachment` (see `parseAttachment.ts`).
 */
import { delMany, get, getMany, keys, set, setMany } from "idb-keyval";
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
}

interface StoredAttachment extends AttachmentInfo {
  readonly bytes: Uint8Array;
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
    .map(({ name, type, size, addedAt }) => ({ name, type, size, addedAt }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The bytes of one attached file; `attachment` error naming the file when there is none. */
export async function readAttachment(stores: Stores, notebookId: string, name: string): Promise<Uint8Array | StoreError> {
  const found = await attempt(() => get<StoredAttachment>([notebookId, name], stores.attachments));
  if (isStoreError(found)) return found;
  return found?.bytes ?? { kind: "attachment", name, message: `no attached file named "${name}"` };
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

const MIME: Record<AttachmentType, string> = { csv: "text/csv", tsv: "text/tab-separated-values", json: "application/json", arrow: "application/vnd.apache.arrow.file" };

/**
 * The app's answer to a cell's `FileAttachment(name)` (the `attachment` service of
 * `workers/protocol.ts`): the bytes of the open notebook's file, or a message saying why not.
 * The sandboxed worker cannot read IndexedDB itself, so the app reads and hands them over.
 */
export function attachmentService(
  stores: Stores,
  notebookId: () => string,
): (name: string) => Promise<{ ok: true; bytes: Uint8Array; mimeType: string } | { ok: false; message: string }> {
  return async (name) => {
    const bytes = await readAttachment(stores, notebookId(), name);
    if (isStoreError(bytes)) return { ok: false, message: bytes.message };
    const type = attachmentType(name);
    return { ok: true, bytes, mimeType: isStoreError(type) ? "application/octet-stream" : MIME[type] };
  };
}
