/**
 * Work a cell schedules for later: timers, intervals, microtasks, animation frames and
 * promise callbacks. Each cell run gets its own `setTimeout`, `setInterval`, … and
 * `Promise` (parameters shadowing the globals, like `invalidation`), so a callback that
 * runs later is known to belong to that cell: the host hears about it before it runs,
 * an exception it throws is reported on that cell (a late error), and the cell's timers
 * are cleared when the cell re-runs or is deleted.
 */

/** What scheduled work reports to the kernel. `owner` is opaque here: the kernel's cell record. */
export interface WorkHost<Owner> {
  /** A callback of `owner` is about to run; returns what `leave` restores. */
  enter(owner: Owner): unknown;
  /** The callback has returned (or thrown). */
  leave(previous: unknown): void;
  /** A callback scheduled by run `version` of `owner` threw `error`. */
  fail(owner: Owner, version: number, error: unknown): void;
  /** The run that scheduled the work: callbacks of an older run are dropped. */
  version(owner: Owner): number;
  /** Remembers which cell run made a promise (for unhandled rejections). */
  promises: WeakMap<object, { owner: Owner; version: number }>;
  /** The cell whose code runs now (its body or one of its callbacks), if any. */
  current(): Owner | null;
}

/** Names a cell may read that the kernel provides per cell, when the global exists. */
export const WORK_NAMES: readonly string[] = [
  "setTimeout",
  "setInterval",
  "clearTimeout",
  "clearInterval",
  "queueMicrotask",
  "requestAnimationFrame",
  "cancelAnimationFrame",
  "Promise",
];

type Handle = unknown;
type Callback = (...args: unknown[]) => unknown;
const g = globalThis as unknown as Record<string, (...args: unknown[]) => unknown>;
/**
 * The host's timers and Promise, taken when the kernel loads, before any cell runs: a cell that
 * replaces a global (`setTimeout = null`) breaks its own use of it, not every other cell's.
 * (Animation frames are looked up when used: the headless runner provides them after this
 * module loads; clearing is looked up too.)
 */
export const native = {
  setTimeout: g.setTimeout!.bind(globalThis),
  setInterval: g.setInterval!.bind(globalThis),
  queueMicrotask: g.queueMicrotask!.bind(globalThis),
  Promise: Promise as PromiseConstructor,
};

/**
 * Each pending handle → the set of the run that made it, so a timer cleared by any cell is
 * forgotten. Timers and intervals share one id pool, animation frames have their own.
 */
const holders = { timer: new Map<Handle, Set<Handle>>(), frame: new Map<Handle, Set<Handle>>() };
type Pool = keyof typeof holders;

function hold(pool: Pool, set: Set<Handle>, handle: Handle): void {
  set.add(handle);
  holders[pool].set(handle, set);
}

function release(pool: Pool, handle: Handle): void {
  holders[pool].get(handle)?.delete(handle);
  holders[pool].delete(handle);
}

/** The pending timers and frames of one cell run, so they can be cancelled together. */
export class Work<Owner> {
  private readonly timeouts = new Set<Handle>();
  private readonly intervals = new Set<Handle>();
  private readonly frames = new Set<Handle>();
  private readonly made = new Map<string, unknown>();
  private cancelled = false;

  constructor(
    private readonly owner: Owner,
    readonly version: number,
    private readonly host: WorkHost<Owner>,
  ) {}

  /** One-shot timers and frames not yet run (intervals never finish, so they do not count). */
  get pending(): number {
    return this.timeouts.size + this.frames.size;
  }

  /** Whether any timer, interval or frame of this run is still pending. */
  get active(): boolean {
    return this.timeouts.size + this.intervals.size + this.frames.size > 0;
  }

  /** The cell's own version of global `name` (one per run, made on first use). */
  builtin(name: string): unknown {
    let made = this.made.get(name);
    if (made === undefined) {
      made = this.make(name);
      this.made.set(name, made);
    }
    return made;
  }

  /** Clears every timer, interval and frame of this run; later callbacks are dropped. */
  cancel(): void {
    this.cancelled = true;
    for (const handle of this.timeouts) g.clearTimeout(handle);
    for (const handle of this.intervals) g.clearInterval(handle);
    if (this.frames.size) for (const handle of this.frames) g.cancelAnimationFrame?.(handle);
    for (const set of [this.timeouts, this.intervals]) for (const handle of set) holders.timer.delete(handle);
    for (const handle of this.frames) holders.frame.delete(handle);
    this.timeouts.clear();
    this.intervals.clear();
    this.frames.clear();
  }

  private make(name: string): unknown {
    switch (name) {
      case "setTimeout":
        return (callback: unknown, delay?: number, ...args: unknown[]) => this.once(native.setTimeout, this.timeouts, callback, delay, args);
      case "setInterval":
        return (callback: unknown, delay?: number, ...args: unknown[]) => {
          if (typeof callback !== "function") return native.setInterval(callback, delay, ...args);
          const handle = native.setInterval(this.guard(callback as Callback, () => {}), delay, ...args);
          hold("timer", this.intervals, handle);
          return handle;
        };
      case "clearTimeout":
        return (handle: Handle) => {
          release("timer", handle);
          g.clearTimeout(handle);
        };
      case "clearInterval":
        return (handle: Handle) => {
          release("timer", handle);
          g.clearInterval(handle);
        };
      case "queueMicrotask":
        return (callback: unknown) => {
          if (typeof callback !== "function") return native.queueMicrotask(callback);
          native.queueMicrotask(this.guard(callback as Callback, () => {}));
        };
      case "requestAnimationFrame":
        return (callback: unknown) => this.once(g.requestAnimationFrame, this.frames, callback, undefined, []);
      case "cancelAnimationFrame":
        return (handle: Handle) => {
          release("frame", handle);
          g.cancelAnimationFrame(handle);
        };
      case "Promise":
        return promiseClass(this.owner, this.version, this.host);
      default:
        return undefined;
    }
  }

  /** A one-shot timer or frame whose handle is forgotten once it has run. */
  private once(schedule: (...args: unknown[]) => unknown, set: Set<Handle>, callback: unknown, delay: number | undefined, args: unknown[]): Handle {
    if (typeof callback !== "function") return schedule(callback, delay, ...args);
    let handle: Handle;
    const pool: Pool = set === this.frames ? "frame" : "timer";
    const guarded = this.guard(callback as Callback, () => release(pool, handle));
    handle = pool === "frame" ? schedule(guarded) : schedule(guarded, delay, ...args);
    hold(pool, set, handle);
    return handle;
  }

  /** Runs `callback` as this cell's work: announced, attributed, and its exception reported. */
  private guard(callback: Callback, done: () => void): Callback {
    return (...args: unknown[]) => {
      done();
      if (this.cancelled || this.host.version(this.owner) !== this.version) return;
      const previous = this.host.enter(this.owner);
      try {
        callback(...args);
      } catch (error) {
        this.host.fail(this.owner, this.version, error);
      } finally {
        this.host.leave(previous);
      }
    };
  }
}

/**
 * A `Promise` for one cell run: promises it makes (and those derived from them) are
 * remembered as the cell's, and their callbacks are announced as the cell's work. A
 * callback's exception is left to the promise (it rejects the derived promise, as usual).
 */
function promiseClass<Owner>(owner: Owner, version: number, host: WorkHost<Owner>): PromiseConstructor {
  const Native = native.Promise;
  // A callback is the work of the cell whose code registers it (another cell may call `.then` on
  // this cell's promise: its callback is that cell's code), else of the cell that made the promise.
  const wrap = (callback: unknown, caller: Owner) =>
    typeof callback !== "function"
      ? callback
      : (value: unknown) => {
          const previous = host.enter(caller);
          try {
            return (callback as Callback)(value);
          } finally {
            host.leave(previous);
          }
        };
  class CellPromise<T> extends Native<T> {
    constructor(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void) {
      super(executor);
      host.promises.set(this, { owner, version });
    }

    override then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
      const caller = host.current() ?? owner;
      return super.then(wrap(onFulfilled, caller) as never, wrap(onRejected, caller) as never);
    }

    // Promises made elsewhere (async functions, libraries) are still `instanceof Promise` in the cell.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof Native;
    }
  }
  Object.defineProperty(CellPromise, "name", { value: "Promise" });
  return CellPromise as unknown as PromiseConstructor;
}
