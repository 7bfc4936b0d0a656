import { describe, expect, it } from "vitest";
import { harness } from "./testing";

/** A promise the test resolves by hand, exposed to cells as a builtin. */
function gate<T = number>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** Waits until `check` holds (generators pull a frame at a time). */
async function until(check: () => boolean, timeout = 2000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe("Kernel async", () => {
  it("supports top-level await", async () => {
    const h = harness();
    h.set([["a", "const a = await new Promise<number>((r) => setTimeout(() => r(41), 5))"], ["b", "const b = a + 1"]]);
    await h.kernel.idle();
    expect(h.kernel.value("b")).toBe(42);
  });

  it("awaits a declared promise before dependents run", async () => {
    const h = harness();
    h.set([["p", "const p = Promise.resolve(7)"], ["use", "typeof p === 'number' ? p * 2 : 'not awaited'"]]);
    expect(h.kernel.runs("use")).toBe(0);
    await h.kernel.idle();
    expect(h.values("use")).toEqual([14]);
    expect(h.kernel.value("p")).toBe(7);
  });

  it("awaits a displayed promise before showing it", async () => {
    const h = harness();
    h.set([["p", "Promise.resolve(7)"]]);
    expect([h.values("p"), h.status("p")]).toEqual([[], "running"]);
    await h.kernel.idle();
    expect([h.values("p"), h.status("p")]).toEqual([[7], "done"]);
  });

  it("shows a rejected promise as an exception on its cell, blocking dependents", async () => {
    const h = harness();
    h.set([["a", "const a = await Promise.reject(new Error('late failure'))"], ["b", "const b = a"]]);
    await h.kernel.idle();
    expect(h.error("a")).toMatchObject({ kind: "exception", message: "late failure" });
    expect(h.error("b")).toMatchObject({ kind: "upstream", upstream: "a" });
  });

  it("discards a stale async result when an upstream cell changes during the run", async () => {
    const first = gate();
    const second = gate();
    const h = harness({ builtins: { first: first.promise, second: second.promise } });
    h.set([["x", "const x = 1"], ["slow", "const slow = await (x === 1 ? first : second) + x"], ["after", "const after = slow * 10"]]);
    expect(h.status("slow")).toBe("running");
    h.set([["x", "const x = 2"], ["slow", "const slow = await (x === 1 ? first : second) + x"], ["after", "const after = slow * 10"]]);
    second.open(200);
    await h.kernel.idle();
    first.open(100);
    await new Promise((r) => setTimeout(r, 10));
    expect(h.values("slow")).toEqual([202]);
    expect(h.values("after")).toEqual([2020]);
    expect(h.kernel.runs("after")).toBe(1);
  });

  it("drops a stale rejection: the old run's failure is never shown", async () => {
    const first = gate();
    const h = harness({ builtins: { first: first.promise } });
    h.set([["x", "const x = 1"], ["slow", "const slow = x === 1 ? await first.then(() => { throw new Error('old') }) : x"]]);
    h.set([["x", "const x = 2"], ["slow", "const slow = x === 1 ? await first.then(() => { throw new Error('old') }) : x"]]);
    first.open(0);
    await new Promise((r) => setTimeout(r, 10));
    expect(h.events.filter((e) => e.type === "error")).toEqual([]);
    expect(h.kernel.value("slow")).toBe(2);
  });

  it("idle waits for awaited promises", async () => {
    const g = gate();
    const h = harness({ builtins: { g: g.promise } });
    h.set([["w", "const w = await g"]]);
    let settled = false;
    void h.kernel.idle().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false);
    g.open(1);
    await h.kernel.idle();
    expect(h.kernel.value("w")).toBe(1);
  });

  it("updates dependents with every value a generator yields", async () => {
    const h = harness();
    h.set([["g", "const g = (function* () { yield 1; yield 2; yield 3 })()"], ["d", "const d = g * 10"]]);
    await until(() => h.values("d").length === 3);
    expect(h.values("d")).toEqual([10, 20, 30]);
    expect(h.values("g")).toEqual([1, 2, 3]);
    expect(h.kernel.runs("g")).toBe(1);
  });

  it("pulls async generators too, as display values", async () => {
    const h = harness();
    h.set([["s", "(async function* () { yield 'a'; await null; yield 'b' })()"]]);
    await until(() => h.values("s").length === 2);
    expect(h.values("s")).toEqual(["a", "b"]);
  });

  it.each([
    ["re-runs", (set: (src: string) => void) => set("const g = 0")],
    ["is deleted", (_set: (src: string) => void, h: ReturnType<typeof harness>) => h.set([])],
  ])("closes a generator when its cell %s", async (_name, change) => {
    const closed: string[] = [];
    const h = harness({ builtins: { closed } });
    const set = (source: string) => h.set([["g", source]]);
    set("const g = (function* () { try { let i = 0; while (true) yield i++ } finally { closed.push('closed') } })()");
    await until(() => h.values("g").length >= 2);
    change(set, h);
    expect(closed).toEqual(["closed"]);
    const count = h.values("g").length;
    await new Promise((r) => setTimeout(r, 20));
    expect(h.values("g").length).toBe(count);
  });

  it.each([
    ["re-run", (h: ReturnType<typeof harness>) => h.kernel.runCell("c")],
    ["deleted", (h: ReturnType<typeof harness>) => h.set([])],
  ])("resolves invalidation when the cell is %s", async (_name, change) => {
    const h = harness();
    h.set([["c", "const state = { stopped: false }; invalidation.then(() => (state.stopped = true)); state"]]);
    const state = h.values("c")[0] as { stopped: boolean };
    await Promise.resolve();
    expect(state.stopped).toBe(false);
    change(h);
    await Promise.resolve();
    expect(state.stopped).toBe(true);
  });

  it("dispose closes generators, resolves invalidation and releases idle", async () => {
    const log: string[] = [];
    const never = new Promise(() => {});
    const h = harness({ builtins: { log, never } });
    h.set([
      ["g", "const g = (function* () { try { while (true) yield 1 } finally { log.push('closed') } })()"],
      ["i", "invalidation.then(() => log.push('invalidated')); 1"],
      ["w", "const w = await never"],
    ]);
    const idle = h.kernel.idle();
    await new Promise((r) => setTimeout(r, 5));
    h.kernel.dispose();
    await idle;
    await Promise.resolve();
    expect(log.sort()).toEqual(["closed", "invalidated"]);
  });

  it("idle does not wait for an infinite generator", async () => {
    const h = harness();
    h.set([["g", "const g = (function* () { let i = 0; while (true) yield i++ })()"]]);
    await h.kernel.idle();
    expect(h.kernel.value("g")).toBe(0);
    h.kernel.dispose();
  });
});
