/**
 * Files in and out: the name a notebook downloads under, and what to do with a file the
 * user picks or drops (a notebook file or HTML export opens as a new untrusted notebook; a
 * data file is attached to the open notebook).
 */
import { badByteLine } from "./incoming";
import { isFormatError, parse, parseFile, serialize, type ParsedFile } from "../notebook/format";
import { renderedLength, type CarriedAttachment } from "../notebook/fileAttachments";
import type { NotebookDoc } from "../notebook/document";
import { formatBytes, LIMITS } from "../notebook/limits";
import { SOURCE_MARK, sourceChecksum } from "./exportMark";
import { attachFile, attachmentType, storeCarriedAttachments, type AttachmentInfo } from "./attachments";
import type { Stores } from "./db";
import { isStoreError, type StoreError } from "./errors";
import { importNotebook, type OpenedNotebook } from "./library";

/** The file name a notebook downloads under: its title as a slug, `.ts`. */
export function notebookFileName(doc: NotebookDoc, extension = ".ts"): string {
  const slug = doc.title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return (slug || "notebook") + extension;
}

const notExport = (message: string): StoreError => ({ kind: "format", line: 1, message });

/**
 * Reads the notebook embedded in a Caravan HTML export (see `exportHtml.ts`). Only the
 * exporter's own block counts: the last element marked `data-caravan-source`, which must be
 * followed by exactly the export's fixed tail and whose text must match its CRC-32. A
 * lookalike inside an output comes earlier in the page, so it is never the one read.
 */
export function notebookFromHtmlExport(html: string): NotebookDoc | StoreError {
  if (!/<meta name="generator" content="Caravan">/.test(html.slice(0, 2000))) return notExport("this HTML file is not a Caravan export");
  const open = `<pre class="source" ${SOURCE_MARK}="crc32-`;
  const at = html.lastIndexOf(open);
  if (at < 0) return notExport("this HTML export holds no notebook file (it may come from an older Caravan: open its .ts file instead)");
  const block = /^([0-9a-f]{8})">([^<]*)<\/pre><\/details>\n<footer>[^<]*<\/footer>\n<\/body>\n<\/html>\n?$/.exec(html.slice(at + open.length));
  if (!block) return notExport("this HTML export was changed after it was made: its notebook file is not where Caravan puts it");
  const text = block[2]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  if (sourceChecksum(text) !== block[1]) return notExport("this HTML export was changed after it was made: its notebook file does not match its checksum");
  return parse(text);
}

/** The most bytes Caravan opens for a file of this name (`LIMITS`). */
export function fileLimit(name: string): number {
  const lower = name.toLowerCase();
  if (lower.endsWith(".ts") || lower.endsWith(".caravan")) return LIMITS.notebookFileBytes;
  if (lower.endsWith(".html") || lower.endsWith(".htm")) return LIMITS.exportFileBytes;
  return LIMITS.attachmentBytes;
}

/** A `too-large` error when a file of `size` bytes is past its limit (check `File.size` before reading it), else undefined. */
export function fileSizeError(name: string, size: number): StoreError | undefined {
  const limit = fileLimit(name);
  if (size <= limit) return undefined;
  return { kind: "too-large", size, limit, message: `"${name}" is ${formatBytes(size)}, more than the ${formatBytes(limit)} Caravan opens for such a file` };
}

/** What became of an opened or dropped file. */
export type FileOutcome = { readonly kind: "notebook"; readonly opened: OpenedNotebook } | { readonly kind: "attachment"; readonly info: AttachmentInfo };

/**
 * Handles a picked or dropped file. Notebook files (`.ts`, `.caravan`) and HTML exports
 * become new untrusted notebooks (never overwriting one); data files are attached to
 * `openNotebookId`. Anything else, or a bad file, is an error value and changes nothing.
 */
export async function openFile(stores: Stores, name: string, bytes: Uint8Array, options: { openNotebookId?: string; tab?: string; now?: number } = {}): Promise<FileOutcome | StoreError> {
  const tooLarge = fileSizeError(name, bytes.byteLength);
  if (tooLarge) return tooLarge;
  const lower = name.toLowerCase();
  if (lower.endsWith(".ts") || lower.endsWith(".caravan") || lower.endsWith(".html") || lower.endsWith(".htm")) {
    let text: string;
    try {
      // ignoreBOM keeps byte-order marks in the text, so the file is written back byte for byte.
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return { kind: "format", line: badByteLine(bytes), message: `"${name}" is not UTF-8 text` };
    }
    const exported = lower.endsWith(".html") || lower.endsWith(".htm") ? notebookFromHtmlExport(text) : undefined;
    const file: ParsedFile | StoreError = exported === undefined ? parseFile(text) : isStoreError(exported) ? exported : { doc: exported, attachments: [] };
    if (isFormatError(file) || isStoreError(file)) return file;
    const opened = await importNotebook(stores, file.doc, { kind: "file", name }, { trusted: false, tab: options.tab, now: options.now });
    if (isStoreError(opened)) return opened;
    const stored = await storeCarriedAttachments(stores, opened.meta.id, file.attachments, options.now);
    return isStoreError(stored) ? stored : { kind: "notebook", opened };
  }
  const type = attachmentType(name);
  if (isStoreError(type)) return { ...type, message: `cannot open "${name}": expected a notebook (.ts), an HTML export, or a .csv, .tsv, .json or .arrow data file` };
  if (!options.openNotebookId) return { kind: "attachment", name, message: "open a notebook before attaching data files" };
  const info = await attachFile(stores, options.openNotebookId, name, bytes, options.now);
  return isStoreError(info) ? info : { kind: "attachment", info };
}

/** A notebook file with its attachments: the text to download and the files left out to fit. */
export interface NotebookFile {
  readonly text: string;
  readonly omitted: readonly { readonly name: string; readonly size: number }[];
}

/**
 * The downloadable file of a notebook with its attachments inside (see `fileAttachments.ts`).
 * Attachments go in smallest first while the file stays within `maxBytes` (the
 * `LIMITS.notebookFileBytes` a receiver opens); the rest are written as omitted and listed.
 */
export function notebookFileWithAttachments(doc: NotebookDoc, attachments: readonly CarriedAttachment[], options: { maxBytes?: number } = {}): NotebookFile {
  const maxBytes = options.maxBytes ?? LIMITS.notebookFileBytes;
  const order = [...attachments].sort((a, b) => a.size - b.size || a.name.localeCompare(b.name));
  const stub = (a: CarriedAttachment): CarriedAttachment => ({ name: a.name, size: a.size });
  const bytesOf = (text: string) => new TextEncoder().encode(text).byteLength;
  // Each attachment adds its base64 (4/3 of its bytes plus line marks): summed without encoding anything.
  let total = bytesOf(serialize(doc, attachments.map(stub)));
  const included = new Set<CarriedAttachment>();
  for (const a of order) {
    if (!a.bytes) continue;
    const extra = renderedLength(a, doc.layout?.eol) - renderedLength(stub(a), doc.layout?.eol);
    if (total + extra > maxBytes) continue;
    total += extra;
    included.add(a);
  }
  // Written by name (a stable file), chosen smallest first.
  const written = [...attachments].sort((a, b) => a.name.localeCompare(b.name));
  return { text: serialize(doc, written.map((a) => (included.has(a) ? a : stub(a)))), omitted: written.filter((a) => !included.has(a)).map(({ name, size }) => ({ name, size })) };
}
