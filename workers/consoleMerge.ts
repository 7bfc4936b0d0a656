/**
 * Merging a cell's console events: shared by the worker's outbox, the page and the headless
 * runner. Apart from console.ts (which formats values and so carries the display code) so
 * that the page's first bundle does not load what only the worker needs.
 */
import type { ConsoleLine, WorkerEvent } from "./protocol";

/** Lines one cell run shows; later ones are counted as "N more lines not shown". */
export const CONSOLE_LINES = 200;

/** A console event, as the worker sends it. */
export type ConsoleEvent = Extract<WorkerEvent, { type: "console" }>;

/** Lines kept so far and how many past the cap were counted. */
export interface ConsoleState {
  lines: ConsoleLine[];
  omitted: number;
}

/**
 * Adds `event` to `state` in place: a reset empties it first, a line repeating the last one
 * adds to its count, lines past `cap` are counted in `omitted`. The worker's outbox, the page
 * and the headless runner all merge with this one function.
 */
export function mergeConsole(state: ConsoleState, event: Pick<ConsoleEvent, "reset" | "lines" | "omitted">, cap = CONSOLE_LINES): void {
  if (event.reset) {
    state.lines = [];
    state.omitted = 0;
  }
  for (const line of event.lines) {
    const last = state.lines[state.lines.length - 1];
    if (last && last.level === line.level && last.text === line.text) last.count += line.count;
    else if (state.lines.length < cap) state.lines.push({ ...line });
    else state.omitted += line.count;
  }
  state.omitted += event.omitted;
}
