/**
 * Every message between `runNotebook` (main thread) and its worker thread, in one file.
 * Values never cross: the worker turns each display value into its text (`textOutput`)
 * at the moment the kernel reports it, and errors cross as plain data.
 */
import type { CellError, CellId, CellSpec, CellStatus } from "../kernel/types";

/** Main → worker, as `workerData`: the cells to run and where attachments are read from. */
export interface RunRequest {
  cells: CellSpec[];
  dataDir: string;
}

/** Worker → main: `ready` once loaded, one message per kernel event the runner keeps, then `idle` once. */
export type RunMessage =
  | { type: "ready" }
  | { type: "status"; cell: CellId; status: CellStatus }
  | { type: "output"; cell: CellId; output: string }
  | { type: "error"; cell: CellId; error: CellError }
  | { type: "idle" }
  | { type: "failed"; message: string };
