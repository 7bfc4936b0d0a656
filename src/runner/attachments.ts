/**
 * `FileAttachment(name)` for headless runs: bytes read from a data folder on disk, with
 * the same reply shape the app gives the worker (`AttachmentReply`), so the builtins are
 * the browser's own. Names are paths inside the folder; nothing outside it can be read.
 */
import { readFile } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import type { AttachmentReply } from "../../workers/protocol";
import type { AttachmentSource } from "../../workers/builtins";

const MIME: Record<string, string> = {
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".json": "application/json",
  ".txt": "text/plain",
  ".arrow": "application/vnd.apache.arrow.file",
  ".parquet": "application/vnd.apache.parquet",
};

/** Reads attachment `name` from `dataDir`; a missing file or a path leaving the folder is a not-found reply. */
export async function readAttachment(dataDir: string, name: string): Promise<AttachmentReply> {
  const root = resolve(dataDir);
  const path = resolve(root, name);
  if (!path.startsWith(root + sep)) return { ok: false, message: `no attachment named ${name}` };
  try {
    const bytes = new Uint8Array(await readFile(path));
    return { ok: true, bytes, mimeType: MIME[extname(path).toLowerCase()] ?? "application/octet-stream" };
  } catch {
    return { ok: false, message: `no attachment named ${name}` };
  }
}

/** Where a headless kernel's `FileAttachment` reads: files in `dataDir`. */
export function fileServices(dataDir: string): AttachmentSource {
  return (name) => readAttachment(dataDir, name);
}
