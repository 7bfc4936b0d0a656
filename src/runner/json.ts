/**
 * The runner's report for machines (`--json`): per notebook its verdict, and per cell its
 * id, declared names, status, value text, error (kind, message, line, column), duration and
 * console lines.
 */
import type { CellCheck } from "./check";
import type { FileCheck } from "./check";
import type { RunCell, RunError } from "./run";
import type { ConsoleLine } from "../../workers/protocol";

/** One cell as `--json` prints it. */
export interface JsonCell {
  id: string;
  kind: RunCell["kind"];
  names: string[];
  /** How the run ended for the cell. */
  status: RunCell["status"];
  /** How its fresh output compares with the saved one. */
  check: CellCheck["status"];
  /** The output's saved-text form; null for an error or a timeout. */
  value: string | null;
  error: { kind: RunError["kind"]; message: string; line: number | null; column: number | null } | null;
  /** Milliseconds of the cell's last run; null if it never ran. */
  durationMs: number | null;
  /** What the cell logged (level, text, times in a row), and how many lines past the cap were only counted. */
  console: { lines: ConsoleLine[]; omitted: number };
}

/** One notebook as `--json` prints it. */
export interface JsonNotebook {
  file: string;
  /** `pass`/`fail` (or `updated` with `--update`); `unreadable` when the file could not be read or parsed. */
  verdict: "pass" | "fail" | "updated" | "unreadable";
  error?: { kind: string; message: string; line: number | null };
  elapsedMs?: number;
  timedOut?: boolean;
  failure?: string;
  /** Uncaught exceptions and unhandled rejections no cell could be named for. */
  unattributed?: string[];
  /** `--set` names no widget declared. */
  unusedSets?: string[];
  /** Why `--set` values do not fit the widgets declared under their names. */
  badSets?: string[];
  cells: JsonCell[];
}

/** The machine form of one notebook's check; `failed` is the verdict the exit code follows. */
export function jsonNotebook(file: string, result: FileCheck, failed: boolean, update: boolean): JsonNotebook {
  if (!result.ok) {
    const e = result.error;
    return { file, verdict: "unreadable", error: { kind: e.kind, message: e.message, line: "line" in e ? e.line : null }, cells: [] };
  }
  const { report, run } = result;
  const checks = new Map(report.cells.map((c) => [c.id, c.status]));
  return {
    file,
    verdict: failed ? "fail" : update ? "updated" : "pass",
    elapsedMs: round(run.elapsedMs),
    timedOut: run.timedOut,
    ...(run.failure !== undefined ? { failure: run.failure } : {}),
    unattributed: run.unattributed,
    unusedSets: run.unusedSets,
    badSets: run.badSets,
    cells: run.cells.map((cell) => ({
      id: cell.id,
      kind: cell.kind,
      names: cell.names,
      status: cell.status,
      check: checks.get(cell.id) ?? "skip",
      value: cell.status === "done" ? (cell.output ?? "") : null,
      error: cell.error ? errorJson(cell.error) : null,
      durationMs: cell.durationMs === null ? null : round(cell.durationMs),
      console: { lines: cell.console?.lines ?? [], omitted: cell.console?.omitted ?? 0 },
    })),
  };
}

function errorJson(error: RunError): JsonCell["error"] {
  const at = "line" in error && typeof error.line === "number" ? { line: error.line, column: typeof error.column === "number" ? error.column : null } : { line: null, column: null };
  return { kind: error.kind, message: error.message, ...at };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
