/**
 * The kernel's record of one cell: what it compiled to, where it sits in the graph, and
 * its run state. Plain mutable data; the Kernel is the only writer.
 */
import type { CompiledCell } from "./compile";
import type { Generatorish } from "./generators";
import type { Binding } from "./graph";
import type { CellError, CellSpec, CellStatus } from "./types";
import type { Work } from "./work";

/** One cell inside the kernel. */
export interface Cell {
  spec: CellSpec;
  /** 0-based place in the document, for messages that name a cell defining nothing. */
  position: number;
  /** Null when the source does not compile (`syntax` says why). */
  compiled: CompiledCell | null;
  syntax: CellError | null;
  declares: readonly string[];
  references: readonly string[];

  // Graph facts, refreshed when the notebook's structure changes.
  rank: number;
  inputs: Cell[];
  outputs: Cell[];
  bindings: Binding[];
  /** Per binding, the cell providing it (for `cell` bindings), else null. */
  sources: (Cell | null)[];
  /** Error known without running: syntax, duplicate, cycle, undefined or ambiguous name. */
  staticError: CellError | null;
  /** How the references resolved last time; a change means the cell must re-run. */
  signature: string;

  // Run state.
  /** `[display, ...declared values]` of the last successful run; null when there is none. */
  out: unknown[] | null;
  status: CellStatus;
  error: CellError | null;
  /** Bumped whenever a run starts or is abandoned: results of older versions are dropped. */
  version: number;
  runs: number;
  /** Waiting to execute in the current pass. */
  dirty: boolean;
  /** An async run (or a generator's first value) is pending. */
  inflight: boolean;
  /** Inputs of this dirty cell still dirty or in flight. */
  waiting: number;
  /** Run even though manual (runCell). */
  forced: boolean;
  interrupted: boolean;
  /** Its upstream error, if it has one, goes back to a cell the user stopped (not one that failed). */
  stoppedUpstream: boolean;
  /** Visit stamp of the last closure walk that reached this cell. */
  mark: number;
  /** Stamp of the last setCells that listed this cell. */
  seen: number;
  invalidate: (() => void) | null;
  /** The current run's invalidation promise, made when a builtin first asks for it. */
  invalidation: Promise<void> | null;
  generators: Generatorish[];
  progress: ((fraction: number, label?: string) => void) | null;
  /** Timers, frames and the Promise of the current run, made when the cell first uses one. */
  work: Work<Cell> | null;
}

/** A fresh record for `spec`, not yet compiled or placed in the graph. */
export function newCell(spec: CellSpec): Cell {
  return {
    spec,
    position: 0,
    compiled: null,
    syntax: null,
    declares: [],
    references: [],
    rank: 0,
    inputs: [],
    outputs: [],
    bindings: [],
    sources: [],
    staticError: null,
    signature: "",
    out: null,
    status: "idle",
    error: null,
    version: 0,
    runs: 0,
    dirty: false,
    inflight: false,
    waiting: 0,
    forced: false,
    interrupted: false,
    stoppedUpstream: false,
    mark: 0,
    seen: 0,
    invalidate: null,
    invalidation: null,
    generators: [],
    progress: null,
    work: null,
  };
}
