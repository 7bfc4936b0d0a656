import { describe, expect, it } from "vitest";
import { RankQueue } from "./rankqueue";

function drain(queue: RankQueue): number[] {
  const out: number[] = [];
  for (let r = queue.pop(); r !== undefined; r = queue.pop()) out.push(r);
  return out;
}

describe("RankQueue", () => {
  it.each([
    ["ascending ranks", [0, 1, 2, 3], [0, 1, 2, 3]],
    ["descending ranks", [9, 7, 5, 3, 1], [1, 3, 5, 7, 9]],
    ["a rank queued twice comes out once", [4, 1, 4, 1, 2], [1, 2, 4]],
    ["ranks past the initial capacity", [5000, 70, 100000], [70, 5000, 100000]],
  ])("pops %s lowest first", (_name, pushed, popped) => {
    const queue = new RankQueue();
    for (const r of pushed) queue.push(r);
    expect(drain(queue)).toEqual(popped);
    expect(queue.size).toBe(0);
  });

  it("takes a rank pushed below the cursor in the middle of a pass next", () => {
    const queue = new RankQueue();
    queue.push(3);
    queue.push(8);
    expect(queue.pop()).toBe(3);
    queue.push(1);
    queue.push(5);
    expect(drain(queue)).toEqual([1, 5, 8]);
  });

  it("is empty after clear", () => {
    const queue = new RankQueue();
    queue.push(2);
    queue.clear();
    expect([queue.size, queue.pop()]).toEqual([0, undefined]);
  });
});
