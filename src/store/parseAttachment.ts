/**
 * Parses an attached data file into an Arquero table (in the kernel worker), with errors
 * that say what is wrong and where: Arquero itself accepts ragged CSV rows silently, so
 * delimited text is checked first and a bad row is reported with its line number.
 */
import { fromArrow, fromCSV, fromJSON, type ColumnTable } from "arquero";
import { attachmentType } from "./attachments";
import { isStoreError, type StoreError } from "./errors";

const bad = (name: string, message: string, line?: number): StoreError => ({ kind: "attachment", name, message, ...(line !== undefined ? { line } : {}) });

/** Options of Arquero's `fromCSV` that change which lines are rows. */
export interface DelimitedOptions {
  /** Lines (physical lines of the file) skipped before the header, as Arquero's `skip`. */
  skip?: number;
  /** Lines starting with this prefix are ignored, as Arquero's `comment`. */
  comment?: string;
  /** False when the first row is data, not column names (Arquero's `header`). */
  header?: boolean;
}

/** Names that would clash with Object.prototype in Arquero's column lookups. */
const reservedNames = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The values of a header record (already checked for well-formed quoting). */
function splitRecord(record: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  let atFieldStart = true;
  for (let i = 0; i < record.length; i++) {
    const c = record[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (record[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (c === delimiter) {
      out.push(field);
      field = "";
      atFieldStart = true;
    } else if (c === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else {
      field += c;
      atFieldStart = false;
    }
  }
  out.push(field);
  return out;
}

/** Why a header's column names cannot name the table's columns, if they cannot. */
function checkHeader(name: string, names: string[], line: number): StoreError | undefined {
  const seen = new Map<string, number>();
  for (const [i, column] of names.entries()) {
    const position = i + 1;
    if (column === "") return bad(name, `line ${line}: column ${position} has no name; give every column a name in the header`, line);
    if (reservedNames.has(column)) {
      return bad(name, `line ${line}: column ${position} is named "${column}", which cannot be used as a column name; rename the column`, line);
    }
    const first = seen.get(column);
    if (first !== undefined) {
      return bad(name, `line ${line}: columns ${first} and ${position} are both named "${column}"; column names must be unique, rename one of them`, line);
    }
    seen.set(column, position);
  }
  return undefined;
}

/**
 * Checks delimited text record by record (RFC 4180 quoting: quoted fields may hold
 * delimiters, doubled quotes and line breaks; nothing may follow a closing quote but a
 * delimiter or the end of the record). Every record must have as many fields as the
 * header, and the header's names must be usable column names (non-empty, unique, not an
 * Object.prototype property). `skip` and `comment` are honoured as Arquero does; line
 * numbers are those of the original text. Returns the text without its skipped, comment
 * and blank lines, with the number of data rows in it, or the first problem.
 */
export function checkDelimited(
  name: string,
  text: string,
  delimiter: string,
  options: DelimitedOptions = {},
): { text: string; rows: number } | StoreError {
  const header = options.header !== false;
  const comment = options.comment ? String(options.comment) : undefined;
  let kept = "";
  let records = 0;
  let recordStart = 0;
  let line = 1;
  let recordLine = 1;
  let fields = 1;
  let empty = true;
  let atFieldStart = true;
  let afterQuote = false;
  let quoted = false;
  let quoteLine = 0;
  let expected: number | undefined;
  /** The index of the first line break at or after `from`, or the text's length. */
  const lineEnd = (from: number): number => {
    for (let j = from; j < text.length; j++) if (text[j] === "\n" || text[j] === "\r") return j;
    return text.length;
  };
  let start = 0;
  for (let skipped = 0, skip = Math.max(0, Math.ceil(Number(options.skip) || 0)); skipped < skip && start < text.length; skipped++) {
    start = lineEnd(start);
    if (start >= text.length) break;
    start += text[start] === "\r" && text[start + 1] === "\n" ? 2 : 1;
    line++;
  }
  recordStart = start;
  recordLine = line;
  const endRecord = (end: number): StoreError | undefined => {
    if (!empty) {
      const record = text.slice(recordStart, end);
      kept += record + "\n";
      records++;
      if (expected === undefined) {
        expected = fields;
        if (header) {
          const error = checkHeader(name, splitRecord(record, delimiter), recordLine);
          if (error) return error;
        }
      } else if (fields !== expected) return bad(name, `line ${recordLine}: row has ${fields} field${fields === 1 ? "" : "s"}; the header has ${expected}`, recordLine);
    }
    fields = 1;
    empty = true;
    atFieldStart = true;
    afterQuote = false;
    return undefined;
  };
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else {
          quoted = false;
          afterQuote = true;
        }
      } else if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
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
    if (empty && comment !== undefined && i === recordStart && text.startsWith(comment, i)) {
      // A comment line: jump to its line break, which ends an empty record.
      i = lineEnd(i) - 1;
      continue;
    }
    empty = false;
    if (c === delimiter) {
      fields++;
      atFieldStart = true;
      afterQuote = false;
    } else if (afterQuote) {
      return bad(name, `line ${line}: text follows the closing quote of a quoted field; quote the whole field (and double any quotes inside it)`, line);
    } else if (c === '"' && atFieldStart) {
      quoted = true;
      quoteLine = line;
      atFieldStart = false;
    } else atFieldStart = false;
  }
  if (quoted) return bad(name, `line ${quoteLine}: a quoted field starts here and is never closed`, quoteLine);
  return endRecord(text.length) ?? { text: kept, rows: header ? Math.max(0, records - 1) : records };
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
    // Type inference sees every row (Arquero's default looks at the first 1,000 only, and
    // would turn a later value that does not fit the guessed type into a missing value).
    return fromCSV(checked.text, { delimiter, autoMax: Math.max(1, checked.rows) });
  } catch (error) {
    const what = type === "arrow" ? "not a valid Arrow IPC file" : `could not read ${type.toUpperCase()}`;
    return bad(name, `${what}: ${(error as Error).message}`);
  }
}
