/**
 * Where `FileAttachment(name)` finds its bytes by default: the data files the app ships
 * under `/data/` (see workers/vite-plugins.ts). The app fetches them (same origin) and
 * hands the bytes to the sandbox, which may not fetch anything itself. The store can put
 * its own resolver in front (NotebookApp.attachments).
 */
import * as Comlink from "comlink";
import type { AttachmentReply } from "../../workers/protocol";

const NAME = /^[\w.-]+(\/[\w.-]+)*$/;

/** At most this many files are fetched ahead of a notebook's first run. */
const AHEAD_MAX = 24;
/** Fetched ahead and not asked for yet, by name: each answers the first request for it. */
const ahead = new Map<string, Promise<AttachmentReply>>();

/**
 * The names a notebook's code cells pass to `FileAttachment` as string literals, in order,
 * without repeats: what its first run will ask for.
 */
export function attachmentNames(sources: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const source of sources) for (const match of source.matchAll(/\bFileAttachment\(\s*(["'`])([\w./-]+)\1\s*\)/g)) names.add(match[2]!);
  return [...names];
}

/**
 * Starts fetching the shipped data files `names` (a trusted notebook about to run), so the
 * kernel's requests, which come once its worker is up, are answered from memory rather than
 * over the network while the page is busy drawing. Replaces what an earlier notebook fetched.
 */
export function fetchShippedAhead(names: readonly string[]): void {
  ahead.clear();
  for (const name of names.slice(0, AHEAD_MAX)) {
    const reply = fetchShipped(name);
    reply.catch(() => undefined);
    ahead.set(name, reply);
  }
}

/** Bytes of the shipped data file `name` (e.g. "study/sectors.csv"), or a not-found reply. */
export function shippedAttachment(name: string): Promise<AttachmentReply> {
  const early = ahead.get(name);
  if (early) {
    ahead.delete(name);
    return early;
  }
  return fetchShipped(name);
}

async function fetchShipped(name: string): Promise<AttachmentReply> {
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
