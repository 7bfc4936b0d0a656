import { describe, expect, it } from "vitest";
import { harness } from "./testing";

describe("syntax errors", () => {
  it("a typo in a cell whose names do not change shows its line and column, not a crash", () => {
    const h = harness();
    h.set([["e", "1 + 1"]]);
    h.set([["e", "1 +\n(2 *"]]);
    expect(h.status("e")).toBe("error");
    expect(h.error("e")).toMatchObject({ kind: "syntax", line: 2, column: 5 });
  });

  it("a syntax error present at open clears as soon as it is fixed into an expression with no free names", () => {
    const h = harness();
    h.set([["e", "1 +"]]);
    expect(h.error("e")).toMatchObject({ kind: "syntax" });
    h.set([["e", "1 + 2"]]);
    expect([h.status("e"), h.values("e")]).toEqual(["done", [3]]);
  });

  it("a second typo shows its own message and position", () => {
    const h = harness();
    h.set([["e", "1 +"]]);
    const first = h.error("e");
    h.set([["e", "const q = 1\nconst = 2"]]);
    const second = h.error("e");
    expect(second).toMatchObject({ kind: "syntax", line: 2 });
    expect(second).not.toEqual(first);
  });

  it("a syntax error in a cell that declares the same names as before blocks its readers, and fixing it unblocks them", () => {
    const h = harness();
    h.set([["a", "const a = 1"], ["r", "a * 2"]]);
    h.set([["a", "const a = 1 +"], ["r", "a * 2"]]);
    expect(h.error("a")).toMatchObject({ kind: "syntax", line: 1 });
    expect(h.error("r")).toMatchObject({ kind: "upstream", upstream: "a", message: "a could not be computed because the cell defining `a` failed" });
    h.set([["a", "const a = 5"], ["r", "a * 2"]]);
    expect(h.values("r").at(-1)).toBe(10);
  });
});

describe("reassigning another cell's name", () => {
  it.each([
    ["plain assignment", "m = 2", 1, 1],
    ["increment", "m++", 1, 1],
    ["compound assignment on a later line", "const k = 1;\nm += k", 2, 1],
    ["array destructuring", "[m] = [3]", 1, 2],
    ["object destructuring", "({m} = {m: 4})", 1, 3],
    ["inside a function", "function bump() { m = m + 1 }", 1, 19],
    ["a for-of target", "for (m of [1, 2]) {}", 1, 6],
  ])("%s is an error on the assigning cell naming the defining cell; readers keep their value", (_name, source, line, column) => {
    const h = harness();
    h.set([["def", "let m = 1"], ["w", source], ["r", "const r = m * 10"]]);
    expect(h.error("w")).toMatchObject({ kind: "reassign", name: "m", definer: "def", line, column, message: "cannot assign to m: it is defined by cell 1" });
    expect(h.kernel.runs("w")).toBe(0);
    expect([h.kernel.value("m"), h.kernel.value("r"), h.status("r")]).toEqual([1, 10, "done"]);
  });

  it.each([
    ["a property write", "m.x = 2; m.x"],
    ["a local of the same name", "{ let m = 0; m = 5 }"],
    ["a parameter of the same name", "((m) => { m = 3 })(0)"],
    ["its own name", "let q = 1; q = 2; q"],
  ])("%s is not a reassignment", (_name, source) => {
    const h = harness();
    h.set([["def", "let m = {x: 1}"], ["w", source]]);
    expect(h.status("w")).toBe("done");
  });

  it("the error goes away once the assignment is removed", () => {
    const h = harness();
    h.set([["def", "let m = 1"], ["w", "m = 2"]]);
    h.set([["def", "let m = 1"], ["w", "m + 2"]]);
    expect([h.status("w"), h.values("w")]).toEqual(["done", [3]]);
  });
});

describe("messages name cells by what they define", () => {
  it("an upstream failure is named by the names the failing cell defines, never its id", () => {
    const h = harness();
    h.set([["cmx4bs1h34w9", "const rate: number = (null as any).x"], ["u", "const u = rate + 1"]]);
    expect(h.error("u")?.message).toBe("rate could not be computed because the cell defining `rate` failed");
    expect(h.error("u")?.message).not.toContain("cmx4bs1h34w9");
  });

  it("a cell that defines nothing is named by its position", () => {
    const h = harness();
    h.set([["x1", "const a = 1"], ["x2", "a + 1"]]);
    expect([h.kernel.label("x1"), h.kernel.label("x2")]).toEqual(["the cell defining `a`", "cell 2"]);
  });

  it("a cycle shows its path by names", () => {
    const h = harness();
    h.set([["id1", "const a = b"], ["id2", "const b = a"]]);
    expect(h.error("id1")?.message).toBe("circular definition: a → b → a");
  });

  it.each([
    ["a string", 'throw "x"', 'Uncaught "x"'],
    ["an object", "throw {code: 42}", "Uncaught {code: 42}"],
    ["undefined from a rejected promise", "await Promise.reject()", "Uncaught undefined"],
    ["a number", "throw 7", "Uncaught 7"],
    ["an array", 'throw [1, "two"]', 'Uncaught [1, "two"]'],
  ])("a thrown non-Error value (%s) is shown as the value", async (_name, source, message) => {
    const h = harness();
    h.set([["t", source]]);
    await h.kernel.idle();
    expect(h.error("t")).toMatchObject({ kind: "exception", message });
  });

  it("an anonymous function shown as a cell's value keeps no hidden name", () => {
    const h = harness();
    h.set([["f", "(a: number, b: number) => a + b"], ["g", "function foo(a, b) { return a }"]]);
    expect((h.values("f")[0] as () => void).name).toBe("");
    expect((h.values("g")[0] as () => void).name).toBe("foo");
  });
});
