/**
 * The reactive kernel: keeps the notebook's cells, re-runs exactly what an edit affects,
 * in topological order with document tie-breaks, and reports every step as an event.
 * Synchronous cells run synchronously, without a promise per cell; async results and
 * generator values are dropped when the cell has moved on (a version counter, as in
 * observablehq/runtime). No DOM: the same code runs in Node and in a Web Worker.
 */
import { newCell, type Cell } from "./cell";
import { CompileCache } from "./cache";
import type { CompiledCell, ImportFunction } from "./compile";
import { cellLabel, syntaxError } from "./errors";
import { Scheduler } from "./schedule";
import { wire } from "./structure";
import type { CellError, CellId, CellScope, CellSpec, CellStatus, KernelObserver } from "./types";
import { isView } from "./view";
import { native, WORK_NAMES } from "./work";

/** What a Kernel is built with. */
export interface KernelOptions {
  /** Names every cell may read without defining them (aq, Plot, solvers, widget factories…). */
  builtins?: Record<string, unknown>;
  /** Modules cells may `import` by name: the value is the module namespace object. */
  modules?: Record<string, unknown>;
  /** Receives every event, synchronously, in order. */
  observer?: KernelObserver;
  /**
   * Called synchronously just before work a cell scheduled runs: a timer or interval
   * callback, a microtask, an animation frame, a promise callback (`.then` on a promise the
   * cell made), or the pull of a generator's next value. The host can tell which cell is
   * busy when the thread goes silent.
   */
  onCallback?: (cell: CellId) => void;
  /**
   * Lets a restarted kernel reuse what a cell computed before the restart: given a cell's
   * compiled code, returns code to run instead (say, one that returns the saved values), or
   * null to run the cell's own. Asked once for each cell as it is compiled.
   */
  restore?: (cell: CellId, source: string, compiled: CompiledCell) => CompiledCell | null;
  /**
   * Widget values by the name that declares the widget: a View declared under one of these
   * names is set to the value before any reader sees it (the runner's `--set`).
   */
  viewValues?: Record<string, unknown>;
  /**
   * Builtins made for each run of each cell that reads them, from the run's scope (its id,
   * `invalidation`, `progress`): the solvers use it to cancel a cell's pooled solves when the
   * cell moves on and to show their progress on it. A scoped name hides a builtin of the same name.
   */
  scoped?: Record<string, (scope: CellScope) => unknown>;
}

/**
 * Builtins the kernel makes per cell: `invalidation` and `progress(fraction, label?)`, and
 * the cell's own timers and `Promise` (see `work.ts`) where the global exists.
 */
export const CELL_BUILTINS: readonly string[] = ["invalidation", "progress", ...WORK_NAMES];

const hasOwn = Object.prototype.hasOwnProperty;

/** A reactive notebook runtime; see the module comment. */
export class Kernel {
  private readonly builtins: Record<string, unknown>;
  private readonly restore: KernelOptions["restore"];
  private readonly scheduler: Scheduler;
  private readonly compiler = new CompileCache();
  private cells: Cell[] = [];
  private byId = new Map<CellId, Cell>();
  private definer = new Map<string, Cell>();
  private stamp = 0;
  private pendingInterrupts = new Set<CellId>();
  private disposed = false;
  /** Per-cell builtins whose global exists here (no `requestAnimationFrame` in Node). */
  private readonly cellBuiltins: Set<string>;

  constructor(options: KernelOptions = {}) {
    this.builtins = options.builtins ?? {};
    this.restore = options.restore;
    const modules = options.modules ?? {};
    const importer: ImportFunction = (source, imported) => importFrom(modules, source, imported);
    this.scheduler = new Scheduler(this.builtins, importer, options.observer, {
      label: (id) => this.label(id),
      onCallback: options.onCallback,
      viewValues: options.viewValues ? new Map(Object.entries(options.viewValues)) : undefined,
      scoped: options.scoped ? new Map(Object.entries(options.scoped)) : undefined,
    });
    this.cellBuiltins = new Set([...CELL_BUILTINS.filter((name) => !WORK_NAMES.includes(name) || name in globalThis), ...Object.keys(options.scoped ?? {})]);
  }

  /**
   * Replaces the notebook (all cells, document order). New or edited cells and everything
   * downstream run; removed cells are disposed and their readers re-resolve their names.
   */
  setCells(cells: CellSpec[]): void {
    if (this.disposed) return;
    const roots = new Set<Cell>();
    const next: Cell[] = [];
    const stamp = ++this.stamp;
    let structural = cells.length !== this.cells.length;
    for (const spec of cells) {
      let cell = this.byId.get(spec.id);
      if (cell?.seen === stamp) continue; // a repeated id: the first one wins
      if (!cell) {
        cell = newCell(spec);
        this.compileInto(cell, spec);
        this.byId.set(spec.id, cell);
        if (this.pendingInterrupts.delete(spec.id)) cell.interrupted = true;
        structural = true;
        roots.add(cell);
      } else if (cell.spec.source !== spec.source || cell.spec.kind !== spec.kind) {
        const { declares, references, syntax, compiled } = cell;
        this.compileInto(cell, spec);
        cell.interrupted = false;
        // A syntax error (made, changed or fixed) and an assignment to a free name are
        // errors known before running: the graph pass must recompute them even when the names are the same.
        if (syntax || cell.syntax || (compiled?.assigns.length ?? 0) > 0 || (cell.compiled?.assigns.length ?? 0) > 0) structural = true;
        else if (!sameNames(declares, cell.declares) || !sameNames(references, cell.references)) structural = true;
        roots.add(cell);
      } else {
        const wasManual = cell.spec.mode === "manual";
        cell.spec = spec;
        if (wasManual && spec.mode !== "manual" && (cell.status === "stale" || cell.status === "idle")) roots.add(cell);
      }
      cell.seen = stamp;
      cell.position = next.length;
      if (this.cells[next.length] !== cell) structural = true;
      next.push(cell);
    }
    for (const cell of this.cells) if (cell.seen !== stamp) this.remove(cell);
    this.cells = next;
    if (structural) this.rewire(roots);
    this.scheduler.schedule(roots);
  }

  /** Runs cell `id` now (even a manual or interrupted one), then its dependents. */
  runCell(id: CellId): void {
    const cell = this.byId.get(id);
    if (!cell || this.disposed) return;
    cell.interrupted = false;
    cell.forced = true;
    this.scheduler.schedule([cell]);
  }

  /**
   * Stops cell `id` from running (its worker was restarted while it ran): it shows an
   * `interrupted` error and its dependents an upstream one, until it is edited or run by
   * hand. May be called before `setCells` introduces the cell.
   */
  markInterrupted(id: CellId): void {
    const cell = this.byId.get(id);
    if (!cell) {
      this.pendingInterrupts.add(id);
      return;
    }
    cell.interrupted = true;
    this.scheduler.schedule([cell]);
  }

  /** A widget shown by cell `id` now holds `value`: the cell's readers re-run, not the cell. */
  setViewValue(id: CellId, value: unknown): void {
    const cell = this.byId.get(id);
    const out = cell?.out;
    if (!cell || !out) return;
    const view = out.find((v, i) => (i > 0 || cell.compiled?.hasDisplay) && isView(v));
    if (!isView(view)) return;
    view.value = value;
    this.scheduler.schedule(cell.outputs);
  }

  /** Resolves once no cell is queued or running (pending generator pulls do not count). */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** The current value of `name` as readers see it (a View's `value`); undefined if none. */
  value(name: string): unknown {
    const cell = this.definer.get(name);
    if (!cell || !cell.out) return undefined;
    const value = cell.out[cell.declares.indexOf(name) + 1];
    return isView(value) ? value.value : value;
  }

  /**
   * Cells that compute now or will by themselves: running, pulling a generator, or holding
   * timers, intervals or frames. What Stop stops when the kernel still answers.
   */
  computing(): CellId[] {
    return this.cells.filter((c) => c.status === "running" || c.generators.length > 0 || (c.work?.active ?? false)).map((c) => c.spec.id);
  }

  /** How many times cell `id`'s body has run. */
  runs(id: CellId): number {
    return this.byId.get(id)?.runs ?? 0;
  }

  /** Current status of cell `id` (idle for unknown cells). */
  status(id: CellId): CellStatus {
    return this.byId.get(id)?.status ?? "idle";
  }

  /** The names cell `id` declares (none for unknown cells or cells that do not compile). */
  declares(id: CellId): readonly string[] {
    return this.byId.get(id)?.declares ?? [];
  }

  /** How messages name cell `id`: "the cell defining `x`", or "cell 7" when it defines nothing. */
  label(id: CellId): string {
    const cell = this.byId.get(id);
    return cell ? cellLabel(cell) : "a deleted cell";
  }

  /**
   * Reports an exception nobody caught (`error` event, `uncaughtException`) or a rejection
   * nobody handled (`unhandledrejection`, with its `promise`) on the cell whose work caused
   * it: the cell that made the promise, else the one whose code the error's stack starts
   * in, else the cell whose callback is running now. Returns that cell, or null when no
   * cell can be named with certainty (then nothing is blamed).
   */
  reportUnhandled(reason: unknown, promise?: unknown): CellId | null {
    const made = typeof promise === "object" && promise !== null ? this.scheduler.work.promises.get(promise) : undefined;
    if (made) return this.scheduler.lateError(made.owner, made.version, reason) ? made.owner.spec.id : null;
    const cell = this.cellFromStack(reason) ?? this.scheduler.current;
    if (!cell) return null;
    return this.scheduler.lateError(cell, cell.version, reason) ? cell.spec.id : null;
  }

  /**
   * Resolves once the kernel is idle and no cell has a one-shot timer or animation frame
   * pending (intervals do not count: they never finish). A headless run waits for this so
   * that an error thrown later by a timer is still seen.
   */
  async settled(pollMs = 10): Promise<void> {
    for (;;) {
      await this.idle();
      if (this.disposed || this.scheduler.pendingWork() === 0) return;
      await new native.Promise((resolve) => native.setTimeout(resolve, pollMs));
    }
  }

  /** Current error of cell `id`, or null. */
  error(id: CellId): CellError | null {
    return this.byId.get(id)?.error ?? null;
  }

  /** Stops everything: invalidates every cell, closes generators, drops pending results. */
  dispose(): void {
    this.disposed = true;
    for (const cell of this.cells) this.remove(cell);
    this.cells = [];
    this.scheduler.stop();
  }

  private compileInto(cell: Cell, spec: CellSpec): void {
    cell.spec = spec;
    const result = this.compiler.compile(spec.source, spec.kind);
    if (result.ok) {
      cell.compiled = this.restore?.(spec.id, spec.source, result.cell) ?? result.cell;
      cell.syntax = null;
      cell.declares = result.cell.declares;
      cell.references = result.cell.references;
    } else {
      cell.compiled = null;
      cell.syntax = syntaxError(spec.id, result.message, result.line, result.column);
      // While the text does not parse, the cell keeps defining what it defined: its readers
      // say it failed, rather than that their names are not defined.
      cell.references = [];
    }
  }

  /** The one cell whose compiled code is the outermost frame of `reason`'s stack (none if two cells share that code). */
  private cellFromStack(reason: unknown): Cell | null {
    const url = urlsInStack(reason).at(-1);
    if (!url) return null;
    const owners = this.cells.filter((cell) => cell.compiled?.url === url);
    return owners.length === 1 ? owners[0] : null;
  }

  private remove(cell: Cell): void {
    this.scheduler.discard(cell);
    this.byId.delete(cell.spec.id);
  }

  private rewire(roots: Set<Cell>): void {
    const structure = wire(this.cells, (name) => hasOwn.call(this.builtins, name) || this.cellBuiltins.has(name), (name) => name in globalThis);
    this.scheduler.reorder(structure.order);
    this.definer = structure.definer;
    for (const cell of structure.changed) roots.add(cell);
  }

}


/** The outermost cell frame of an error's stack names the cell whose code started the failing work. */
function urlsInStack(reason: unknown): string[] {
  const stack = typeof reason === "object" && reason !== null ? (reason as { stack?: unknown }).stack : undefined;
  return typeof stack === "string" ? (stack.match(/caravan-cell-\d+\.js/g) ?? []) : [];
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function importFrom(modules: Record<string, unknown>, source: string, imported: string): unknown {
  if (!hasOwn.call(modules, source)) throw new Error(`cannot find module "${source}"`);
  const namespace = modules[source] as Record<string, unknown>;
  if (imported === "*") return namespace;
  // A registry entry may be a namespace without a default export (arquero): default is the namespace.
  if (imported === "default") return namespace && hasOwn.call(namespace, "default") ? namespace.default : namespace;
  return namespace?.[imported];
}
