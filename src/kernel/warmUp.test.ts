import { describe, expect, it } from "vitest";
import { harness } from "./testing";
import { WARM_UP_GROUP_SIZE, warmUp, warmUpCells } from "./warmUp";

/** Runs queued `later` steps one by one, as the worker's timer would. */
function stepper() {
  const queue: (() => void)[] = [];
  return { later: (next: () => void) => void queue.push(next), runOne: () => queue.shift()?.(), get queued() { return queue.length; } };
}

describe("the kernel warm-up", () => {
  it("is a notebook whose every cell computes without error, and leaves no global behind", async () => {
    const before = new Set(Object.getOwnPropertyNames(globalThis));
    const h = harness();
    const cells = warmUpCells(3);
    h.kernel.setCells(cells);
    const last = cells.at(-1)!.id;
    for (let k = 0; k < 100 && h.status(last) !== "done"; k++) await new Promise((r) => setTimeout(r, 0));
    for (const cell of cells) expect([cell.id, h.status(cell.id)]).toEqual([cell.id, "done"]);
    // The chain runs through every group: group 2's first value is 1 + 0 + 1 + 2.
    expect(h.kernel.value("warm2")).toBe(4);
    expect(h.kernel.value("later2")).toBe(2 + 4);
    expect(Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name))).toEqual([]);
  });

  it("adds a group a step, shows each value to `look`, and stops at once when told", async () => {
    const seen: unknown[] = [];
    const steps = stepper();
    let stop = false;
    warmUp((value) => seen.push(value), () => stop, steps.later, 4);
    // The first group went in at once; the rest wait for their steps.
    expect(steps.queued).toBe(1);
    steps.runOne();
    await new Promise((r) => setTimeout(r, 0));
    const afterTwo = seen.length;
    // Two groups' code cells showed their values (the markdown cell shows no value event).
    expect(afterTwo).toBeGreaterThanOrEqual(2 * (WARM_UP_GROUP_SIZE - 2));
    stop = true;
    steps.runOne();
    expect(steps.queued).toBe(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(seen.length).toBe(afterTwo);
  });

  it("frees its notebook after the last group", () => {
    const steps = stepper();
    warmUp(() => {}, () => false, steps.later, 2);
    steps.runOne();
    steps.runOne();
    expect(steps.queued).toBe(0);
  });
});
