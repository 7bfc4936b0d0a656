/**
 * Each cell's own `console`, as a scoped builtin (made per cell run, like `progress`): cell
 * code reads `console` as a parameter of its run, so whatever it logs, including from the
 * timers, promise callbacks and generators it started, is the cell's. Lines are turned into
 * text here (src/display/consoleText.ts); only strings reach the page.
 *
 * Limits, so a logging loop cannot flood anything: a run shows at most CONSOLE_LINES lines,
 * a line repeating the one before only counts (`×N`), lines past the cap are only counted and
 * never even formatted, and a line is at most LINE_CHARS characters. Events are merged per
 * cell before they leave (`mergeConsole` in the outbox), so a batch carries at most
 * CONSOLE_LINES lines per cell whatever the rate. A run's console falls silent when the run is
 * over (the cell re-runs, is deleted or stopped), so a stray callback cannot write under a
 * newer run.
 */
import { formatArgs, tableText } from "../src/display/consoleText";
import type { ConsoleLevel, ConsoleLine } from "./protocol";
import { CONSOLE_LINES, type ConsoleEvent } from "./consoleMerge";

/** Lines past the cap counted before the count is sent even from inside a loop that never yields. */
const OMITTED_BATCH = 10_000;

// Taken when the worker starts, before any cell could replace it.
const microtask = globalThis.queueMicrotask.bind(globalThis);

/** The methods of a cell's `console` (the usual ones; each works detached, `arr.forEach(console.log)`). */
export type CellConsole = Readonly<Record<string, (...args: unknown[]) => void>>;

interface RunLog {
  live: boolean;
  first: boolean;
  shown: number;
  last: { level: ConsoleLevel; text: string } | null;
  indent: number;
  /** Lines past the cap not yet sent (sent in one event: a loop past the cap costs a counter). */
  omitted: number;
  counts: Map<string, number>;
  timers: Map<string, number>;
}

/** Every cell's console in one worker session; `send` receives each line as an event. */
export class ConsoleCapture {
  private readonly runs = new Map<string, RunLog>();

  constructor(
    private readonly send: (event: ConsoleEvent) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The `console` of a new run of `cell`; the previous run's falls silent, and so does this one once `invalidation` resolves. */
  console(cell: string, invalidation?: Promise<void>): CellConsole {
    this.end(cell);
    const log: RunLog = { live: true, first: true, shown: 0, last: null, indent: 0, omitted: 0, counts: new Map(), timers: new Map() };
    this.runs.set(cell, log);
    void invalidation?.then(() => {
      log.live = false;
    });
    const write = (level: ConsoleLevel, text: () => string) => this.write(cell, log, level, text);
    const log_ = (level: ConsoleLevel) => (...args: unknown[]) => write(level, () => formatArgs(args));
    const label = (value: unknown) => (value === undefined ? "default" : String(value));
    const elapsed = (name: string) => {
      const start = log.timers.get(name);
      return start === undefined ? null : `${name}: ${(this.now() - start).toFixed(3)} ms`;
    };
    return Object.freeze({
      log: log_("log"),
      info: log_("info"),
      warn: log_("warn"),
      error: log_("error"),
      debug: log_("debug"),
      trace: (...args: unknown[]) => write("log", () => `Trace${args.length ? `: ${formatArgs(args)}` : ""}`),
      dir: (value?: unknown) => write("log", () => formatArgs([typeof value === "string" ? JSON.stringify(value) : value])),
      dirxml: log_("log"),
      table: (data?: unknown, columns?: unknown) => write("log", () => tableText(data, Array.isArray(columns) ? columns.map(String) : undefined)),
      assert: (condition?: unknown, ...args: unknown[]) => {
        if (!condition) write("error", () => `Assertion failed${args.length ? `: ${formatArgs(args)}` : ""}`);
      },
      count: (name?: unknown) => {
        const key = label(name);
        const n = (log.counts.get(key) ?? 0) + 1;
        log.counts.set(key, n);
        write("log", () => `${key}: ${n}`);
      },
      countReset: (name?: unknown) => void log.counts.delete(label(name)),
      time: (name?: unknown) => void log.timers.set(label(name), this.now()),
      timeLog: (name?: unknown, ...args: unknown[]) => {
        const text = elapsed(label(name));
        write(text ? "log" : "warn", () => (text ? [text, ...(args.length ? [formatArgs(args)] : [])].join(" ") : `Timer '${label(name)}' does not exist`));
      },
      timeEnd: (name?: unknown) => {
        const text = elapsed(label(name));
        log.timers.delete(label(name));
        write(text ? "log" : "warn", () => text ?? `Timer '${label(name)}' does not exist`);
      },
      group: (...args: unknown[]) => {
        if (args.length) write("log", () => formatArgs(args));
        log.indent++;
      },
      groupCollapsed: (...args: unknown[]) => {
        if (args.length) write("log", () => formatArgs(args));
        log.indent++;
      },
      groupEnd: () => void (log.indent = Math.max(0, log.indent - 1)),
      clear: () => {
        if (!log.live) return;
        log.shown = 0;
        log.omitted = 0;
        log.last = null;
        log.first = false;
        this.send({ type: "console", cell, reset: true, lines: [], omitted: 0, at: this.now() });
      },
    });
  }

  /** `cell` is about to run again or was deleted: its current run falls silent. */
  end(cell: string): void {
    const log = this.runs.get(cell);
    if (!log) return;
    log.live = false;
    this.runs.delete(cell);
  }

  private sendOmitted(cell: string, log: RunLog): void {
    if (log.omitted === 0 || !log.live) return;
    const omitted = log.omitted;
    log.omitted = 0;
    this.send({ type: "console", cell, reset: false, lines: [], omitted, at: this.now() });
  }

  private write(cell: string, log: RunLog, level: ConsoleLevel, text: () => string): void {
    if (!log.live) return;
    const reset = log.first;
    log.first = false;
    // Past the cap a line is only counted: a loop logging millions of lines formats 200.
    if (log.shown >= CONSOLE_LINES) {
      if (log.omitted++ === 0) microtask(() => this.sendOmitted(cell, log));
      else if (log.omitted >= OMITTED_BATCH) this.sendOmitted(cell, log);
      return;
    }
    let line = text();
    if (log.indent > 0) line = line.replace(/^/gm, "  ".repeat(Math.min(log.indent, 20)));
    if (!(log.last && log.last.level === level && log.last.text === line)) {
      log.shown++;
      log.last = { level, text: line };
    }
    this.send({ type: "console", cell, reset, lines: [{ level, text: line, count: 1 }], omitted: 0, at: this.now() });
  }
}
