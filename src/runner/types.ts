/**
 * `--types`: checks a notebook's code cells with the language service the browser uses
 * (workers/ts/service.ts: the same virtual cell files, cross-cell globals, options and type
 * library), and places each diagnostic in the notebook file as `file:line:col`.
 */
import { fileURLToPath } from "node:url";
import type { NotebookDoc } from "../notebook/document";
import type { FormatError } from "../notebook/format";
import { classify, splitLines, unescapeLine } from "../notebook/formatLines";
import { readNotebookFile } from "./check";
import { cachedTypeLibrary } from "../../workers/ts/library";
import { NotebookService } from "../../workers/ts/service";
import type { CellDiagnostic } from "../../workers/ts/protocol";

/** How type errors count: reported only, or failing the run (exit code 1). */
export type TypesMode = "report" | "strict";

/** One diagnostic placed in the notebook file (1-based line and column). */
export interface FileDiagnostic {
  cell: string;
  line: number;
  column: number;
  severity: CellDiagnostic["severity"];
  message: string;
  code: number;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let service: NotebookService | null = null;

/** The language service, made once per process (building the type library takes seconds the first time). */
export function typeService(): NotebookService {
  return (service ??= new NotebookService(cachedTypeLibrary(ROOT)));
}

/**
 * The 1-based file line of each cell's marker, in document order. `text` must have parsed
 * (so every cell-marker line is a real marker; content that would read as one is escaped).
 */
export function cellMarkerLines(text: string): number[] {
  const lines = splitLines(text.replace(/^\uFEFF+/, ""));
  const markers: number[] = [];
  for (const line of lines) {
    const c = classify(line.text);
    if (c.type === "cell") markers.push(line.number);
    else if (c.type === "attachment" || c.type === "end") break;
  }
  return markers;
}

/** 1-based line and column of `offset` in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

/**
 * The type diagnostics of every code cell of `doc` (read from `text`), in document order,
 * at their place in the file.
 */
export function checkTypes(text: string, doc: NotebookDoc, checker: NotebookService = typeService()): FileDiagnostic[] {
  const markers = cellMarkerLines(text);
  const fileLines = splitLines(text.replace(/^\uFEFF+/, ""));
  const code = doc.cells.flatMap((cell, index) => (cell.kind === "code" ? [{ cell, marker: markers[index]! }] : []));
  checker.update(code.map(({ cell }) => ({ id: cell.id, text: cell.source })));
  const found: FileDiagnostic[] = [];
  for (const { cell, marker } of code) {
    for (const d of checker.cellDiagnostics(cell.id)) {
      const at = lineColumn(cell.source, d.from);
      const line = marker + at.line;
      // A content line that would read as a marker is written with its first `%` doubled.
      const written = fileLines[line - 1]?.text ?? "";
      const shift = written !== unescapeLine(written) && at.column > 3 ? 1 : 0;
      found.push({ cell: cell.id, line, column: at.column + shift, severity: d.severity, message: d.message, code: d.code });
    }
  }
  return found;
}

/** The diagnostics as `file:line:col - error TS2322: message (cell id)`, one per line (continuation lines indented). */
export function formatTypes(file: string, diagnostics: readonly FileDiagnostic[]): string {
  const lines = diagnostics.map((d) => `${file}:${d.line}:${d.column} - ${d.severity} TS${d.code}: ${d.message.replace(/\n/g, "\n    ")} (cell ${d.cell})`);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  lines.push(`types: ${errors} error${errors === 1 ? "" : "s"}${diagnostics.length > errors ? `, ${diagnostics.length - errors} other` : ""} in ${file}`);
  return lines.join("\n");
}

/** The outcome of `checkFileTypes`: the diagnostics, or why the file could not be read. */
export type FileTypes = { ok: true; diagnostics: FileDiagnostic[] } | { ok: false; error: FormatError | { kind: "io"; message: string } };

/** Reads a notebook file and checks its cells' types. */
export async function checkFileTypes(path: string): Promise<FileTypes> {
  const read = await readNotebookFile(path);
  return read.ok ? { ok: true, diagnostics: checkTypes(read.text, read.doc) } : read;
}
