/**
 * Crash safety: what the kernel is running is written down, synchronously, before it can
 * take the tab with it (a cell that fills the heap kills the renderer, and nothing runs on
 * the way down). If the record is still there when the notebook next opens, the last
 * visit ended while those cells ran: the notebook opens in safe mode, runs nothing by
 * itself, and names the suspect. Cells the user stopped are written down too, with the
 * source they had, and are not run by themselves on the next open.
 * One localStorage key per notebook; a failing storage only loses the guard, never work.
 */

/** What the guard remembers for one notebook. */
export interface GuardRecord {
  /** Cells running when the record was written (empty: nothing was running). */
  running: string[];
  /** The cell the heartbeat would blame (the last to start work), if any. */
  suspect: string | null;
  /** Cells the user stopped, with the source they had then. */
  interrupted: { id: string; source: string }[];
}

const PREFIX = "caravan:guard:";
/** Milliseconds between two writes of what is running. */
const WRITE_EVERY_MS = 50;

/** Minimal storage the guard needs (localStorage in the app; a map in tests). */
export interface GuardStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Reads and writes the crash records of notebooks. */
export class CrashGuard {
  private written = new Map<string, string>();
  private records = new Map<string, GuardRecord>();

  constructor(private readonly storage: GuardStorage | null = safeLocalStorage()) {}

  /** The record of notebook `id` (empty when there is none or it cannot be read). */
  read(id: string): GuardRecord {
    this.records.delete(id);
    let text: string | null = null;
    try {
      text = this.storage?.getItem(PREFIX + id) ?? null;
    } catch {
      text = null;
    }
    const empty: GuardRecord = { running: [], suspect: null, interrupted: [] };
    if (!text) return empty;
    try {
      const raw = JSON.parse(text) as Partial<GuardRecord>;
      const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
      return {
        running: strings(raw.running),
        suspect: typeof raw.suspect === "string" ? raw.suspect : null,
        interrupted: Array.isArray(raw.interrupted)
          ? raw.interrupted.filter((x): x is { id: string; source: string } => typeof x?.id === "string" && typeof x?.source === "string")
          : [],
      };
    } catch {
      return empty;
    }
  }

  /**
   * Records which cells of notebook `id` are running now (and whom to suspect). A notebook
   * whose cells start hundreds of times a second is written at most every WRITE_EVERY_MS,
   * the latest state last: a tab dying of a full heap takes seconds, not milliseconds.
   */
  running(id: string, cells: string[], suspect: string | null, options: { now?: number; immediate?: boolean } = {}): void {
    const now = options.now ?? Date.now();
    const write = () => this.update(id, (r) => ({ ...r, running: cells, suspect: cells.length ? suspect : null }));
    if (options.immediate || now - this.lastRunningWrite >= WRITE_EVERY_MS) {
      this.lastRunningWrite = now;
      this.latest = null;
      return write();
    }
    // Within the interval: the latest state waits for the one trailing write already armed
    // (a thousand cells starting in a row cost one timer, not a thousand).
    this.latest = write;
    this.trailing ??= setTimeout(() => {
      this.trailing = null;
      const latest = this.latest;
      this.latest = null;
      if (!latest) return;
      this.lastRunningWrite = Date.now();
      latest();
    }, WRITE_EVERY_MS);
  }

  /** The newest state of `running` not written yet (null: nothing waits). */
  private latest: (() => void) | null = null;
  private lastRunningWrite = -Infinity;
  private trailing: ReturnType<typeof setTimeout> | null = null;

  /** Records that the user stopped these cells of notebook `id`. */
  interrupted(id: string, cells: { id: string; source: string }[]): void {
    if (!cells.length) return;
    this.update(id, (r) => ({ ...r, interrupted: [...r.interrupted.filter((c) => !cells.some((d) => d.id === c.id)), ...cells] }));
  }

  /** Forgets that cell `cell` was stopped (it was edited or run by hand). */
  resumed(id: string, cell: string): void {
    const record = this.read(id);
    if (record.interrupted.some((c) => c.id === cell)) this.update(id, (r) => ({ ...r, interrupted: r.interrupted.filter((c) => c.id !== cell) }));
  }

  /** Forgets the crash of notebook `id` (the user chose what to run). */
  clearCrash(id: string): void {
    this.update(id, (r) => ({ ...r, running: [], suspect: null }));
  }

  private update(id: string, change: (record: GuardRecord) => GuardRecord): void {
    const next = change(this.records.get(id) ?? this.read(id));
    this.records.set(id, next);
    const empty = next.running.length === 0 && next.interrupted.length === 0;
    const text = empty ? "" : JSON.stringify(next);
    if (this.written.get(id) === text) return;
    this.written.set(id, text);
    try {
      if (empty) this.storage?.removeItem(PREFIX + id);
      else this.storage?.setItem(PREFIX + id, text);
    } catch {
      // Storage full or unavailable: the guard is lost, the work is not.
    }
  }
}

function safeLocalStorage(): GuardStorage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}
