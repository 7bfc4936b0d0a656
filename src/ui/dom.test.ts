import { afterEach, describe, expect, test, vi } from "vitest";
import { afterFrame, HIDDEN_FRAME_MS, soon } from "./dom";

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** Frames by hand: `draw()` runs the callbacks asked for since the last one, as a frame would. */
function frames() {
  let callbacks: FrameRequestCallback[] = [];
  vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => {
    callbacks.push(callback);
    return callbacks.length;
  });
  return {
    draw() {
      const now = callbacks;
      callbacks = [];
      for (const callback of now) callback(performance.now());
    },
    get asked() {
      return callbacks.length;
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("soon", () => {
  test("runs the task in a task of its own, after the current one", async () => {
    const order: string[] = [];
    soon(() => order.push("task"));
    order.push("caller");
    // Not in this task, nor in its microtasks.
    await Promise.resolve();
    expect(order).toEqual(["caller"]);
    // A message's task: in Node it may come after a zero-delay timer, so it is waited for.
    await vi.waitFor(() => expect(order).toEqual(["caller", "task"]), { timeout: 1000, interval: 5 });
  });
});

describe("afterFrame", () => {
  test("waits for the next frame and then runs outside the frame's own callbacks, once", async () => {
    const frame = frames();
    let runs = 0;
    let inFrame = false;
    let ranInFrame = false;
    afterFrame(() => {
      runs++;
      ranInFrame ||= inFrame;
    });
    await tick(5);
    expect(runs).toBe(0); // no frame yet
    expect(frame.asked).toBe(1);
    inFrame = true;
    frame.draw();
    inFrame = false;
    expect(runs).toBe(0); // not inside the frame's task
    // The task the frame posted, well before the hidden-tab timer (HIDDEN_FRAME_MS after the call).
    await vi.waitFor(() => expect(runs).toBe(1), { timeout: HIDDEN_FRAME_MS / 2, interval: 2 });
    expect(ranInFrame).toBe(false);
    await tick(HIDDEN_FRAME_MS + 20); // the hidden-tab timer does not run it again
    expect(runs).toBe(1);
  });

  test("runs after HIDDEN_FRAME_MS when no frame comes (a hidden tab), and not again when one does", async () => {
    const frame = frames();
    let runs = 0;
    afterFrame(() => runs++);
    await tick(HIDDEN_FRAME_MS / 2);
    expect(runs).toBe(0);
    await tick(HIDDEN_FRAME_MS);
    expect(runs).toBe(1);
    frame.draw();
    await tick(5);
    expect(runs).toBe(1);
  });
});
