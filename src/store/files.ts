/**
 * Files in and out: the name a notebook downloads under, and what to do with a file the
 * user picks or drops (a notebook file or HTML export opens as a new untrusted notebook; a
 * data file is attached to the open notebook).
 */
import { isFormatError, parse } from "../notebook/format";
import type { NotebookDoc } from "../notebook/document";
import { attachFile, attachmentType, type AttachmentInfo } from "./attachments";
import type { Stores } from "./db";
import { isStoreError, type StoreError } from "./errors";
import { importNotebook, type OpenedNotebook } from "./library";

/** The file name a notebook downloads under: its title as a slug, `.ts`. */
export function notebookFileName(doc: NotebookDoc, extension = ".ts"): string {
  const slug = doc.title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return (slug || "notebook") + extension;
}

/** Reads the notebook embedded in a Caravan HTML export (see `exportHtml.ts`). */
export function notebookFromHtmlExport(html: string): NotebookDoc | StoreError {
  const match = /<pre class="source">([\s\S]*?)<\/pre>/.exec(html);
  if (!match || !/<meta name="generator" content="Caravan">/.test(html)) return { kind: "format", line: 1, message: "this HTML file is not a Caravan export" };
  const text = match[1]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  return parse(text);
}

/** What became of an opened or dropped file. */
export type FileOutcome = { readonly kind: "notebook"; readonly opened: OpenedNotebook } | { readonly kind: "attachment"; readonly info: AttachmentInfo };

/**
 * Handles a picked or dropped file. Notebook files (`.ts`, `.caravan`) and HTML exports
 * become new untrusted notebooks (never overwriting one); data files are attached to
 * `openNotebookId`. Anything else, or a bad file, is an error value and changes nothing.
 */
export async function openFile(stores: Stores, name: string, bytes: Uint8Array, options: { openNotebookId?: string; tab?: string; now?: number } = {}): Promise<FileOutcome | StoreError> {
  const lower = name.toLowerCase();
  if (lower.endsWith(".ts") || lower.endsWith(".caravan") || lower.endsWith(".html") || lower.endsWith(".htm")) {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return { kind: "format", line: 1, message: `"${name}" is not UTF-8 text` };
    }
    const doc = lower.endsWith(".ts") || lower.endsWith(".caravan") ? parse(text) : notebookFromHtmlExport(text);
    if (isFormatError(doc) || isStoreError(doc)) return doc;
    const opened = await importNotebook(stores, doc, { kind: "file", name }, { trusted: false, tab: options.tab, now: options.now });
    return isStoreError(opened) ? opened : { kind: "notebook", opened };
  }
  const type = attachmentType(name);
  if (isStoreError(type)) return { ...type, message: `cannot open "${name}": expected a notebook (.ts), an HTML export, or a .csv, .tsv, .json or .arrow data file` };
  if (!options.openNotebookId) return { kind: "attachment", name, message: "open a notebook before attaching data files" };
  const info = await attachFile(stores, options.openNotebookId, name, bytes, options.now);
  return isStoreError(info) ? info : { kind: "attachment", info };
}
