/**
 * A notebook file the user picked or dropped, read without storing it: it is shown in safe
 * preview and reaches the library only when the user runs it or chooses Keep. Data files are
 * not handled here (they are attached through `openFile`).
 */
import { isFormatError, parseFile, type FileParser } from "../notebook/format";
import type { NotebookDoc } from "../notebook/document";
import type { CarriedAttachment } from "../notebook/fileAttachments";
import type { StoreError } from "./errors";
import { fileSizeError, notebookFromHtmlExport } from "./files";

/**
 * What a picked file is: a notebook (from a `.ts` file or an HTML export) with the data files
 * it carries (kept in memory until the notebook is stored, then `storeCarriedAttachments`),
 * or data to attach.
 */
export type IncomingFile =
  | { readonly kind: "notebook"; readonly doc: NotebookDoc; readonly from: "file" | "export"; readonly attachments: readonly CarriedAttachment[] }
  | { readonly kind: "data" };

/**
 * Reads a notebook file or HTML export into a document and its attachments (nothing is
 * stored); other names are `data`. `parse` reads a notebook file's text (the page reads a
 * long one in a worker).
 */
export async function readIncomingFile(name: string, bytes: Uint8Array, parse: FileParser = parseFile): Promise<IncomingFile | StoreError> {
  const lower = name.toLowerCase();
  const html = lower.endsWith(".html") || lower.endsWith(".htm");
  if (!html && !lower.endsWith(".ts") && !lower.endsWith(".caravan")) return { kind: "data" };
  const tooLarge = fileSizeError(name, bytes.byteLength);
  if (tooLarge) return tooLarge;
  let text: string;
  try {
    // ignoreBOM keeps byte-order marks in the text, so the file is written back byte for byte.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { kind: "format", line: badByteLine(bytes), message: `"${name}" is not UTF-8 text` };
  }
  if (!html) {
    const file = await parse(text);
    return isFormatError(file) ? file : { kind: "notebook", doc: file.doc, from: "file", attachments: file.attachments };
  }
  const doc = notebookFromHtmlExport(text);
  if ("kind" in doc) return doc;
  return { kind: "notebook", doc, from: "export", attachments: [] };
}

/** The 1-based line holding the first byte sequence that is not UTF-8. */
export function badByteLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
