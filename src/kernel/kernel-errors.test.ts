import { describe, expect, it } from "vitest";
import { Kernel } from "./kernel";
import { harness } from "./testing";

describe("Kernel errors", () => {
  it("shows an exception on its own cell with the TypeScript line and column", () => {
    const h = harness();
    h.set([["e", "const n: number = 1;\nconst bad: string = (null as any).field;"]]);
    expect(h.status("e")).toBe("error");
    expect(h.error("e")).toMatchObject({ kind: "exception", cell: "e", name: "TypeError", line: 2, column: 35 });
    expect(h.error("e")?.message).toMatch(/null/);
    const stack = (h.error("e") as { stack?: string }).stack ?? "";
    expect(stack.split("\n").at(-1)).toMatch(/caravan-cell-\d+\.js:\d+:\d+\)$/);
    expect(stack).not.toMatch(/schedule|kernel\.ts/);
  });

  it.each([
    ["after a top-level await", "code", "const x: number = await Promise.resolve(1);\nconst y = (null as any).z;", 2, 25],
    ["inside a markdown interpolation", "markdown", "# ${(null as any).q}", 1, 19],
  ] as const)("locates an exception %s", async (_name, kind, source, line, column) => {
    const h = harness();
    h.set([["e", source, { kind }]]);
    await h.kernel.idle();
    expect(h.error("e")).toMatchObject({ kind: "exception", line, column });
  });

  it.each([
    ["a thrown proxy whose traps throw", "throw new Proxy({}, { get() { throw new Error('trap') }, getPrototypeOf() { throw new Error('trap') } })"],
    ["a thrown revoked proxy", "const r = Proxy.revocable({}, {}); r.revoke(); throw r.proxy"],
    ["a value that is a proxy whose traps throw", "const pv = new Proxy({}, { get() { throw new Error('trap') }, ownKeys() { throw new Error('trap') } }); pv"],
    ["a rejected promise of such a proxy", "await Promise.reject(new Proxy({}, { get() { throw new Error('trap') } }))"],
  ])("fails only its own cell on %s: the kernel reads it without throwing, the other cells compute", async (_name, source) => {
    const h = harness();
    h.set([
      ["a", "const a = 1"],
      ["p", source],
      ["b", "const b = 2"],
      ["c", "const c = a + b"],
    ]);
    await h.kernel.idle();
    expect(h.status("p")).toBe("error");
    expect(h.error("p")).toMatchObject({ kind: "exception", cell: "p" });
    expect(h.error("p")?.message).toMatch(/trap|cannot be read/);
    expect([h.kernel.value("a"), h.kernel.value("b"), h.kernel.value("c")]).toEqual([1, 2, 3]);
    expect([h.status("a"), h.status("b"), h.status("c")]).toEqual(["done", "done", "done"]);
  });

  it("blocks dependents with an upstream error naming the failing cell, and never runs them", () => {
    const h = harness();
    h.set([
      ["root", "const root: number = (() => { throw new Error('boom') })()"],
      ["mid", "const mid = root + 1"],
      ["leaf", "const leaf = mid + 1"],
      ["free", "const free = 1"],
    ]);
    expect(h.error("root")).toMatchObject({ kind: "exception", message: "boom", line: 1 });
    expect(h.error("mid")).toMatchObject({ kind: "upstream", upstream: "root", message: "root could not be computed because the cell defining `root` failed" });
    expect(h.error("leaf")).toMatchObject({ kind: "upstream", upstream: "root", message: "mid could not be computed because the cell defining `root` failed" });
    expect([h.kernel.runs("mid"), h.kernel.runs("leaf")]).toEqual([0, 0]);
    expect(h.kernel.value("free")).toBe(1);
  });

  it("recovers dependents once the failing cell is fixed", () => {
    const h = harness();
    h.set([["a", "const a = (null as any).x"], ["b", "const b = a + 1"]]);
    h.set([["a", "const a = 1"], ["b", "const b = a + 1"]]);
    expect([h.status("b"), h.kernel.value("b")]).toEqual(["done", 2]);
  });

  it.each([
    ["a TypeScript syntax error", "const x: = 1", 1, 10],
    ["an error on a later line", "const a = 1\nconst b = a +;", 2, 14],
  ])("reports %s as kind syntax with its position, blocking readers", (_name, source, line, column) => {
    const h = harness();
    h.set([["s", source], ["r", "typeof a"]]);
    expect(h.error("s")).toMatchObject({ kind: "syntax", line, column });
    expect(h.kernel.runs("s")).toBe(0);
  });

  it("says `x is not defined` for a name nobody defines", () => {
    const h = harness();
    h.set([["r", "x + 1"]]);
    expect(h.error("r")).toEqual({ kind: "undefined", cell: "r", name: "x", message: "x is not defined" });
  });

  it("reports circular definition with the path on every cell of a cycle, and blocks its readers", () => {
    const h = harness();
    h.set([["a", "const a = c + 1"], ["b", "const b = a + 1"], ["c", "const c = b + 1"], ["r", "const r = a"], ["free", "const free = 1"]]);
    expect(h.error("a")).toMatchObject({ kind: "cycle", message: "circular definition: a → c → b → a", path: ["a", "c", "b", "a"] });
    expect(h.error("b")).toMatchObject({ kind: "cycle", path: ["b", "a", "c", "b"] });
    expect(h.error("c")).toMatchObject({ kind: "cycle", path: ["c", "b", "a", "c"] });
    expect(h.error("r")).toMatchObject({ kind: "upstream", upstream: "a" });
    expect(h.kernel.value("free")).toBe(1);
    h.set([["a", "const a = 1"], ["b", "const b = a + 1"], ["c", "const c = b + 1"], ["r", "const r = a"], ["free", "const free = 1"]]);
    expect([h.kernel.value("c"), h.kernel.value("r"), h.kernel.runs("free")]).toEqual([3, 1, 1]);
  });

  const duplicated: [string, string][] = [
    ["d1", "const x = 1"],
    ["d2", "const x = 2"],
    ["r", "const r = x * 10"],
  ];

  it("reports `x is defined more than once` on each definer and blocks readers", () => {
    const h = harness();
    h.set(duplicated);
    for (const id of ["d1", "d2"]) {
      expect(h.error(id)).toMatchObject({ kind: "duplicate", name: "x", message: "x is defined more than once", definers: ["d1", "d2"] });
    }
    expect(h.error("r")).toMatchObject({ message: "x is defined more than once" });
    expect(h.kernel.runs("r")).toBe(0);
  });

  it.each([
    ["deleting one definer", [duplicated[1], duplicated[2]], 20],
    ["renaming one definer", [["d1", "const y = 1"], duplicated[1], duplicated[2]] as [string, string][], 20],
  ])("restores the other definer after %s", (_name, cells, r) => {
    const h = harness();
    h.set(duplicated);
    h.set(cells);
    expect([h.status("d2"), h.kernel.value("x"), h.kernel.value("r")]).toEqual(["done", 2, r]);
  });

  it("keeps independent cells running when one fails", () => {
    const h = harness();
    h.set([["bad", "throw new Error('no')"], ["good", "const good = 5"]]);
    expect([h.status("bad"), h.status("good")]).toEqual(["error", "done"]);
  });

  it("reports an error thrown inside a function defined by another cell on the calling cell", () => {
    const h = harness();
    h.set([["f", "function f() { throw new RangeError('out of range') }"], ["call", "f()"]]);
    expect(h.error("call")).toMatchObject({ kind: "exception", name: "RangeError", message: "out of range", line: 1, column: 1 });
    expect(h.status("f")).toBe("done");
  });

  it("an observer that throws does not stop the schedule", () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (e: unknown) => errors.push(e);
    try {
      const k = new Kernel({
        observer: () => {
          throw new Error("observer bug");
        },
      });
      k.setCells([{ id: "a", kind: "code", source: "const a = 1" }, { id: "b", kind: "code", source: "const b = a + 1" }]);
      expect(k.value("b")).toBe(2);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      console.error = original;
    }
  });
});
