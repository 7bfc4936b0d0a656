/**
 * A small harness for kernel tests and the headless runner: a Kernel with a recording
 * observer, and cells written as `[id, source]` pairs.
 */
import { Kernel, type KernelOptions } from "./kernel";
import type { CellError, CellId, CellSpec, CellStatus, KernelEvent, RunMode } from "./types";

/** A cell as a tuple: id, source, and optionally its kind and run mode. */
export type CellTuple = [CellId, string] | [CellId, string, { kind?: "code" | "markdown"; mode?: RunMode }];

/** A Kernel with every event recorded, plus helpers to read what happened. */
export interface Harness {
  kernel: Kernel;
  events: KernelEvent[];
  /** Calls `setCells` with the tuples, in order. */
  set(cells: CellTuple[]): void;
  /** The last status event of a cell. */
  status(id: CellId): CellStatus | undefined;
  /** The last error event of a cell, if its last status is an error. */
  error(id: CellId): CellError | undefined;
  /** The displayed values of a cell, in order. */
  values(id: CellId): unknown[];
  /** Forgets recorded events. */
  clear(): void;
}

/** Makes a harness; `options.observer` is replaced by the recorder. */
export function harness(options: Omit<KernelOptions, "observer"> = {}): Harness {
  const events: KernelEvent[] = [];
  const kernel = new Kernel({ ...options, observer: (event) => events.push(event) });
  const last = <T extends KernelEvent["type"]>(id: CellId, type: T) =>
    events.findLast((e): e is Extract<KernelEvent, { type: T }> => e.type === type && e.cell === id);
  return {
    kernel,
    events,
    set: (cells) => kernel.setCells(cells.map(toSpec)),
    status: (id) => last(id, "status")?.status,
    error(id) {
      const status = last(id, "status")?.status;
      return status === "error" || status === "interrupted" ? last(id, "error")?.error : undefined;
    },
    values: (id) => events.flatMap((e) => (e.type === "value" && e.cell === id ? [e.value] : [])),
    clear: () => void (events.length = 0),
  };
}

function toSpec([id, source, options]: CellTuple): CellSpec {
  return { id, source, kind: options?.kind ?? "code", ...(options?.mode ? { mode: options.mode } : {}) };
}
