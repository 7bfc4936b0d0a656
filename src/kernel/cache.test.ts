import { describe, expect, it } from "vitest";
import { CompileCache } from "./cache";

describe("CompileCache", () => {
  it("returns the same compiled cell for the same source and kind", () => {
    const cache = new CompileCache();
    const a = cache.compile("const a = 1");
    expect(cache.compile("const a = 1")).toBe(a);
    expect(cache.compile("const a = 1", "markdown")).not.toBe(a);
  });

  it("evicts the least recently used entry at capacity", () => {
    const cache = new CompileCache(2);
    const first = cache.compile("1");
    const second = cache.compile("2");
    cache.compile("1"); // "1" is now the most recent
    cache.compile("3"); // evicts "2"
    expect(cache.size).toBe(2);
    expect(cache.compile("1")).toBe(first);
    expect(cache.compile("2")).not.toBe(second);
  });
});
