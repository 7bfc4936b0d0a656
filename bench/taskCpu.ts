/**
 * How much of a long main-thread task the page's thread spent on a core. A Chromium trace
 * gives each task its wall time (`dur`) and its thread time (`tdur`, CPU): on a machine whose
 * cores are all busy (the kernel worker computing, the compositor, V8's compiler threads) a
 * task's wall time can be twice its CPU time, the thread waiting for a core. The tracing's own
 * messages (DevTools protocol) are not the app's and are left out.
 */

/** One trace event as Chromium writes it (times in microseconds). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: Record<string, unknown>;
}

/** A task of the page's main thread: start (ms from the first task), wall and CPU time (ms). */
export interface TaskTime {
  at: number;
  wall: number;
  cpu: number;
}

const TASK = "ThreadControllerImpl::RunTask";

/**
 * The page's main-thread tasks of at least `minWallMs` wall time, with their CPU time. The
 * page's main thread is the renderer main thread (`CrRendererMain`) with the most events.
 */
export function mainThreadTasks(events: readonly TraceEvent[], minWallMs = 0): TaskTime[] {
  const names = new Map<string, string>();
  for (const e of events) if (e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, String((e.args as { name?: unknown } | undefined)?.name));
  const counts = new Map<string, number>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (names.get(key) === "CrRendererMain") counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (main === undefined) return [];
  const mine = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === "X").sort((a, b) => a.ts - b.ts);
  const tasks = mine.filter((e) => e.name === TASK);
  const devtools = mine.filter((e) => JSON.stringify(e.args ?? {}).includes("DevToolsSession"));
  const t0 = tasks[0]?.ts ?? 0;
  return tasks
    .filter((t) => (t.dur ?? 0) / 1000 >= minWallMs)
    .filter((t) => !devtools.some((d) => d.ts >= t.ts && d.ts <= t.ts + (t.dur ?? 0)))
    .map((t) => ({ at: (t.ts - t0) / 1000, wall: (t.dur ?? 0) / 1000, cpu: (t.tdur ?? t.dur ?? 0) / 1000 }));
}
