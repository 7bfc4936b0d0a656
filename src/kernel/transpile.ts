/**
 * TypeScript → JavaScript for one cell, with sucrase: types are stripped, lines are kept,
 * and a token-level source map (made when first needed) lets runtime errors point at the
 * TypeScript column.
 */
import { transform } from "sucrase";

/** A position in a cell's source: both 1-based, as editors show them. */
export interface Position {
  line: number;
  column: number;
}

/** The JavaScript for a cell, or where its TypeScript fails to parse. */
export type TranspileResult =
  | { ok: true; code: string; toSource: (line: number, column: number) => Position }
  | { ok: false; message: string; line: number; column: number };

/**
 * Strips TypeScript syntax from `source`. `import` statements are kept (even when unused,
 * since a cell may import only to define a name for other cells); `import type` goes.
 * `toSource` maps a 1-based line/column of the JavaScript back into the TypeScript.
 */
export function transpile(source: string): TranspileResult {
  let result;
  try {
    result = transform(source, OPTIONS);
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = String((error as Error).message ?? error).replace(/^Error transforming [^:]*: /, "").replace(/\s*\(\d+:\d+\)$/, "");
    // Sucrase's loc column is already 1-based (its `pos` is the 0-based offset).
    return { ok: false, message, line: loc?.line ?? 1, column: loc?.column ?? 1 };
  }
  return { ok: true, code: result.code, toSource: sourcePositions(source) };
}

/**
 * Maps a 1-based line/column of `source`'s JavaScript (as `transpile` makes it) back into the
 * TypeScript. The source map is made and decoded on the first call: most cells never throw.
 */
export function sourcePositions(source: string): (line: number, column: number) => Position {
  let lines: LineSegments[] | null = null;
  return (line, column) => mapColumn((lines ??= decodeMappings(mappingsOf(source))), line, column);
}

const OPTIONS = { transforms: ["typescript" as const], disableESTransforms: true, keepUnusedImports: true, filePath: "cell.ts" };

/**
 * Loads the transpiler ahead of need. The kernel worker ships it as text compiled on first use
 * (workers/vite-plugins.ts), so its first start does not pay for it; a worker calls this in its
 * idle time, so the first edit (or a restart's recompile) does not pay either.
 */
export function preloadTranspiler(): void {
  try {
    transform("", OPTIONS);
  } catch {
    // A transpiler that fails to load fails again, with its message, on the cell that needs it.
  }
}

/**
 * The source map's mappings of `source`'s transpilation, made again on demand: building one
 * for every cell took about two fifths of the transpiler's time (a 1,000-cell notebook's
 * compile), and the same options give the same code, so the map fits the code compiled.
 */
function mappingsOf(source: string): string {
  try {
    return transform(source, { ...OPTIONS, sourceMapOptions: { compiledFilename: "cell.js" } }).sourceMap?.mappings ?? "";
  } catch {
    return "";
  }
}

/** Per generated line, pairs [generated column, source column] (0-based), ascending. */
type LineSegments = number[][];

function mapColumn(lines: LineSegments[], line: number, column: number): Position {
  // Sucrase keeps every line where it was, so only the column needs the map.
  const segments = lines[line - 1];
  if (!segments || segments.length === 0) return { line, column };
  const col0 = column - 1;
  let best = segments[0];
  for (const segment of segments) {
    if (segment[0] > col0) break;
    best = segment;
  }
  return { line, column: Math.max(0, best[1] + (col0 - best[0] >= 0 ? col0 - best[0] : 0)) + 1 };
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes the VLQ `mappings` of a source map into generated→source column pairs per line. */
function decodeMappings(mappings: string): LineSegments[] {
  const lines: LineSegments[] = [];
  let sourceColumn = 0;
  for (const lineText of mappings.split(";")) {
    const segments: LineSegments = [];
    let generatedColumn = 0;
    for (const segmentText of lineText.split(",")) {
      if (!segmentText) continue;
      const fields = decodeVlq(segmentText);
      generatedColumn += fields[0];
      if (fields.length >= 4) {
        sourceColumn += fields[3];
        segments.push([generatedColumn, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = BASE64.indexOf(text[i]);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
