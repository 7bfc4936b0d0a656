import { afterEach, describe, expect, it, vi } from "vitest";
import { harness } from "./testing";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const g = globalThis as Record<string, unknown>;

afterEach(() => {
  delete g.__ticks;
  delete g.__made;
  delete g.__order;
});

describe("work a cell schedules carries that cell", () => {
  it("an exception thrown later from setTimeout shows on the cell that scheduled it, with its line and column", async () => {
    const h = harness();
    h.set([
      ["t", "const t = 1;\nsetTimeout(() => { (null as any).boom }, 0);"],
      ["reader", "const reader = t + 1"],
      ["other", "const other = 2"],
    ]);
    expect(h.status("t")).toBe("done");
    await h.kernel.settled();
    expect(h.error("t")).toMatchObject({ kind: "exception", cell: "t", name: "TypeError", line: 2, column: 34 });
    expect(h.error("reader")).toMatchObject({ kind: "upstream", upstream: "t" });
    expect([h.status("other"), h.kernel.value("other")]).toEqual(["done", 2]);
  });

  it.each([
    ["queueMicrotask", "queueMicrotask(() => { throw new Error('micro') })", "micro"],
    ["setInterval", "const id = setInterval(() => { throw new Error('tick') }, 1)", "tick"],
    ["a string thrown by a timer", "setTimeout(() => { throw 'late' }, 1)", 'Uncaught "late"'],
  ])("%s: a callback's exception is that cell's error", async (_name, source, message) => {
    const h = harness();
    h.set([["c", source], ["d", "const d = 1"]]);
    await h.kernel.settled();
    await sleep(20);
    expect(h.error("c")).toMatchObject({ kind: "exception", message });
    expect(h.status("d")).toBe("done");
  });

  it("tells the host which cell's callback is about to run, before it runs", async () => {
    const seen: string[] = [];
    g.__order = seen;
    const h = harness({ onCallback: (cell) => seen.push(`enter ${cell}`) });
    h.set([
      ["timer", "setTimeout(() => (globalThis as any).__order.push('timer ran'), 0)"],
      ["promise", "new Promise((resolve) => resolve(1)).then(() => (globalThis as any).__order.push('then ran'))"],
      ["micro", "queueMicrotask(() => (globalThis as any).__order.push('micro ran'))"],
    ]);
    await h.kernel.settled();
    await sleep(5);
    for (const [cell, ran] of [["timer", "timer ran"], ["promise", "then ran"], ["micro", "micro ran"]]) {
      expect(seen.indexOf(`enter ${cell}`)).toBeGreaterThanOrEqual(0);
      expect(seen.indexOf(`enter ${cell}`)).toBe(seen.indexOf(ran) - 1);
    }
  });

  it("a callback a cell registers on another cell's promise is announced as the registering cell's work", async () => {
    const seen: string[] = [];
    g.__order = seen;
    const h = harness({ onCallback: (cell) => seen.push(`enter ${cell}`) });
    h.set([
      ["maker", "const g = (() => { let r: (v: number) => void = () => {}; const p = new Promise<number>((x) => (r = x)); return { p, r }; })()"],
      ["waiter", "g.p.then(() => (globalThis as any).__order.push('waiter ran')); 'waiter'"],
      ["releaser", "setTimeout(() => g.r(1), 5); 'releaser'"],
    ]);
    await h.kernel.settled();
    await sleep(30);
    // It was blamed on the promise's maker: a stuck callback then named, and Stop interrupted, the wrong cell.
    expect(seen.indexOf("waiter ran")).toBeGreaterThan(0);
    expect(seen[seen.indexOf("waiter ran") - 1]).toBe("enter waiter");
  });

  it("a generator's pulls carry its cell", async () => {
    const seen: string[] = [];
    const h = harness({ onCallback: (cell) => seen.push(cell) });
    h.set([["gen", "const n = (function* () { for (let i = 0; i < 3; i++) yield i })()"], ["x", "const x = n"]]);
    await sleep(50);
    expect(h.values("gen")).toEqual([0, 1, 2]);
    expect(seen.filter((c) => c === "gen").length).toBeGreaterThanOrEqual(2);
  });

  it("an interval stops when its cell re-runs, and when it is deleted", async () => {
    g.__ticks = { a: 0, b: 0 };
    const h = harness();
    const source = (key: string) => `setInterval(() => (globalThis as any).__ticks.${key}++, 1); "${key}"`;
    h.set([["i", source("a")]]);
    await sleep(20);
    h.set([["i", source("b")]]);
    const a = (g.__ticks as { a: number }).a;
    expect(a).toBeGreaterThan(0);
    await sleep(20);
    expect((g.__ticks as { a: number }).a).toBe(a);
    const b = (g.__ticks as { b: number }).b;
    expect(b).toBeGreaterThan(0);
    h.set([]);
    await sleep(20);
    expect((g.__ticks as { b: number }).b).toBeLessThanOrEqual(b + 1);
  });

  it("re-running a cell clears its intervals and timeouts, not only ignores them", () => {
    const clearInterval = vi.spyOn(globalThis, "clearInterval");
    const clearTimeout = vi.spyOn(globalThis, "clearTimeout");
    try {
      const h = harness();
      h.set([["i", "[setInterval(() => {}, 1000), setTimeout(() => {}, 1000)]"]]);
      const [interval, timeout] = h.values("i")[0] as unknown[];
      h.set([["i", "2"]]);
      expect(clearInterval).toHaveBeenCalledWith(interval);
      expect(clearTimeout).toHaveBeenCalledWith(timeout);
    } finally {
      clearInterval.mockRestore();
      clearTimeout.mockRestore();
    }
  });

  it("a timeout cleared by another cell no longer counts as pending work", async () => {
    const h = harness();
    h.set([["a", "const id = setTimeout(() => {}, 60_000)"], ["b", "clearTimeout(id)"]]);
    const done = await Promise.race([h.kernel.settled().then(() => "settled"), sleep(200).then(() => "still waiting")]);
    expect(done).toBe("settled");
  });

  it("a pending timeout is cleared when its cell re-runs, so its error never shows", async () => {
    const h = harness();
    h.set([["c", "setTimeout(() => { throw new Error('old') }, 20); 1"]]);
    h.set([["c", "2"]]);
    await sleep(40);
    expect([h.status("c"), h.values("c")]).toEqual(["done", [1, 2]]);
  });

  it("a late error does not override a newer run of the cell", async () => {
    const h = harness();
    h.set([["c", "const p = new Promise((resolve) => setTimeout(resolve, 30)); setTimeout(() => { throw new Error('late') }, 5); await p; 1"]]);
    await sleep(60);
    expect(h.error("c")).toMatchObject({ message: "late" });
    h.set([["c", "3"]]);
    expect(h.values("c").at(-1)).toBe(3);
  });
});

describe("globals a cell replaces", () => {
  it("with globalThis.setTimeout and Promise replaced (as a cell may do), other cells' timers and promises still work", async () => {
    const saved = { setTimeout: g.setTimeout, Promise: g.Promise };
    const h = harness();
    // Replaced only while the cells run (synchronously here): the test runner shares these globals.
    g.setTimeout = () => 0;
    g.Promise = null;
    try {
      h.set([
        ["timer", "const waited = await new Promise<number>((r) => setTimeout(() => r(2), 5))"],
        ["sum", "const sum = waited + 1"],
      ]);
    } finally {
      g.setTimeout = saved.setTimeout;
      g.Promise = saved.Promise;
    }
    await sleep(30);
    await h.kernel.idle();
    // With the globals read when used, the timer never fired ("schedule is not a function" in the runner).
    expect(h.kernel.value("sum")).toBe(3);
    expect(h.status("timer")).toBe("done");
  });
});

describe("unhandled rejections", () => {
  it("a rejection of a promise a cell made is that cell's error, and never another cell's", () => {
    const h = harness();
    h.set([
      ["maker", "const made = 1; (globalThis as any).__made = Promise.reject(new Error('nobody caught me'))"],
      ["bystander", "const bystander = 2"],
    ]);
    const promise = g.__made as Promise<unknown>;
    let reason: unknown;
    promise.catch((e) => (reason = e));
    return Promise.resolve().then(() => {
      expect(h.kernel.reportUnhandled(reason, promise)).toBe("maker");
      expect(h.error("maker")).toMatchObject({ kind: "exception", message: "nobody caught me", line: 1 });
      expect(h.status("bystander")).toBe("done");
    });
  });

  it("a rejection derived with .then from a cell's promise is attributed to that cell", async () => {
    const h = harness();
    h.set([["maker", "(globalThis as any).__made = Promise.resolve(1).then(() => { throw 'derived' })"], ["other", "1"]]);
    const promise = g.__made as Promise<unknown>;
    const reason = await promise.catch((e) => e);
    expect(h.kernel.reportUnhandled(reason, promise)).toBe("maker");
    expect(h.error("maker")).toMatchObject({ message: 'Uncaught "derived"' });
  });

  it("an error thrown by a handler of a run's invalidation belongs to that run: the next run keeps its value", async () => {
    const h = harness();
    const made: { reason: unknown; promise: Promise<unknown> }[] = [];
    g.__keep = (promise: Promise<unknown>) => void promise.catch((reason) => made.push({ reason, promise }));
    const cells = (src: number): [string, string][] => [
      ["src", `const src = ${src}`],
      ["dep", "(globalThis as any).__keep(invalidation.then(() => { throw new Error('inv boom') })); const dep = src * 2"],
    ];
    h.set(cells(1));
    await h.kernel.idle();
    for (const src of [2, 3, 4]) {
      h.set(cells(src));
      await h.kernel.idle();
      await sleep(1);
      // The old run's handler threw as the new run started: reported, it was shown instead of the new value every other edit.
      const last = made.at(-1)!;
      expect(h.kernel.reportUnhandled(last.reason, last.promise)).toBeNull();
      expect(h.kernel.value("dep")).toBe(src * 2);
      expect(h.status("dep")).toBe("done");
    }
  });

  it("without the promise, the outermost cell frame of the error's stack names the cell", () => {
    const h = harness();
    h.set([["a", "function makeError() { return new Error('from a') }"], ["b", "const e = makeError()"]]);
    expect(h.kernel.reportUnhandled(h.kernel.value("e"))).toBe("b");
    expect(h.status("a")).toBe("done");
  });

  it("a rejection no cell can be named for blames nobody", () => {
    const h = harness();
    h.set([["a", "const a = 1"], ["b", "const b = 2"]]);
    expect(h.kernel.reportUnhandled(new Error("from the host"), Promise.resolve())).toBeNull();
    expect(h.kernel.reportUnhandled("a string")).toBeNull();
    expect([h.status("a"), h.status("b")]).toEqual(["done", "done"]);
  });

  it("a promise made by a cell's Promise is still instanceof Promise, and native promises are instanceof the cell's", () => {
    const h = harness();
    h.set([["c", "[new Promise(() => {}) instanceof Promise, (async () => 1)() instanceof Promise, Promise.name]"]]);
    expect(h.values("c")[0]).toEqual([true, true, "Promise"]);
  });
});

describe("widget values set from outside", () => {
  it("a view declared under a name in viewValues starts at that value before readers run", async () => {
    const { view } = await import("./view");
    const h = harness({ builtins: { slider: (value: number) => view(value) }, viewValues: { rate: 25 } });
    h.set([["w", "const rate = slider(10)"], ["r", "const r = rate * 2"]]);
    expect(h.kernel.value("r")).toBe(50);
    expect(h.kernel.runs("r")).toBe(1);
  });
});
