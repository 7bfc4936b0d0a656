/**
 * Re-checks a notebook's saved outputs: runs it headless and compares every code cell's
 * fresh text (`textOutput`) with the `// %% output` block saved in the file, numbers within
 * a relative tolerance. `updateOutputs` writes the fresh text back instead, through the
 * document's transactions and `serialize`, so only output blocks change in the file.
 */
import { readFile, writeFile } from "node:fs/promises";
import { apply, tx, type NotebookDoc } from "../notebook/document";
import { isFormatError, parse, serialize, type FormatError } from "../notebook/format";
import { DEFAULT_TOLERANCE, firstDifference, type Difference } from "./compare";
import { runNotebook, type RunError, type RunOptions, type RunResult } from "./run";

/** The verdict on one cell. */
export type CellCheck =
  /** The fresh output matches the saved one (an error matches a saved `error: …` of the same text). */
  | { id: string; status: "match" }
  /** The fresh output differs from the saved one; `difference` is the first differing line. */
  | { id: string; status: "mismatch"; expected: string; actual: string; difference: Difference }
  /** The cell failed or timed out (and its saved output does not expect that error). */
  | { id: string; status: "error"; error: RunError; expected?: string }
  /** The cell has something to show but no saved output yet. */
  | { id: string; status: "new"; actual: string }
  /** Nothing to compare: a Markdown cell that rendered, or a code cell with nothing to show and nothing saved. */
  | { id: string; status: "skip" };

/** The verdict on a notebook. */
export interface CheckReport {
  cells: CellCheck[];
  /** True when no cell is a mismatch or an error (nor `new`, with `strict`). */
  ok: boolean;
  counts: Record<CellCheck["status"], number>;
  timedOut: boolean;
  failure?: string;
  elapsedMs: number;
}

/** Options of the comparison. */
export interface CompareOptions {
  /** Relative tolerance for numbers (default 1e-6), on top of their 6-digit rounding. */
  tolerance?: number;
  /** Count cells without a saved output as failures. */
  strict?: boolean;
}

/** Compares a finished run with the outputs saved in `doc`. */
export function compareRun(doc: NotebookDoc, run: RunResult, options: CompareOptions = {}): CheckReport {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const saved = new Map(doc.cells.map((c) => [c.id, c.output]));
  const cells = run.cells.map((cell): CellCheck => {
    const expected = saved.get(cell.id);
    if (cell.status !== "done") {
      const expectedError = cell.status === "error" && expected !== undefined && cell.output !== undefined && firstDifference(expected, cell.output, tolerance) === null;
      if (expectedError) return { id: cell.id, status: "match" };
      return { id: cell.id, status: "error", error: cell.error!, ...(expected !== undefined ? { expected } : {}) };
    }
    if (cell.kind === "markdown") return { id: cell.id, status: "skip" };
    const actual = cell.output ?? "";
    if (expected === undefined) return actual === "" ? { id: cell.id, status: "skip" } : { id: cell.id, status: "new", actual };
    const difference = firstDifference(expected, actual, tolerance);
    return difference ? { id: cell.id, status: "mismatch", expected, actual, difference } : { id: cell.id, status: "match" };
  });
  const counts = { match: 0, mismatch: 0, error: 0, new: 0, skip: 0 };
  for (const c of cells) counts[c.status]++;
  const ok = counts.mismatch === 0 && counts.error === 0 && !(options.strict && counts.new > 0);
  return { cells, ok, counts, timedOut: run.timedOut, ...(run.failure !== undefined ? { failure: run.failure } : {}), elapsedMs: run.elapsedMs };
}

/**
 * `doc` with each code cell's saved output replaced by its fresh text. Cells that failed or
 * timed out keep what was saved (an error is never recorded as the expected output by
 * accident; write `error: …` by hand to expect one); a cell with nothing to show loses its block.
 */
export function updateOutputs(doc: NotebookDoc, run: RunResult): NotebookDoc {
  let next = doc;
  const byId = new Map(doc.cells.map((c) => [c.id, c]));
  for (const cell of run.cells) {
    const current = byId.get(cell.id);
    if (!current || current.kind !== "code" || cell.status !== "done") continue;
    const output = cell.output === "" ? undefined : cell.output;
    if (output !== current.output) next = apply(next, tx.output(next, cell.id, output));
  }
  return next;
}

/** Options of `checkNotebook` and `checkFile`. */
export interface CheckOptions extends RunOptions, CompareOptions {
  /** Write fresh outputs back (the report still compares with what was saved before). */
  update?: boolean;
}

/** Runs `doc` and compares its saved outputs; with `update`, also returns the updated document. */
export async function checkNotebook(doc: NotebookDoc, options: CheckOptions = {}): Promise<{ report: CheckReport; run: RunResult; updated?: NotebookDoc }> {
  const run = await runNotebook(doc, options);
  const report = compareRun(doc, run, options);
  return options.update ? { report, run, updated: updateOutputs(doc, run) } : { report, run };
}

/** The outcome of `checkFile`: a report (and whether the file was rewritten), or why the file could not be read. */
export type FileCheck = { ok: true; report: CheckReport; run: RunResult; written: boolean } | { ok: false; error: FormatError | { kind: "io"; message: string } };

/** A notebook file as read from disk: its text and document, or why it could not be read. */
export type ReadNotebook = { ok: true; text: string; doc: NotebookDoc } | { ok: false; error: FormatError | { kind: "io"; message: string } };

/** Reads and parses a notebook file (the document's id is its path). */
export async function readNotebookFile(path: string): Promise<ReadNotebook> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return { ok: false, error: { kind: "io", message: `cannot read ${path}: ${(error as Error).message}` } };
  }
  const doc = parse(text, { id: path });
  return isFormatError(doc) ? { ok: false, error: doc } : { ok: true, text, doc };
}

/** Reads a notebook file, checks it, and with `update` writes changed outputs back to it. */
export async function checkFile(path: string, options: CheckOptions = {}): Promise<FileCheck> {
  const read = await readNotebookFile(path);
  if (!read.ok) return read;
  const { text, doc } = read;
  const { report, run, updated } = await checkNotebook(doc, options);
  let written = false;
  if (updated && updated !== doc) {
    const out = serialize(updated);
    if (out !== text) {
      await writeFile(path, out);
      written = true;
    }
  }
  return { ok: true, report, run, written };
}
