import { describe, expect, test, vi } from "vitest";
import { EventPump } from "./eventPump";
import type { WorkerEvent } from "../../workers/protocol";

const status = (cell: string, s: "running" | "done", at = 0): WorkerEvent => ({ type: "status", cell, status: s, at });
const display = (cell: string, n: number): WorkerEvent => ({ type: "display", cell, display: { kind: "inspect", node: { type: "primitive", tone: "number", text: String(n) } }, at: n });

describe("event pump", () => {
  test("the latest output and status of each cell win; output comes before status", () => {
    vi.stubGlobal("requestAnimationFrame", () => 0);
    const applied: WorkerEvent[] = [];
    const pump = new EventPump((e) => applied.push(e));
    const flood: WorkerEvent[] = [];
    for (let i = 0; i < 10000; i++) flood.push(status("a", "running"), display("a", i));
    pump.push([...flood, status("a", "done"), status("b", "running")]);
    pump.drain(Infinity);
    expect(applied).toEqual([display("a", 9999), status("a", "done"), status("b", "running")]);
    vi.unstubAllGlobals();
  });

  test("a frame applies at most its budget; the rest waits", () => {
    vi.stubGlobal("requestAnimationFrame", () => 0);
    let clock = 0;
    const applied: string[] = [];
    const pump = new EventPump(
      (e) => {
        applied.push((e as { cell: string }).cell);
        clock += 1;
      },
      () => clock,
    );
    pump.push(Array.from({ length: 100 }, (_, i) => status(`c${i}`, "done")));
    expect(pump.drain(10)).toBe(true);
    expect(applied.length).toBe(11);
    expect(pump.drain(1000)).toBe(false);
    expect(applied.length).toBe(100);
    vi.unstubAllGlobals();
  });

  test("cells on screen are applied first, whatever their place in the queue; the rest keep their order", () => {
    vi.stubGlobal("requestAnimationFrame", () => 0);
    let clock = 0;
    const applied: string[] = [];
    const onScreen = new Set(["c97", "c98"]);
    const pump = new EventPump(
      (e) => {
        applied.push((e as { cell: string }).cell);
        clock += 1;
      },
      () => clock,
      (cell) => onScreen.has(cell),
    );
    pump.push(Array.from({ length: 100 }, (_, i) => status(`c${i}`, "done")));
    expect(pump.drain(2)).toBe(true);
    expect(applied).toEqual(["c97", "c98", "c0"]);
    // A cell that comes on screen later jumps the queue at the next frame.
    onScreen.add("c50");
    pump.drain(0);
    expect(applied.at(-1)).toBe("c50");
    expect(pump.drain(1000)).toBe(false);
    expect(applied.slice(4)).toEqual(Array.from({ length: 100 }, (_, i) => `c${i}`).filter((c) => !["c0", "c50", "c97", "c98"].includes(c)));
    vi.unstubAllGlobals();
  });
});

describe("event pump: console lines", () => {
  const line = (cell: string, text: string, reset = false): WorkerEvent => ({ type: "console", cell, reset, lines: [{ level: "log", text, count: 1 }], omitted: 0, at: 0 });

  test("lines of a cell are merged, repeats counted, and a new run starts afresh", () => {
    vi.stubGlobal("requestAnimationFrame", () => 0);
    const applied: WorkerEvent[] = [];
    const pump = new EventPump((e) => applied.push(e));
    pump.push([line("a", "old", true), line("a", "old")]);
    pump.push([status("a", "running"), line("a", "new", true), line("a", "new"), line("a", "new"), line("a", "done")]);
    pump.drain(Infinity);
    expect(applied).toEqual([
      status("a", "running"),
      { type: "console", cell: "a", reset: true, lines: [{ level: "log", text: "new", count: 3 }, { level: "log", text: "done", count: 1 }], omitted: 0, at: 0 },
    ]);
    vi.unstubAllGlobals();
  });

  test("a flood of lines waits as at most the cap, the rest counted", () => {
    vi.stubGlobal("requestAnimationFrame", () => 0);
    const applied: WorkerEvent[] = [];
    const pump = new EventPump((e) => applied.push(e));
    pump.push(Array.from({ length: 5000 }, (_, i) => line("a", `line ${i}`, i === 0)));
    pump.drain(Infinity);
    const event = applied[0] as Extract<WorkerEvent, { type: "console" }>;
    expect(event.lines).toHaveLength(200);
    expect(event.lines[199]!.text).toBe("line 199");
    expect(event.omitted).toBe(4800);
    vi.unstubAllGlobals();
  });
});
