import { describe, expect, it } from "vitest";
import { mainThreadTasks, type TraceEvent } from "../bench/taskCpu";

const thread = (pid: number, tid: number, name: string): TraceEvent => ({ name: "thread_name", ph: "M", pid, tid, ts: 0, args: { name } });
const task = (pid: number, tid: number, ts: number, dur: number, tdur: number): TraceEvent => ({ name: "ThreadControllerImpl::RunTask", ph: "X", pid, tid, ts, dur, tdur });

describe("main-thread task times from a trace", () => {
  it("reads wall and CPU time of the busiest renderer main thread's tasks, in ms from its first task", () => {
    const events = [
      thread(1, 1, "CrRendererMain"),
      thread(2, 7, "CrRendererMain"),
      thread(2, 8, "Compositor"),
      task(2, 7, 1_000, 5_000, 4_000),
      task(2, 7, 100_000, 60_000, 25_000),
      task(2, 8, 100_000, 90_000, 90_000),
      task(1, 1, 5_000, 70_000, 70_000),
      task(2, 7, 200_000, 20_000, 20_000),
    ];
    expect(mainThreadTasks(events, 50)).toEqual([{ at: 99, wall: 60, cpu: 25 }]);
    expect(mainThreadTasks(events).map((t) => t.wall)).toEqual([5, 60, 20]);
  });

  it("leaves out the tracing's own DevTools messages", () => {
    const events = [
      thread(2, 7, "CrRendererMain"),
      task(2, 7, 0, 80_000, 30_000),
      { name: "Receive mojo message", ph: "X", pid: 2, tid: 7, ts: 10, dur: 79_000, args: { chrome_mojo_event_info: { mojo_interface_tag: "blink.mojom.DevToolsSession" } } },
      task(2, 7, 100_000, 55_000, 20_000),
    ];
    expect(mainThreadTasks(events, 50)).toEqual([{ at: 100, wall: 55, cpu: 20 }]);
  });
});
