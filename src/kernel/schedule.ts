/**
 * The scheduler: runs dirty cells in topological order (ties by document order), waits
 * for async results and generator values, drops stale ones by version, and turns every
 * step into an event. Synchronous cells run synchronously, with no promise per cell.
 */
import type { Cell } from "./cell";
import type { ImportFunction } from "./compile";
import { exceptionError, interruptedError, upstreamError } from "./errors";
import { closeGenerator, isGeneratorish, nextFrame, type Generatorish } from "./generators";
import { RankQueue } from "./rankqueue";
import type { CellError, CellId, CellScope, CellStatus, KernelEvent, KernelObserver } from "./types";
import { isView } from "./view";
import { native, Work, WORK_NAMES, type WorkHost } from "./work";

/** What the scheduler asks of the Kernel beyond running cells. */
export interface SchedulerHost {
  /** How messages name the cell `id` ("the cell defining `x`", "cell 7"). */
  label(id: CellId): string;
  /** Work scheduled by cell `id` (a timer, a promise callback, a generator pull) is about to run. */
  onCallback?: (id: CellId) => void;
  /** Widget values by the name that declares the widget, applied when the widget is made. */
  viewValues?: ReadonlyMap<string, unknown>;
  /** Builtins made per cell run from its scope (`KernelOptions.scoped`). */
  scoped?: ReadonlyMap<string, (scope: CellScope) => unknown>;
}


/** A generator to keep pulling and the output slots its values go to. */
interface Pull {
  generator: Generatorish;
  slots: number[];
}

/** Thrown inside the kernel's own promise chains when a result belongs to an older run. */
const STALE = Symbol("stale");

/** Runs cells; the Kernel decides which cells exist and how they are wired. */
export class Scheduler {
  /** Cells by rank: `order[cell.rank] === cell`. The Kernel replaces it when it rewires. */
  private order: Cell[] = [];
  private readonly ready = new RankQueue();
  private pumping = false;
  private inflight = 0;
  private stamp = 0;
  private idlers: (() => void)[] = [];
  /** The cell whose scheduled work (a callback, a generator pull) is running now, if any. */
  current: Cell | null = null;
  /** Per cell run: its timers, frames and promises, and where their callbacks report. */
  readonly work: WorkHost<Cell>;

  constructor(
    private readonly builtins: Record<string, unknown>,
    private readonly importer: ImportFunction,
    private readonly observer: KernelObserver | undefined,
    private readonly host: SchedulerHost,
  ) {
    this.work = {
      enter: (cell) => this.enter(cell),
      leave: (previous) => void (this.current = previous as Cell | null),
      fail: (cell, version, error) => this.lateError(cell, version, error),
      version: (cell) => cell.version,
      promises: new WeakMap(),
      current: () => this.current,
    };
  }

  /** Tells the host that `cell`'s code is about to run again (see CellScope.announce). */
  private announce(cell: Cell): void {
    try {
      this.host.onCallback?.(cell.spec.id);
    } catch (error) {
      console.error(error);
    }
  }

  /** Marks `cell` as the one whose work runs now and tells the host; returns the previous one. */
  private enter(cell: Cell): Cell | null {
    const previous = this.current;
    this.current = cell;
    const onCallback = this.host.onCallback;
    if (onCallback) {
      try {
        onCallback(cell.spec.id);
      } catch (error) {
        console.error(error);
      }
    }
    return previous;
  }

  /**
   * Work of run `version` of `cell` threw `thrown` after the run itself ended (a timer, an
   * unhandled rejection): the cell shows the error, its work stops, and its readers are
   * blocked. Dropped when the cell has moved on (re-ran, was deleted, or is about to re-run).
   */
  lateError(cell: Cell, version: number, thrown: unknown): boolean {
    if (cell.version !== version || cell.dirty) return false;
    if (cell.inflight) {
      cell.inflight = false;
      this.inflight--;
    }
    this.invalidate(cell);
    cell.version++;
    this.fail(cell, exceptionError(cell.spec.id, thrown, cell.compiled));
    this.schedule(cell.outputs);
    return true;
  }

  /** How many one-shot timers and frames cells have pending (intervals never finish and do not count). */
  pendingWork(): number {
    let pending = 0;
    for (const cell of this.order) if (cell.work) pending += cell.work.pending;
    return pending;
  }

  /** Installs a new topological order; a pass in progress continues by the new ranks. */
  reorder(order: Cell[]): void {
    this.order = order;
    if (this.ready.size > 0) {
      this.ready.clear();
      for (const cell of order) if (cell.dirty && cell.waiting === 0) this.ready.push(cell.rank);
    }
  }

  /** Forgets `cell` (deleted): resolves its invalidation, closes generators, drops pending results. */
  discard(cell: Cell): void {
    this.invalidate(cell);
    cell.version++;
    if (cell.inflight) {
      cell.inflight = false;
      this.inflight--;
    }
    cell.dirty = false;
    cell.out = null;
  }

  /** Resolves once no cell is queued or running (pending generator pulls do not count). */
  idle(): Promise<void> {
    if (!this.busy()) return native.Promise.resolve();
    return new native.Promise<void>((resolve) => this.idlers.push(resolve));
  }

  /** Drops the queue and releases anyone waiting in `idle`. */
  stop(): void {
    this.order = [];
    this.ready.clear();
    this.inflight = 0;
    this.settleIdle();
  }

  /** Marks `roots` and everything downstream dirty, counts what each waits for, and runs. */
  schedule(roots: Iterable<Cell>): void {
    const stamp = ++this.stamp;
    // Everything in this closure is queued at the same instant: one clock read for all.
    const queuedAt = performance.now();
    const closure: Cell[] = [];
    for (const root of roots) {
      if (root.mark !== stamp) {
        root.mark = stamp;
        closure.push(root);
      }
    }
    // Every cell downstream of a root is in the closure, so counts outside it stay valid.
    for (let i = 0; i < closure.length; i++) {
      const cell = closure[i];
      if (cell.inflight) {
        cell.inflight = false;
        this.inflight--;
        cell.version++;
      }
      cell.dirty = true;
      if (cell.status !== "queued") {
        // An interrupted cell only fails again when its turn comes: it is queued without saying
        // so. Reported, "queued" flickered on the page after Stop (the worker posts what it has
        // when another cell starts running), and the page's account of it was wrong meanwhile.
        if (cell.interrupted) cell.status = "queued";
        else this.setStatus(cell, "queued", queuedAt);
      }
      for (const output of cell.outputs) {
        if (output.mark !== stamp) {
          output.mark = stamp;
          closure.push(output);
        }
      }
    }
    for (const cell of closure) {
      let waiting = 0;
      for (const input of cell.inputs) if (input.dirty || input.inflight) waiting++;
      cell.waiting = waiting;
      if (waiting === 0) this.ready.push(cell.rank);
    }
    this.pump();
  }

  /** Executes ready cells, lowest rank first, until none is ready. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let rank = this.ready.pop(); rank !== undefined; rank = this.ready.pop()) {
        const cell = this.order[rank];
        if (cell && cell.dirty && cell.waiting === 0) this.execute(cell);
      }
    } finally {
      this.pumping = false;
    }
    this.settleIdle();
  }

  /** Decides what a ready cell does: fail, wait as stale, or run. */
  private execute(cell: Cell): void {
    cell.dirty = false;
    const forced = cell.forced;
    cell.forced = false;
    const blocked = cell.interrupted ? interruptedError(cell.spec.id) : cell.staticError;
    if (blocked) {
      this.fail(cell, blocked, cell.interrupted ? "interrupted" : "error");
      return this.finish(cell);
    }
    let stale = false;
    for (const input of cell.inputs) {
      const status = input.status;
      if (status === "error" || status === "interrupted") {
        const upstream = input.error?.kind === "upstream" ? input.error.upstream : input.spec.id;
        const name = cell.bindings[cell.sources.indexOf(input)]?.name ?? input.declares[0];
        // A cell the user stopped did not fail: its readers say so, however far down.
        cell.stoppedUpstream = status === "interrupted" || (input.error?.kind === "upstream" && input.stoppedUpstream);
        this.fail(cell, upstreamError(cell.spec.id, name, upstream, this.host.label(upstream), cell.stoppedUpstream));
        return this.finish(cell);
      }
      if (status === "stale" || status === "idle") stale = true;
    }
    if (stale || (cell.spec.mode === "manual" && !forced)) {
      this.setStatus(cell, cell.runs === 0 ? "idle" : "stale");
      return this.finish(cell);
    }
    this.run(cell);
  }

  /** Lets the dirty readers of `cell` know it has settled. */
  private finish(cell: Cell): void {
    for (const output of cell.outputs) if (output.dirty && --output.waiting === 0) this.ready.push(output.rank);
  }

  private run(cell: Cell): void {
    const compiled = cell.compiled!;
    this.invalidate(cell);
    const version = ++cell.version;
    cell.runs++;
    this.setStatus(cell, "running");
    let result: unknown[] | Promise<unknown[]>;
    // The cell's body is its own code: what it registers (a `.then` on another cell's promise) is its work.
    const previous = this.current;
    this.current = cell;
    try {
      result = compiled.body.apply(undefined, this.args(cell));
    } catch (error) {
      this.current = previous;
      this.fail(cell, exceptionError(cell.spec.id, error, compiled));
      return this.finish(cell);
    }
    this.current = previous;
    // A value that throws when the kernel reads it (a proxy whose traps throw) fails its cell,
    // never the kernel: reading it happens here, before anything is kept.
    try {
      if (compiled.async || needsSettling(result as unknown[])) return this.settle(cell, version, result);
      this.accept(cell, result as unknown[]);
    } catch (error) {
      this.fail(cell, exceptionError(cell.spec.id, error, compiled));
    }
    this.finish(cell);
  }

  /** Waits for promises and first generator values, then accepts, unless the cell moved on. */
  private settle(cell: Cell, version: number, result: unknown[] | Promise<unknown[]>): void {
    cell.inflight = true;
    this.inflight++;
    const current = () => cell.version === version;
    native.Promise.resolve(result)
      .then((out) => this.resolveOutputs(cell, version, out))
      .then(
        ({ out, pulls }) => {
          if (!current()) return;
          cell.inflight = false;
          this.inflight--;
          this.accept(cell, out);
          this.finish(cell);
          this.pump();
          for (const { generator, slots } of pulls) this.pull(cell, version, slots, generator);
        },
        (error) => {
          if (error === STALE || !current()) return;
          cell.inflight = false;
          this.inflight--;
          this.fail(cell, exceptionError(cell.spec.id, error, cell.compiled));
          this.finish(cell);
          this.pump();
        },
      );
  }

  /** Awaits promise outputs and takes each generator's first value (a generator in several slots is pulled once). */
  private async resolveOutputs(cell: Cell, version: number, raw: unknown[]): Promise<{ out: unknown[]; pulls: Pull[] }> {
    const out = await native.Promise.all(raw.map((v, i) => (i === 0 && !cell.compiled!.hasDisplay ? undefined : v)));
    if (cell.version !== version) throw STALE;
    const pulls: Pull[] = [];
    for (let i = 0; i < out.length; i++) {
      const value = out[i];
      if (!isGeneratorish(value)) continue;
      const slots = [];
      for (let j = i; j < out.length; j++) if (out[j] === value) slots.push(j);
      cell.generators.push(value);
      const step = await value.next();
      if (cell.version !== version) throw STALE;
      const first = step.done ? undefined : await step.value;
      if (cell.version !== version) throw STALE;
      for (const j of slots) out[j] = first;
      if (!step.done) pulls.push({ generator: value, slots });
    }
    return { out, pulls };
  }

  /** Pulls the next value of a generator held in output `slots`, one frame later. */
  private pull(cell: Cell, version: number, slots: number[], generator: Generatorish): void {
    nextFrame(async () => {
      if (cell.version !== version) return;
      let value: unknown;
      try {
        const previous = this.enter(cell);
        let next;
        try {
          next = generator.next();
        } finally {
          this.current = previous;
        }
        const step = await next;
        if (cell.version !== version || step.done) return;
        value = await step.value;
      } catch (error) {
        if (cell.version !== version) return;
        this.fail(cell, exceptionError(cell.spec.id, error, cell.compiled));
        return this.schedule(cell.outputs);
      }
      if (cell.version !== version || !cell.out) return;
      for (const slot of slots) cell.out[slot] = value;
      this.emitValue(cell);
      this.schedule(cell.outputs);
      this.pull(cell, version, slots, generator);
    });
  }

  private args(cell: Cell): unknown[] {
    const bindings = cell.bindings;
    const n = bindings.length;
    const args = new Array(cell.compiled!.usesImport ? n + 1 : n);
    for (let i = 0; i < n; i++) {
      const binding = bindings[i];
      let value: unknown;
      switch (binding.kind) {
        case "cell": {
          const out = cell.sources[i]!.out;
          value = out ? out[binding.slot + 1] : undefined;
          if (isView(value)) value = value.value;
          break;
        }
        case "builtin":
          value = this.cellBuiltin(cell, binding.name);
          break;
        case "global":
          value = (globalThis as Record<string, unknown>)[binding.name];
          break;
      }
      args[i] = value;
    }
    if (cell.compiled!.usesImport) args[n] = this.importer;
    return args;
  }

  private cellBuiltin(cell: Cell, name: string): unknown {
    if (name === "invalidation") return this.invalidation(cell);
    if (name === "progress") return this.progress(cell);
    const scoped = this.host.scoped?.get(name);
    if (scoped) return scoped({ cell: cell.spec.id, invalidation: this.invalidation(cell), progress: this.progress(cell), announce: () => this.announce(cell) });
    if (WORK_NAMES.includes(name) && !Object.prototype.hasOwnProperty.call(this.builtins, name)) {
      return (cell.work ??= new Work(cell, cell.version, this.work)).builtin(name);
    }
    return this.builtins[name];
  }

  /**
   * The promise the current run's `invalidation` is: one per run, shared by every builtin that needs
   * it. Made by the run's own `Promise` (work.ts), so what a handler of it throws belongs to that run:
   * the run is over when it resolves, and an error thrown then must not replace the next run's value.
   */
  private invalidation(cell: Cell): Promise<void> {
    if (cell.invalidation) return cell.invalidation;
    const RunPromise = (cell.work ??= new Work(cell, cell.version, this.work)).builtin("Promise") as PromiseConstructor;
    return (cell.invalidation = new RunPromise<void>((resolve) => (cell.invalidate = resolve)));
  }

  private progress(cell: Cell): (fraction: number, label?: string) => void {
    return (cell.progress ??= (fraction: number, label?: string) =>
      this.emit({ type: "progress", cell: cell.spec.id, fraction, ...(label === undefined ? {} : { label }), at: performance.now() }));
  }

  /** Resolves the cell's invalidation promise and closes its generators. */
  private invalidate(cell: Cell): void {
    const resolve = cell.invalidate;
    cell.invalidation = null;
    if (resolve) {
      cell.invalidate = null;
      resolve();
    }
    if (cell.generators.length) {
      for (const generator of cell.generators) closeGenerator(generator);
      cell.generators = [];
    }
    if (cell.work) {
      cell.work.cancel();
      cell.work = null;
    }
  }

  private accept(cell: Cell, out: unknown[]): void {
    const viewValues = this.host.viewValues;
    if (viewValues && viewValues.size > 0) applyViewValues(cell, out, viewValues);
    cell.out = out;
    cell.error = null;
    const at = performance.now();
    this.emitValue(cell, at);
    this.setStatus(cell, "done", at);
  }

  private emitValue(cell: Cell, at = performance.now()): void {
    const out = cell.out!;
    const display = cell.compiled!.hasDisplay ? out[0] : cell.declares.length === 1 ? out[1] : undefined;
    if (cell.spec.kind === "markdown") this.emit({ type: "markdown", cell: cell.spec.id, markdown: String(display), at });
    else if (this.observer) this.emit({ type: "value", cell: cell.spec.id, value: display, names: cell.declares as string[], at });
  }

  private fail(cell: Cell, error: CellError, status: CellStatus = "error"): void {
    if (cell.status !== "running") {
      // The cell will not run this time: release what its last run held.
      this.invalidate(cell);
      cell.version++;
    }
    cell.out = null;
    cell.error = error;
    this.emit({ type: "error", cell: cell.spec.id, error, at: performance.now() });
    this.setStatus(cell, status);
  }

  private setStatus(cell: Cell, status: CellStatus, at?: number): void {
    cell.status = status;
    if (this.observer) this.emit({ type: "status", cell: cell.spec.id, status, at: at ?? performance.now() });
  }

  private emit(event: KernelEvent): void {
    const observer = this.observer;
    if (!observer) return;
    try {
      observer(event);
    } catch (error) {
      // An observer's bug must not corrupt the schedule; report it where a developer looks.
      console.error(error);
    }
  }

  private busy(): boolean {
    return this.pumping || this.inflight > 0 || this.ready.size > 0;
  }

  private settleIdle(): void {
    if (this.idlers.length === 0 || this.busy()) return;
    const idlers = this.idlers;
    this.idlers = [];
    for (const resolve of idlers) resolve();
  }
}

/** True when some output is a promise or an iterator, so the cell cannot settle synchronously. */
function needsSettling(out: unknown[]): boolean {
  for (let i = 0; i < out.length; i++) {
    const value = out[i];
    if (typeof value === "object" && value !== null && (typeof (value as PromiseLike<unknown>).then === "function" || isGeneratorish(value))) return true;
  }
  return false;
}

/** Sets each widget the cell declares under a name in `values` to that value, before readers see it. */
function applyViewValues(cell: Cell, out: unknown[], values: ReadonlyMap<string, unknown>): void {
  cell.declares.forEach((name, i) => {
    const value = out[i + 1];
    if (values.has(name) && isView(value)) value.value = values.get(name);
  });
}
