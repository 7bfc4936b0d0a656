import { describe, expect, it } from "vitest";
import { harness } from "./testing";
import type { CellScope } from "./types";

describe("scoped builtins", () => {
  it("each run of a cell gets its own scope, whose invalidation resolves when the cell re-runs or is deleted", async () => {
    const scopes: CellScope[] = [];
    const h = harness({ builtins: { base: 1 }, scoped: { tool: (scope) => (scopes.push(scope), scope.cell) } });
    h.set([["a", "const a = base"], ["t", "const t = tool + a"]]);
    expect(h.kernel.value("t")).toBe("t1");
    expect(scopes.map((s) => s.cell)).toEqual(["t"]);
    const ended: number[] = [];
    void scopes[0]!.invalidation.then(() => ended.push(0));
    h.set([["a", "const a = base + 1"], ["t", "const t = tool + a"]]);
    await Promise.resolve();
    expect(ended).toEqual([0]);
    expect(scopes).toHaveLength(2);
    void scopes[1]!.invalidation.then(() => ended.push(1));
    h.set([["a", "const a = base + 1"]]);
    await Promise.resolve();
    expect(ended).toEqual([0, 1]);
  });

  it("a cell reading both invalidation and a scoped builtin sees one promise, resolved once", async () => {
    let seen: Promise<void> | null = null;
    const h = harness({ scoped: { tool: (scope) => (seen = scope.invalidation) } });
    h.set([["t", "const same = tool === invalidation"]]);
    expect(h.kernel.value("same")).toBe(true);
    expect(seen).not.toBeNull();
  });

  it("a scoped builtin's progress reports on its own cell", () => {
    const h = harness({ scoped: { tool: (scope) => scope.progress } });
    h.set([["t", "tool(0.5, 'half'); 1"]]);
    expect(h.events.filter((e) => e.type === "progress")).toEqual([expect.objectContaining({ cell: "t", fraction: 0.5, label: "half" })]);
  });

  it("Stop (markInterrupted) resolves the running cell's scope", async () => {
    let scope: CellScope | null = null;
    const h = harness({ scoped: { tool: (s) => (scope = s) } });
    h.set([["t", "tool; await new Promise(() => {})"]]);
    let ended = false;
    void scope!.invalidation.then(() => (ended = true));
    h.kernel.markInterrupted("t");
    await Promise.resolve();
    expect(ended).toBe(true);
    expect(h.status("t")).toBe("interrupted");
  });
});
