/**
 * Parses an attached data file into an Arquero table (in the kernel worker), with errors
 * that say what is wrong and where: Arquero itself accepts ragged CSV rows silently, so
 * delimited text is checked first and a bad row is reported with its line number.
 */
import { fromArrow, fromCSV, fromJSON, type ColumnTable } from "arquero";
import { attachmentType } from "./attachments";
import { isStoreError, type StoreError } from "./errors";

const bad = (name: string, message: string, line?: number): StoreError => ({ kind: "attachment", name, message, ...(line !== undefined ? { line } : {}) });

/**
 * Checks delimited text record by record (RFC 4180 quoting: quoted fields may hold
 * delimiters, doubled quotes and line breaks). Every record must have as many fields as the
 * header. Returns the text without its blank lines, or the first bad row.
 */
export function checkDelimited(name: string, text: string, delimiter: string): { text: string } | StoreError {
  let kept = "";
  let recordStart = 0;
  let line = 1;
  let recordLine = 1;
  let fields = 1;
  let empty = true;
  let atFieldStart = true;
  let quoted = false;
  let quoteLine = 0;
  let expected: number | undefined;
  const endRecord = (end: number): StoreError | undefined => {
    if (!empty) {
      kept += text.slice(recordStart, end) + "\n";
      if (expected === undefined) expected = fields;
      else if (fields !== expected) return bad(name, `line ${recordLine}: row has ${fields} field${fields === 1 ? "" : "s"}; the header has ${expected}`, recordLine);
    }
    fields = 1;
    empty = true;
    atFieldStart = true;
    return undefined;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      } else if (c === "\n") line++;
      continue;
    }
    if (c === "\n" || c === "\r") {
      const error = endRecord(i);
      if (error) return error;
      if (c === "\r" && text[i + 1] === "\n") i++;
      recordStart = i + 1;
      line++;
      recordLine = line;
      continue;
    }
    empty = false;
    if (c === delimiter) {
      fields++;
      atFieldStart = true;
    } else if (c === '"' && atFieldStart) {
      quoted = true;
      quoteLine = line;
      atFieldStart = false;
    } else atFieldStart = false;
  }
  if (quoted) return bad(name, `line ${quoteLine}: a quoted field starts here and is never closed`, quoteLine);
  return endRecord(text.length) ?? { text: kept };
}

function decode(name: string, bytes: Uint8Array): string | StoreError {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return bad(name, `"${name}" is not UTF-8 text`);
  }
}

function parseJSON(name: string, text: string): ColumnTable | StoreError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split("\n").length : undefined;
    return bad(name, `${line !== undefined ? `line ${line}: ` : ""}not valid JSON (${message})`, line);
  }
  const rows = Array.isArray(value) && value.every((r) => typeof r === "object" && r !== null && !Array.isArray(r));
  const columns = typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every(Array.isArray);
  if (!rows && !columns) return bad(name, "JSON must be an array of row objects or an object of column arrays");
  return fromJSON(text);
}

/** Parses an attached file's bytes by its name's type; never throws. */
export function parseAttachment(name: string, bytes: Uint8Array): ColumnTable | StoreError {
  const type = attachmentType(name);
  if (isStoreError(type)) return type;
  try {
    if (type === "arrow") return fromArrow(bytes);
    const text = decode(name, bytes);
    if (isStoreError(text)) return text;
    if (type === "json") return parseJSON(name, text);
    const delimiter = type === "tsv" ? "\t" : ",";
    if (text.trim() === "") return bad(name, `"${name}" is empty`);
    // Arquero reads a blank line as a row of missing values; the check drops them.
    const checked = checkDelimited(name, text, delimiter);
    if (isStoreError(checked)) return checked;
    return fromCSV(checked.text, { delimiter });
  } catch (error) {
    const what = type === "arrow" ? "not a valid Arrow IPC file" : `could not read ${type.toUpperCase()}`;
    return bad(name, `${what}: ${(error as Error).message}`);
  }
}
