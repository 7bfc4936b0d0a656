/**
 * Line-level pieces of the notebook file format: splitting text into lines that keep their
 * endings, recognising marker lines, and the comment and escape conventions for content lines.
 */
import type { CellKind, RunMode } from "../kernel/types";

/** One line of a file: its text, its ending ("\n", "\r\n", or "" for an unterminated last line), its 1-based number. */
export interface Line {
  readonly text: string;
  readonly eol: string;
  readonly number: number;
}

/**
 * Splits text into lines, keeping each line's ending so the text can be rebuilt exactly. A
 * line ends with `\n` or `\r\n`; any further `\r` before it belongs to the line's text (so
 * `x\r\r\n` is the line `x\r`), which keeps a `\r` at the end of a cell line in the cell.
 */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r?\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ text: text.slice(start, m.index), eol: m[0], number: lines.length + 1 });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: "", number: lines.length + 1 });
  return lines;
}

/** What a line of the cell area is. */
export type LineClass =
  | { type: "content" }
  | { type: "cell"; kind: CellKind; id?: string; mode: RunMode; hideCode: boolean }
  | { type: "output" }
  | { type: "attachment"; name: string; size: number; omitted: boolean }
  | { type: "end" }
  | { type: "bad"; message: string };

const MARKER = "// %%";

/** True for lines that start a marker (content lines that would look like one are escaped). */
function isMarker(text: string): boolean {
  return text.startsWith(MARKER) && !text.startsWith(MARKER + "%");
}

/** Classifies one line: a cell marker, `// %% output`, `// %% end`, a malformed marker, or content. */
export function classify(text: string): LineClass {
  if (!isMarker(text)) return { type: "content" };
  const rest = text.slice(MARKER.length).trimEnd();
  if (rest === " output") return { type: "output" };
  if (rest === " end") return { type: "end" };
  if (rest.startsWith(" attachment ") || rest === " attachment") return classifyAttachment(rest.slice(" attachment".length));
  const m = /^ \[([^\]]*)\]$/.exec(rest);
  if (!m) return { type: "bad", message: "malformed marker: expected `// %% [code id=…]`, `// %% [markdown id=…]`, `// %% output` or `// %% end`" };
  const [kind, ...attrs] = m[1]!.trim().split(/\s+/);
  if (kind !== "code" && kind !== "markdown") return { type: "bad", message: `unknown cell kind "${kind ?? ""}" (expected code or markdown)` };
  let id: string | undefined;
  let mode: RunMode = "auto";
  let hideCode = false;
  const given = new Set<string>();
  for (const attr of attrs) {
    const eq = attr.indexOf("=");
    const key = eq < 0 ? attr : attr.slice(0, eq);
    const value = attr.slice(eq + 1);
    if (eq < 0) return { type: "bad", message: `malformed cell attribute "${attr}" (expected key=value)` };
    if (given.has(key)) return { type: "bad", message: `cell attribute "${key}" is given more than once in this marker` };
    given.add(key);
    if (key === "id") {
      if (!/^[A-Za-z0-9_-]+$/.test(value)) return { type: "bad", message: `invalid cell id "${value}" (letters, digits, - and _ only)` };
      if (isReservedId(value)) return { type: "bad", message: `cell id "${value}" is reserved (it names a built-in property of every object); choose another id` };
      id = value;
    } else if (key === "mode") {
      if (value !== "auto" && value !== "manual") return { type: "bad", message: `unknown run mode "${value}" (expected auto or manual)` };
      mode = value;
    } else if (key === "hide") {
      if (value !== "code") return { type: "bad", message: `unknown value "${value}" for hide (expected hide=code)` };
      hideCode = true;
    } else {
      return { type: "bad", message: `unknown cell attribute "${key}"` };
    }
  }
  return { type: "cell", kind, ...(id !== undefined ? { id } : {}), mode, hideCode };
}

const ATTACHMENT_FORM = "expected `// %% attachment name=… size=… encoding=base64` (or `omitted=true` instead of `encoding`)";

/** Reads the attributes of an attachment marker (see `fileAttachments.ts`). */
function classifyAttachment(attributes: string): LineClass {
  let name: string | undefined;
  let size: number | undefined;
  let encoding: string | undefined;
  let omitted = false;
  for (const attr of attributes.trim().split(/\s+/).filter((a) => a !== "")) {
    const eq = attr.indexOf("=");
    if (eq < 0) return { type: "bad", message: `malformed attachment attribute "${attr}" (expected key=value)` };
    const key = attr.slice(0, eq);
    const value = attr.slice(eq + 1);
    if (key === "name") {
      try {
        name = decodeURIComponent(value);
      } catch {
        return { type: "bad", message: `unreadable attachment name "${value}" (names are percent-encoded)` };
      }
    } else if (key === "size") {
      if (!/^\d{1,15}$/.test(value)) return { type: "bad", message: `invalid attachment size "${value}" (a number of bytes)` };
      size = Number(value);
    } else if (key === "encoding") {
      if (value !== "base64") return { type: "bad", message: `unknown attachment encoding "${value}" (expected base64)` };
      encoding = value;
    } else if (key === "omitted") {
      if (value !== "true") return { type: "bad", message: `invalid value "${value}" for omitted (expected true)` };
      omitted = true;
    } else {
      return { type: "bad", message: `unknown attachment attribute "${key}"` };
    }
  }
  if (name === undefined || size === undefined) return { type: "bad", message: `an attachment needs a name and a size: ${ATTACHMENT_FORM}` };
  if (omitted === (encoding !== undefined)) return { type: "bad", message: `an attachment is either included (encoding=base64) or omitted (omitted=true): ${ATTACHMENT_FORM}` };
  return { type: "attachment", name, size, omitted };
}

/**
 * True for ids that name a property every object has (`__proto__`, `constructor`,
 * `hasOwnProperty`, …) or `prototype`: used as keys of plain records they would reach the
 * object's prototype instead of a cell, so the file format refuses them.
 */
export function isReservedId(id: string): boolean {
  return id === "prototype" || id in Object.prototype;
}

/** Escapes a content line that would read as a marker by doubling its first `%`. */
export function escapeLine(text: string): string {
  return text.startsWith(MARKER) ? "// %" + text.slice(3) : text;
}

/** Undoes `escapeLine`. */
export function unescapeLine(text: string): string {
  return text.startsWith(MARKER + "%") ? "// " + text.slice(4) : text;
}

/** Writes a Markdown or output line as a comment line. */
export function comment(text: string): string {
  return text === "" ? "//" : `// ${text}`;
}

/** Reads a comment line back (`//` and one optional space removed); an empty line reads as empty; anything else is undefined. */
export function uncomment(text: string): string | undefined {
  if (text === "") return "";
  if (!text.startsWith("//")) return undefined;
  return text.startsWith("// ") ? text.slice(3) : text.slice(2);
}
