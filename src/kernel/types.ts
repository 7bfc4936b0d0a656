/**
 * The kernel's public data types. Everything here is plain data that survives
 * structured cloning, so the same values cross the worker and sandbox boundaries.
 */

/** Identifier of a cell, stable across edits (the document assigns it). */
export type CellId = string;

/** A code cell holds TypeScript; a markdown cell holds Markdown with `${expr}` interpolation. */
export type CellKind = "code" | "markdown";

/** `auto` cells re-run when their inputs change; `manual` cells only when asked (marimo's lazy mode). */
export type RunMode = "auto" | "manual";

/** What the document tells the kernel about one cell. */
export interface CellSpec {
  id: CellId;
  kind: CellKind;
  source: string;
  mode?: RunMode;
}

/** The life cycle of a cell as the UI shows it. */
export type CellStatus =
  | "idle" // never run (e.g. a manual cell, or a notebook in safe preview)
  | "queued"
  | "running"
  | "done"
  | "error" // the cell itself failed, or is blocked by an upstream failure (see error.kind)
  | "stale" // inputs changed but the cell is manual: its shown value is out of date
  | "interrupted";

/**
 * Why a cell has no value. A tagged union (as marimo's error kinds), with the cell
 * it is shown on. `message` is always a short human sentence in the style of
 * observablehq/runtime ("x is not defined", "circular definition"). `line` and `column`
 * are 1-based positions in the cell's own source (its TypeScript, or its Markdown).
 */
export type CellError =
  | { kind: "syntax"; cell: CellId; message: string; line: number; column: number }
  | { kind: "exception"; cell: CellId; message: string; name?: string; line?: number; column?: number; stack?: string }
  | { kind: "undefined"; cell: CellId; message: string; name: string }
  | { kind: "cycle"; cell: CellId; message: string; path: CellId[] }
  | { kind: "duplicate"; cell: CellId; message: string; name: string; definers: CellId[] }
  /** The cell assigns to `name`, defined by cell `definer`; at the first such assignment. */
  | { kind: "reassign"; cell: CellId; message: string; name: string; definer: CellId; line: number; column: number }
  | { kind: "upstream"; cell: CellId; message: string; upstream: CellId }
  | { kind: "interrupted"; cell: CellId; message: string };

/** Events the kernel reports to its observer, in the order they happen. */
export type KernelEvent =
  | { type: "status"; cell: CellId; status: CellStatus; at: number }
  /** A value to display. `value` is the raw JS value (the worker turns it into a display descriptor). */
  | { type: "value"; cell: CellId; value: unknown; names: string[]; at: number }
  | { type: "error"; cell: CellId; error: CellError; at: number }
  /** Cell code called `progress(fraction, label)`; fraction in [0, 1]. */
  | { type: "progress"; cell: CellId; fraction: number; label?: string; at: number }
  /** Markdown cell rendered to Markdown text, interpolations substituted. */
  | { type: "markdown"; cell: CellId; markdown: string; at: number };

/** Receives every kernel event, synchronously and in order. */
export type KernelObserver = (event: KernelEvent) => void;

/**
 * One run of one cell, as a scoped builtin sees it (`KernelOptions.scoped`): the cell, its
 * `invalidation` (resolved when the run is over: the cell re-runs, is deleted or stopped)
 * and its `progress`.
 */
export interface CellScope {
  cell: CellId;
  invalidation: Promise<void>;
  progress: (fraction: number, label?: string) => void;
  /**
   * Tells the host that this cell's code is about to run again (as a timer of the cell does): a
   * builtin calls it just before the promise the cell awaits settles, so that if what follows the
   * `await` never yields, the cell is the one blamed.
   */
  announce?: () => void;
}
