import { describe, expect, test } from "vitest";
import { CrashGuard, type GuardStorage } from "./crashGuard";

function memory(): GuardStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe("crash guard", () => {
  test("what runs is on record until it stops running, and a fresh guard (the next visit) reads it", () => {
    const storage = memory();
    const guard = new CrashGuard(storage);
    guard.running("nb", ["a", "b"], "b");
    expect(new CrashGuard(storage).read("nb")).toEqual({ running: ["a", "b"], suspect: "b", interrupted: [] });
    guard.running("nb", [], null, { immediate: true });
    expect(new CrashGuard(storage).read("nb").running).toEqual([]);
    expect(storage.data.size).toBe(0);
  });

  test("cells starting hundreds of times a second are written at most every 50 ms, the latest state last", async () => {
    const storage = memory();
    let writes = 0;
    const counting: GuardStorage = { ...storage, setItem: (k, v) => (writes++, storage.setItem(k, v)) };
    const guard = new CrashGuard(counting);
    for (let i = 0; i < 500; i++) guard.running("nb", [`c${i}`], `c${i}`);
    expect(writes).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(new CrashGuard(storage).read("nb").suspect).toBe("c499");
  });

  test("stopped cells are remembered with their source until resumed", () => {
    const storage = memory();
    const guard = new CrashGuard(storage);
    guard.interrupted("nb", [{ id: "spin", source: "while (true) {}" }]);
    guard.running("nb", [], null, { immediate: true });
    expect(new CrashGuard(storage).read("nb").interrupted).toEqual([{ id: "spin", source: "while (true) {}" }]);
    const next = new CrashGuard(storage);
    next.resumed("nb", "spin");
    expect(new CrashGuard(storage).read("nb").interrupted).toEqual([]);
  });

  test("a full or broken storage loses the guard, never throws", () => {
    const broken: GuardStorage = { getItem: () => "{not json", setItem: () => { throw new Error("QuotaExceededError"); }, removeItem: () => {} };
    const guard = new CrashGuard(broken);
    expect(() => guard.running("nb", ["a"], "a")).not.toThrow();
    expect(new CrashGuard(broken).read("nb")).toEqual({ running: [], suspect: null, interrupted: [] });
  });
});
