/**
 * The plain-text notebook file: a TypeScript file whose cells are marked by comment lines,
 * so notebooks diff like code and a reviewer can read them without Caravan.
 *
 *     // caravan: 1
 *     // title: Tariff pass-through
 *
 *     // %% [markdown id=intro]
 *     // # A heading
 *
 *     // %% [code id=rate mode=manual hide=code]
 *     const rate = 0.1;
 *     // %% output
 *     // 0.1
 *
 *     // %% end
 *
 * `parse` never throws: it returns a document or a `FormatError` naming the line. Whatever
 * in a file differs from what `serialize` would write is kept in `doc.layout`, so saving an
 * unchanged file reproduces it byte for byte and an edit rewrites only the edited cell's block.
 * Full description: `FORMAT.md` beside this file.
 */
import type { Cell, FileLayout, NotebookDoc, NotebookView, RawBlock } from "./document";
import { newCellId } from "./document";
import { attachmentNameProblem, fromBase64, renderAttachment, type CarriedAttachment } from "./fileAttachments";
import { classify, comment, escapeLine, splitLines, uncomment, unescapeLine, type Line } from "./formatLines";
import { formatCount, LIMITS, type Limits } from "./limits";

/** The format version this build reads and writes. */
export const FORMAT_VERSION = 1;

/** Why a file could not be read; `line` is 1-based. */
export interface FormatError {
  readonly kind: "format";
  readonly line: number;
  readonly message: string;
}

/** Tells a parse result that is an error from a document. */
export function isFormatError(value: unknown): value is FormatError {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "format";
}

const fail = (line: number, message: string): FormatError => ({ kind: "format", line, message });

interface Pending {
  kind: Cell["kind"];
  id?: string;
  mode: Cell["mode"];
  hideCode: boolean;
  marker: number;
  start: number;
  code: Line[];
  output?: Line[];
  /** Characters read into this cell so far (checked against the cell length limit as lines arrive). */
  chars: number;
}

interface PendingAttachment {
  name: string;
  size: number;
  omitted: boolean;
  marker: number;
  data: Line[];
  /** Base64 characters read so far (checked against what `size` bytes need as lines arrive). */
  chars: number;
}

/** Options of `parse`: the document's id, and tighter limits (tests). */
export type ParseOptions = { id?: string; limits?: Partial<Pick<Limits, "cells" | "cellChars" | "attachments" | "attachmentBytes">> };

/** A notebook file read whole: the document and the data files it carries (see `fileAttachments.ts`). */
export interface ParsedFile {
  readonly doc: NotebookDoc;
  readonly attachments: readonly CarriedAttachment[];
}

/**
 * Reads a notebook file. `options.id` names the document (a fresh id otherwise). The number
 * of cells and each cell's length are checked while reading (`LIMITS`, or `options.limits`),
 * so an oversized file stops at the limit with an error naming it. Attachment sections are
 * checked but not returned: use `parseFile` to get them.
 */
export function parse(text: string, options: ParseOptions = {}): NotebookDoc | FormatError {
  const file = parseFile(text, options);
  return isFormatError(file) ? file : file.doc;
}

/** Something that reads a notebook file's text as `parseFile` does, now or later (in a worker). */
export type FileParser = (text: string) => ParsedFile | FormatError | Promise<ParsedFile | FormatError>;

/**
 * Reads a notebook file with the data files it carries. Each attachment's declared size is
 * checked against `LIMITS.attachmentBytes` at its marker and its base64 as lines arrive, so
 * an oversized section stops at the limit; the decoded bytes must match the declared size.
 */
export function parseFile(text: string, options: ParseOptions = {}): ParsedFile | FormatError {
  const maxCells = options.limits?.cells ?? LIMITS.cells;
  const maxChars = options.limits?.cellChars ?? LIMITS.cellChars;
  const maxAttachments = options.limits?.attachments ?? LIMITS.attachments;
  const maxBytes = options.limits?.attachmentBytes ?? LIMITS.attachmentBytes;
  // Byte-order marks (an editor may have added more than one) are counted and written back.
  let boms = 0;
  while (text.charCodeAt(boms) === 0xfeff) boms++;
  const body = text.slice(boms);
  if (body.trim() === "") return fail(1, "the file is empty");
  const lines = splitLines(body);
  const eol: FileLayout["eol"] = lines[0]!.eol.endsWith("\r\n") ? "\r\n" : "\n";

  const version = /^\/\/ caravan:\s*(\S*)\s*$/.exec(lines[0]!.text);
  if (!version) return fail(1, "not a Caravan notebook: the first line should be `// caravan: 1`");
  if (!/^\d+$/.test(version[1]!)) return fail(1, `unreadable format version "${version[1]}"`);
  const format = Number(version[1]);
  // The version is quoted as written (a huge or zero-padded number stays recognisable).
  if (format > FORMAT_VERSION) return fail(1, `this file was written by a newer Caravan (format ${version[1]}); this version reads format ${FORMAT_VERSION}`);
  if (format < 1) return fail(1, `unknown format version ${version[1]}`);

  // The header runs to the first marker line; it holds `// key: value` pairs and comments.
  let title = "Untitled";
  let view: NotebookView | undefined;
  // Where the title and view lines are: each may be given once.
  const given = new Map<string, number>();
  let i = 1;
  for (; i < lines.length && classify(lines[i]!.text).type === "content"; i++) {
    const t = lines[i]!.text;
    if (t.trim() === "") continue;
    const pair = headerPair(t);
    if (pair && (pair.key === "title" || pair.key === "view")) {
      const first = given.get(pair.key);
      if (first !== undefined) return fail(i + 1, `a second \`// ${pair.key}:\` line: the ${pair.key} is already given on line ${first}; keep one of them`);
      given.set(pair.key, i + 1);
    }
    if (pair && pair.key === "title") title = oneLine(pair.value.startsWith(" ") ? pair.value.slice(1) : pair.value);
    else if (pair && pair.key === "view") {
      const value = pair.value.trim();
      // Only `reader` is a view; `edit` (or nothing) is the default editor.
      if (value === "reader") view = "reader";
      else if (value !== "edit" && value !== "") return fail(i + 1, `unknown view "${value}" (expected reader or edit)`);
    }
    else if (!t.startsWith("//")) return fail(i + 1, "expected a cell marker such as `// %% [code]` before any code");
  }
  const headerEnd = i;

  const pending: Pending[] = [];
  const seen = new Map<string, number>();
  let current: Pending | undefined;
  const carried: PendingAttachment[] = [];
  const names = new Map<string, number>();
  let attachment: PendingAttachment | undefined;
  // Where the cells stop: the first attachment marker, else the end marker.
  let cellsEnd = -1;
  let end = -1;
  for (; i < lines.length && end < 0; i++) {
    const c = classify(lines[i]!.text);
    const n = i + 1;
    if (attachment && c.type === "content") {
      // Attachments are rewritten canonically, so a stray `\r` before a line's end is ignored.
      const t = lines[i]!.text.replace(/\r+$/, "");
      if (t === "") continue;
      if (!t.startsWith("// ")) return fail(n, "attachment lines must start with // followed by base64");
      attachment.data.push({ ...lines[i]!, text: t });
      attachment.chars += t.length - 3;
      if (attachment.omitted) return fail(n, `attachment "${attachment.name}" is marked omitted=true but holds data`);
      if (attachment.chars > 4 * Math.ceil(attachment.size / 3)) return fail(n, `attachment "${attachment.name}" holds more data than its size (${formatCount(attachment.size)} bytes)`);
      continue;
    }
    if (attachment && (c.type === "cell" || c.type === "output")) return fail(n, "cells must come before the attachment sections");
    switch (c.type) {
      case "content":
        if (!current) return fail(n, "expected a cell marker");
        current.chars += lines[i]!.text.length + 1;
        if (current.chars > maxChars) return fail(current.marker, `this cell is longer than ${formatCount(maxChars)} characters, the most a cell may hold`);
        (current.output ?? current.code).push(lines[i]!);
        break;
      case "bad":
        return fail(n, c.message);
      case "output":
        if (!current || current.kind !== "code") return fail(n, "`// %% output` must follow a code cell");
        if (current.output) return fail(n, "a cell has at most one `// %% output` block");
        current.output = [];
        break;
      case "attachment": {
        if (current) pending.push(current);
        current = undefined;
        if (cellsEnd < 0) cellsEnd = i;
        if (attachment) carried.push(attachment);
        if (carried.length >= maxAttachments) return fail(n, `more than ${formatCount(maxAttachments)} attachments: a notebook may carry at most ${formatCount(maxAttachments)}`);
        const problem = attachmentNameProblem(c.name);
        if (problem) return fail(n, problem);
        const first = names.get(c.name);
        if (first !== undefined) return fail(n, `attachment "${c.name}" is already carried on line ${first}`);
        names.set(c.name, n);
        if (c.size > maxBytes) return fail(n, `attachment "${c.name}" is ${formatCount(c.size)} bytes, more than the ${formatCount(maxBytes)} an attachment may hold`);
        attachment = { name: c.name, size: c.size, omitted: c.omitted, marker: n, data: [], chars: 0 };
        break;
      }
      case "cell":
      case "end": {
        if (current) pending.push(current);
        if (c.type === "end") {
          if (attachment) carried.push(attachment);
          if (cellsEnd < 0) cellsEnd = i;
          end = i;
          break;
        }
        if (pending.length >= maxCells) return fail(n, `more than ${formatCount(maxCells)} cells: a notebook may hold at most ${formatCount(maxCells)}`);
        if (c.id !== undefined) {
          const first = seen.get(c.id);
          if (first !== undefined) return fail(n, `cell id "${c.id}" is already used on line ${first}`);
          seen.set(c.id, n);
        }
        current = { kind: c.kind, id: c.id, mode: c.mode, hideCode: c.hideCode, marker: n, start: i, code: [], chars: 0 };
        break;
      }
      default: {
        const never: never = c;
        return never;
      }
    }
  }
  if (end < 0) return fail(lines.length, "the file ends without `// %% end`: it may be truncated");
  for (let k = end + 1; k < lines.length; k++) {
    if (lines[k]!.text.trim() === "") continue;
    // Markers after the end mean this `// %% end` was most likely a line of a cell (in a template literal, say).
    const later = lines.findIndex((l, at) => at >= k && classify(l.text).type !== "content");
    if (later >= 0) return fail(end + 1, `text after \`// %% end\`, with marker lines following it (line ${later + 1}): if this \`// %% end\` is inside a cell, escape it as \`// %%% end\`, as Caravan does when it writes the file`);
    return fail(k + 1, "text after `// %% end`");
  }

  const cells: Cell[] = [];
  // Keyed by cell id: no prototype, so no id can reach Object.prototype.
  const blocks: Record<string, RawBlock> = Object.create(null) as Record<string, RawBlock>;
  let canonical = true;
  for (let p = 0; p < pending.length; p++) {
    const cell = pending[p]!;
    const stop = p + 1 < pending.length ? pending[p + 1]!.start : cellsEnd;
    // One blank line before the next marker separates blocks; it is not part of the cell.
    const last = cell.output ?? cell.code;
    if (last.length > 0 && last[last.length - 1]!.text === "") last.pop();
    const built = buildCell(cell, seen);
    if (isFormatError(built)) return built;
    cells.push(built);
    const raw = joinLines(lines, cell.start, stop);
    if (raw !== renderBlock(built, eol)) {
      blocks[built.id] = {
        raw,
        kind: built.kind,
        mode: built.mode,
        source: built.source,
        ...(built.output !== undefined ? { output: built.output } : {}),
        ...(built.hideCode ? { hideCode: true as const } : {}),
      };
      canonical = false;
    }
  }

  const headerRaw = joinLines(lines, 0, headerEnd);
  const tailRaw = joinLines(lines, end, lines.length);
  const layout: { -readonly [K in keyof FileLayout]: FileLayout[K] } = { eol };
  if (boms === 1) layout.bom = true;
  else if (boms > 1) layout.bom = boms;
  if (headerRaw !== renderHeader(title, view, eol)) layout.header = { raw: headerRaw, title, ...(view ? { view } : {}) };
  if (tailRaw !== renderTail(eol)) layout.tail = tailRaw;
  if (!canonical) layout.cells = blocks;
  const plain = eol === "\n" && boms === 0 && !layout.header && !layout.tail && canonical;
  const attachments: CarriedAttachment[] = [];
  for (const a of carried) {
    const read = readAttachment(a);
    if (isFormatError(read)) return read;
    attachments.push(read);
  }
  return { doc: { id: options.id ?? newCellId(), title, cells, revision: 0, ...(view ? { view } : {}), ...(plain ? {} : { layout }) }, attachments };
}

function readAttachment(a: PendingAttachment): CarriedAttachment | FormatError {
  if (a.omitted) return { name: a.name, size: a.size };
  const bytes = fromBase64(a.data.map((l) => l.text.slice(3)).join(""));
  if (!bytes) return fail(a.marker, `attachment "${a.name}" is damaged: its data is not base64`);
  if (bytes.byteLength !== a.size) return fail(a.marker, `attachment "${a.name}" holds ${formatCount(bytes.byteLength)} bytes, not the ${formatCount(a.size)} its marker says: the file may be truncated`);
  return { name: a.name, size: a.size, bytes };
}

function buildCell(p: Pending, seen: Map<string, number>): Cell | FormatError {
  const unescape = (ls: Line[]) => ls.map((l) => unescapeLine(l.text));
  let source: string;
  if (p.kind === "code") source = unescape(p.code).join("\n");
  else {
    const md = uncommentAll(p.code, "markdown lines must start with //");
    if (isFormatError(md)) return md;
    source = md;
  }
  let output: string | undefined;
  if (p.output) {
    const out = uncommentAll(p.output, "output lines must start with //");
    if (isFormatError(out)) return out;
    output = out;
  }
  let id = p.id;
  if (id === undefined) {
    // A cell without an id gets one from its line, stable for the same file.
    id = `L${p.marker}`;
    while (seen.has(id)) id += "x";
    seen.set(id, p.marker);
  }
  return { id, kind: p.kind, source, mode: p.mode, ...(output !== undefined ? { output } : {}), ...(p.hideCode ? { hideCode: true as const } : {}) };
}

function uncommentAll(ls: Line[], message: string): string | FormatError {
  const out: string[] = [];
  for (const l of ls) {
    const text = uncomment(unescapeLine(l.text));
    if (text === undefined) return fail(l.number, message);
    out.push(text);
  }
  return out.join("\n");
}

function joinLines(lines: readonly Line[], from: number, to: number): string {
  let s = "";
  for (let k = from; k < to; k++) s += lines[k]!.text + lines[k]!.eol;
  return s;
}

function textLines(text: string): string[] {
  return text === "" ? [] : text.split("\n");
}

/** A header line's `key` and what follows its colon, or undefined for other lines. */
function headerPair(text: string): { key: string; value: string } | undefined {
  // `s`: a value may hold `\r`, U+2028 or U+2029, which `.` alone would not match.
  const pair = /^\/\/ ?([A-Za-z][\w-]*):(.*)$/s.exec(text);
  return pair ? { key: pair[1]!, value: pair[2]! } : undefined;
}

/**
 * A title is one line: each run of line breaks (`\r`, `\n`) and line or paragraph separators
 * (U+2028, U+2029) becomes one space, both when a title is written and when it is read.
 */
function oneLine(title: string): string {
  return title.replace(/[\r\n\u2028\u2029]+/g, " ");
}

function renderHeader(title: string, view: NotebookView | undefined, eol: string): string {
  const viewLine = view ? `// view: ${view}${eol}` : "";
  return `// caravan: ${FORMAT_VERSION}${eol}// title: ${oneLine(title)}${eol}${viewLine}${eol}`;
}

function renderTail(eol: string): string {
  return `// %% end${eol}`;
}

/** The canonical text of one cell's block: marker, content, optional output, blank line. */
export function renderBlock(cell: Cell, eol: string = "\n"): string {
  const attrs = [cell.kind, `id=${cell.id}`, ...(cell.mode === "auto" ? [] : [`mode=${cell.mode}`]), ...(cell.hideCode ? ["hide=code"] : [])];
  const out = [`// %% [${attrs.join(" ")}]`];
  if (cell.kind === "code") {
    out.push(...textLines(cell.source).map(escapeLine));
    if (cell.output !== undefined) out.push("// %% output", ...textLines(cell.output).map((l) => escapeLine(comment(l))));
  } else {
    out.push(...textLines(cell.source).map((l) => escapeLine(comment(l))));
  }
  out.push("");
  // A line ending in `\r` is ended by `\r\n` (even in a `\n` file): parse takes only that last `\r\n` as the line's end, so the `\r` stays in the cell.
  return out.map((l) => l + (l.endsWith("\r") ? "\r\n" : eol)).join("");
}

function sameCell(block: RawBlock, cell: Cell): boolean {
  return (
    block.kind === cell.kind &&
    block.mode === cell.mode &&
    block.source === cell.source &&
    block.hideCode === cell.hideCode &&
    (cell.kind !== "code" || block.output === cell.output)
  );
}

function header(doc: NotebookDoc, eol: string): string {
  const kept = doc.layout?.header;
  if (!kept) return renderHeader(doc.title, doc.view, eol);
  let raw = kept.raw;
  // A new title or view rewrites only its own line, keeping other header lines as they were.
  if (kept.title !== doc.title) raw = setHeaderLine(raw, "title", `// title: ${oneLine(doc.title)}`, eol);
  if (kept.view !== doc.view) raw = setHeaderLine(raw, "view", doc.view ? `// view: ${doc.view}` : undefined, eol);
  return raw;
}

/** Replaces the header's `key` line by `line` (or removes it); a missing line goes after the title line, else after the version line. */
function setHeaderLine(raw: string, key: string, line: string | undefined, eol: string): string {
  // Line by line, as parse reads the header: a value may hold `\r`, U+2028 or U+2029.
  const lines = splitLines(raw);
  const at = (k: string) => lines.findIndex((l, n) => n > 0 && headerPair(l.text)?.key === k);
  const text = (ls: readonly Line[]) => ls.map((l) => l.text + l.eol).join("");
  const found = at(key);
  if (found >= 0) {
    const old = lines[found]!;
    return text(lines.slice(0, found)) + (line === undefined ? "" : line + old.eol) + text(lines.slice(found + 1));
  }
  if (line === undefined) return raw;
  const after = Math.max(at("title"), 0) + 1;
  return text(lines.slice(0, after)) + line + eol + text(lines.slice(after));
}

/**
 * Writes a notebook file, with `attachments` as sections after the cells (written in the
 * canonical form of `fileAttachments.ts`). For a document read by `parse` and not changed,
 * the text is identical; a file read by `parseFile` comes back identical when written with
 * its attachments, if they were written canonically.
 */
export function serialize(doc: NotebookDoc, attachments: readonly CarriedAttachment[] = []): string {
  const layout = doc.layout;
  const eol = layout?.eol ?? "\n";
  let text = "\uFEFF".repeat(layout?.bom === true ? 1 : layout?.bom || 0) + header(doc, eol);
  const blocks = layout?.cells;
  for (const cell of doc.cells) {
    // Own properties only: a stored layout comes back from IndexedDB with a prototype.
    const block = blocks && Object.hasOwn(blocks, cell.id) ? blocks[cell.id] : undefined;
    text += block && sameCell(block, cell) ? block.raw : renderBlock(cell, eol);
  }
  for (const a of attachments) text += renderAttachment(a, eol);
  return text + (layout?.tail ?? renderTail(eol));
}
