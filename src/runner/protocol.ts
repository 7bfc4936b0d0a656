/**
 * Every message between `runNotebook` (main thread) and its worker thread, in one file.
 * Values never cross: the worker turns each display value into its text (`textOutput`)
 * at the moment the kernel reports it, and errors cross as plain data.
 */
import type { CellError, CellId, CellSpec, CellStatus } from "../kernel/types";
import type { ConsoleLine } from "../../workers/protocol";

/** Main → worker, as `workerData`: the cells to run and where attachments are read from. */
export interface RunRequest {
  cells: CellSpec[];
  dataDir: string;
  /** Widget values by the name that declares the widget (`--set name=value`). */
  set?: Record<string, unknown>;
}

/** Worker → main: `ready` once loaded, one message per kernel event the runner keeps, then `idle` once. */
export type RunMessage =
  | { type: "ready" }
  /** `at` is the worker's clock (ms), for per-cell durations. */
  | { type: "status"; cell: CellId; status: CellStatus; at: number }
  /** The names each cell declares, once the cells are set. */
  | { type: "names"; cell: CellId; names: string[] }
  /** An uncaught exception or unhandled rejection that no cell could be named for. */
  | { type: "unattributed"; message: string }
  | { type: "output"; cell: CellId; output: string }
  | { type: "error"; cell: CellId; error: CellError }
  /** What a cell logged since the last message (merged as the page merges it: `mergeConsole`). */
  | { type: "console"; cell: CellId; reset: boolean; lines: ConsoleLine[]; omitted: number }
  /**
   * Every cell settled and no timer is pending; `unusedSets` are `set` names no widget declared,
   * `badSets` why a `set` value does not fit its widget (runner/setCheck.ts).
   */
  | { type: "idle"; unusedSets: string[]; badSets: string[] }
  | { type: "failed"; message: string };
