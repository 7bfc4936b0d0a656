/**
 * Where `FileAttachment(name)` finds its bytes by default: the data files the app ships
 * under `/data/` (see workers/vite-plugins.ts). The app fetches them (same origin) and
 * hands the bytes to the sandbox, which may not fetch anything itself. The store can put
 * its own resolver in front (NotebookApp.attachments).
 */
import * as Comlink from "comlink";
import type { AttachmentReply } from "../../workers/protocol";

const NAME = /^[\w.-]+(\/[\w.-]+)*$/;

/** Bytes of the shipped data file `name` (e.g. "study/sectors.csv"), or a not-found reply. */
export async function shippedAttachment(name: string): Promise<AttachmentReply> {
  if (!NAME.test(name) || name.split("/").includes("..")) return { ok: false, message: `invalid attachment name: ${name}` };
  let response: Response;
  try {
    response = await fetch(`/data/${name}`);
  } catch (error) {
    return { ok: false, message: `cannot load ${name}: ${(error as Error).message}` };
  }
  const type = response.headers.get("Content-Type") ?? "application/octet-stream";
  // A missing file may come back as the app's HTML page (single-page fallback): not a file.
  if (!response.ok || type.startsWith("text/html")) return { ok: false, message: `no attachment named ${name}` };
  const bytes = new Uint8Array(await response.arrayBuffer());
  return Comlink.transfer({ ok: true, bytes, mimeType: type.split(";")[0]! }, [bytes.buffer]);
}
