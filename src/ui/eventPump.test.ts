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
});
