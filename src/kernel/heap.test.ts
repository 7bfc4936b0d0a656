import { describe, expect, it } from "vitest";
import { MinHeap } from "./heap";

describe("MinHeap", () => {
  it.each([
    ["ascending input", [1, 2, 3, 4]],
    ["descending input", [9, 7, 5, 3, 1]],
    ["duplicates", [4, 1, 4, 1, 2]],
    ["a seeded shuffle of 200 values", shuffled(200, 42)],
  ])("pops %s in ascending order", (_name, values) => {
    const heap = new MinHeap();
    for (const v of values) heap.push(v);
    const out: number[] = [];
    for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
    expect(out).toEqual([...values].sort((a, b) => a - b));
    expect(heap.size).toBe(0);
  });
});

/** 0..n-1 shuffled by a seeded Park-Miller generator. */
function shuffled(n: number, seed: number): number[] {
  let s = seed;
  const random = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const values = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}
