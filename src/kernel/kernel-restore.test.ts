import { describe, expect, test } from "vitest";
import { Kernel } from "./kernel";

describe("restoring cells after a restart", () => {
  test("a restored cell returns what it is given instead of running; its readers run with it; an edit runs it for real", async () => {
    let runs = 0;
    const saved = new Map([["slow", "const slow = count()"]]);
    const kernel = new Kernel({
      builtins: { count: () => ++runs },
      // As the worker does: each saved cell is offered once, and only for the source it ran.
      restore: (cell, source, compiled) => {
        const match = saved.get(cell) === source;
        saved.delete(cell);
        return match ? { ...compiled, async: false, body: () => [undefined, 41] } : null;
      },
    });
    kernel.setCells([
      { id: "slow", kind: "code", source: "const slow = count()" },
      { id: "reader", kind: "code", source: "const reader = slow + 1" },
    ]);
    await kernel.idle();
    expect(runs).toBe(0);
    expect(kernel.value("slow")).toBe(41);
    expect(kernel.value("reader")).toBe(42);
    kernel.setCells([
      { id: "slow", kind: "code", source: "const slow = count() * 10" },
      { id: "reader", kind: "code", source: "const reader = slow + 1" },
    ]);
    await kernel.idle();
    expect(runs).toBe(1);
    expect(kernel.value("reader")).toBe(11);
  });
});
