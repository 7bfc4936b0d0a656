/**
 * Reads a notebook file's text in a worker of its own (workers/format.worker.ts) when it is
 * long: a thousand cells took 20–190 ms to parse on the page (the most when a share link
 * opens, as the app and the kernel start), a long task. Short text is parsed on the page, where
 * it is faster than starting a worker. Without a worker (none can start, or its script
 * fails to load) the text is parsed on the page.
 */
import { wrap } from "comlink";
import { isFormatError, parseFile, type FormatError, type ParsedFile } from "../notebook/format";
import type { FormatWorkerApi } from "../../workers/format.worker";

/** Characters below which the page parses a file itself (~300 short cells). */
export const PARSE_ON_PAGE_CHARS = 16 * 1024;

/** The file's document and attachments, or its format error (line and message), as `parseFile` gives them. */
export async function parseNotebookText(text: string): Promise<ParsedFile | FormatError> {
  if (text.length < PARSE_ON_PAGE_CHARS) return parseFile(text);
  let worker: Worker;
  try {
    worker = new Worker(new URL("../../workers/format.worker.ts", import.meta.url), { type: "module", name: "caravan-format" });
  } catch {
    return parseFile(text);
  }
  try {
    const failed = new Promise<never>((_, reject) => worker.addEventListener("error", () => reject(new Error("the format worker did not start")), { once: true }));
    failed.catch(() => undefined); // an error after the answer is nobody's concern
    return asParsedOnPage(await Promise.race([wrap<FormatWorkerApi>(worker).parseFile(text), failed]));
  } catch {
    return parseFile(text);
  } finally {
    worker.terminate();
  }
}

/**
 * The worker's answer in the shape `parseFile` gives on the page: a copy between threads loses
 * the layout's prototype-free map of cell blocks (keyed by cell id, so that no id can reach
 * Object.prototype), which is restored.
 */
function asParsedOnPage(file: ParsedFile | FormatError): ParsedFile | FormatError {
  const blocks = isFormatError(file) ? undefined : file.doc.layout?.cells;
  if (blocks) Object.setPrototypeOf(blocks, null);
  return file;
}
