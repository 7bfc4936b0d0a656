/**
 * A cell's source → a function of its free names returning `[display, ...declared]`.
 * Synchronous cells become plain functions so a chain of them runs without promises;
 * cells with top-level `await` become async functions. Each function carries a
 * `//# sourceURL` so a runtime error's stack can be mapped back to the TypeScript.
 */
import { analyze, type Analysis, type Assignment } from "./analyze";
import { markdownToTemplate } from "./markdown";
import { precompiled } from "./precompiled";
import { sourcePositions, transpile, type Position } from "./transpile";
import type { CellKind } from "./types";

/** Name of the hidden parameter through which rewritten `import`s reach the module registry. */
export const IMPORT_PARAM = "__caravan_import__";
const DISPLAY = "__caravan_display__";

/** Looks up `imported` ("default", "*" or an export name) of module `source`; throws if unknown. */
export type ImportFunction = (source: string, imported: string) => unknown;

/** A compiled cell: its dataflow facts and its body as a function. */
export interface CompiledCell {
  /** Names declared at top level, in order; the function returns their values after the display. */
  declares: string[];
  /** Free names, in the function's parameter order (then IMPORT_PARAM when `usesImport`). */
  references: string[];
  usesImport: boolean;
  /** Free names the cell assigns to, each at its first assignment (1-based, in the TypeScript). */
  assigns: Assignment[];
  /** True when the body uses top-level await: `body` then returns a promise. */
  async: boolean;
  /** True when the last statement is an expression (returned first); else the first slot is undefined. */
  hasDisplay: boolean;
  body: (...args: unknown[]) => unknown[] | Promise<unknown[]>;
  /** The `//# sourceURL` the body's stack frames carry. */
  url: string;
  /** Where in the cell's source `error` was thrown, if its stack passes through this cell. */
  locate(error: unknown): Position | null;
}

/** A compiled cell, or a syntax error at a 1-based line and column of the source. */
export type CompileResult = { ok: true; cell: CompiledCell } | { ok: false; message: string; line: number; column: number };

let counter = 0;

/** Compiles one cell (`code`: TypeScript; `markdown`: text with `${expr}` interpolation). */
export function compile(source: string, kind: CellKind = "code"): CompileResult {
  let typescript = source;
  if (kind === "markdown") {
    const template = markdownToTemplate(source);
    if (!template.ok) return template;
    typescript = template.source;
  }
  const early = precompiled(typescript);
  let js: { code: string; toSource: (line: number, column: number) => Position };
  let a: Analysis;
  if (early) {
    // Made by the build from this very text; the source map is made only to place an error.
    js = { code: early.js, toSource: sourcePositions(typescript) };
    // A copy: the kernel may keep and change what a compile returns.
    a = structuredClone(early.analysis);
  } else {
    const transpiled = transpile(typescript);
    if (!transpiled.ok) return transpiled;
    js = transpiled;
    const analysed = analyze(js.code);
    if (!analysed.ok) {
      const at = js.toSource(analysed.line, analysed.column);
      return { ok: false, message: analysed.message, line: at.line, column: at.column };
    }
    a = analysed.analysis;
  }
  const edits = rewrites(js.code, a);
  const body = applyEdits(js.code, edits);
  const url = `caravan-cell-${++counter}.js`;
  const tail = `\n;var ${DISPLAY}; return [${DISPLAY}${a.declares.map((name) => ", " + name).join("")}];\n//# sourceURL=${url}`;
  const params = a.imports.length > 0 ? [...a.references, IMPORT_PARAM] : a.references;
  let fn: CompiledCell["body"];
  try {
    const Ctor = a.hasAwait ? AsyncFunction : Function;
    fn = new Ctor(...params, body + tail) as CompiledCell["body"];
  } catch (error) {
    // The parse above accepted it, so this is a construct only the function wrapper rejects.
    return { ok: false, message: String((error as Error).message), line: 1, column: 1 };
  }
  // Line tables are built on the first error, not for every compiled cell.
  let generatedLines: number[] | null = null;
  let transpiledLines: number[] | null = null;
  const header = a.hasAwait ? HEADER.async : HEADER.sync;
  return {
    ok: true,
    cell: {
      declares: a.declares,
      references: a.references,
      assigns: a.assigns.map((x) => ({ name: x.name, ...js.toSource(x.line, x.column) })),
      usesImport: a.imports.length > 0,
      async: a.hasAwait,
      hasDisplay: a.lastExpression !== null,
      body: fn,
      url,
      locate(error) {
        const frame = stackPosition(error, url);
        if (!frame) return null;
        const line = frame.line - header;
        generatedLines ??= lineStarts(body);
        transpiledLines ??= lineStarts(js.code);
        if (line < 1 || line > generatedLines.length) return null;
        const offset = mapBack(edits, generatedLines[line - 1] + frame.column - 1);
        const at = toLineColumn(transpiledLines, offset);
        const source = js.toSource(at.line, at.column);
        // A markdown cell's line 1 starts with the template literal's opening backtick.
        if (kind === "markdown" && source.line === 1) source.column = Math.max(1, source.column - 1);
        return source;
      },
    },
  };
}

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as FunctionConstructor;

/** A replacement of `[start, end)` of the transpiled code by `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

function rewrites(code: string, a: Analysis): Edit[] {
  const edits: Edit[] = [];
  for (const imported of a.imports) {
    // Same number of lines as the import it replaces, so later lines keep their numbers.
    const newlines = "\n".repeat(code.slice(imported.start, imported.end).split("\n").length - 1);
    const consts = imported.bindings
      .map((b) => `const ${b.local} = ${IMPORT_PARAM}(${JSON.stringify(b.source)}, ${JSON.stringify(b.imported)});`)
      .join(" ");
    edits.push({ start: imported.start, end: imported.end, text: consts + newlines });
  }
  // Spaces in place of `export ` keep every column where it was.
  for (const e of a.exports) edits.push({ start: e.start, end: e.end, text: " ".repeat(e.end - e.start) });
  if (a.lastExpression) {
    // `(0, …)` keeps an anonymous function or class from taking the hidden variable's name.
    edits.push({ start: a.lastExpression.start, end: a.lastExpression.start, text: `${DISPLAY} = (0, ` });
    edits.push({ start: a.lastExpression.end, end: a.lastExpression.end, text: ")" });
  }
  return edits.sort((x, y) => x.start - y.start || x.end - y.end);
}

function applyEdits(code: string, edits: Edit[]): string {
  let out = "";
  let at = 0;
  for (const edit of edits) {
    out += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + code.slice(at);
}

/** Maps an offset in the edited code back to the transpiled code (inside an edit: its start). */
function mapBack(edits: Edit[], offset: number): number {
  let delta = 0;
  for (const edit of edits) {
    const genStart = edit.start + delta;
    const genEnd = genStart + edit.text.length;
    if (offset < genStart) break;
    if (offset < genEnd) return edit.start;
    delta += edit.text.length - (edit.end - edit.start);
  }
  return offset - delta;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function toLineColumn(starts: number[], offset: number): Position {
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line: line + 1, column: offset - starts[line] + 1 };
}

/** The first `url:line:column` frame of `error`'s stack (V8 and SpiderMonkey formats). */
function stackPosition(error: unknown, url: string): Position | null {
  const stack = typeof error === "object" && error !== null ? (error as { stack?: unknown }).stack : undefined;
  if (typeof stack !== "string") return null;
  const at = stack.indexOf(url + ":");
  if (at < 0) return null;
  const match = /^:(\d+):(\d+)/.exec(stack.slice(at + url.length));
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
}

/**
 * Lines the engine's function wrapper adds before the body (`function anonymous(…\n) {\n`),
 * measured once rather than assumed, since engines differ.
 */
const HEADER = { sync: measureHeader(Function), async: measureHeader(AsyncFunction) };

function measureHeader(Ctor: FunctionConstructor): number {
  const url = "caravan-header-probe.js";
  let probe: unknown;
  // The error is handed out synchronously, so an async wrapper can be measured too.
  (new Ctor("report", `report(new Error("probe"));\n//# sourceURL=${url}`) as (report: (e: unknown) => void) => unknown)((e) => (probe = e));
  const frame = stackPosition(probe, url);
  return frame ? frame.line - 1 : 2;
}
