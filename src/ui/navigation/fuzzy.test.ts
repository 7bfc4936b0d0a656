import { describe, expect, it } from "vitest";
import { fuzzyFilter, fuzzyMatch } from "./fuzzy";

const titles = ["Insert cell above", "Insert cell below", "Run all", "Restart kernel and run all", "Run stale cells", "Find and replace", "Fold code of the cell"];

describe("fuzzyMatch", () => {
  it("matches characters in order, ignoring case, and says where", () => {
    expect(fuzzyMatch("icb", "Insert cell below")?.positions).toEqual([0, 7, 12]);
    expect(fuzzyMatch("RUN", "Run all")?.positions).toEqual([0, 1, 2]);
  });

  it("rejects text missing a character or holding them out of order", () => {
    expect(fuzzyMatch("xyz", "Run all")).toBeNull();
    expect(fuzzyMatch("lr", "Run all")).toBeNull();
  });

  it("matches everything with an empty query", () => {
    expect(fuzzyMatch("  ", "Run all")).toEqual({ score: 0, positions: [] });
  });
});

describe("fuzzyFilter", () => {
  const rank = (query: string) => fuzzyFilter(titles, query, (t) => t).map((r) => r.item);

  it("ranks a substring first, then word-start abbreviations", () => {
    expect(rank("run all").slice(0, 2)).toEqual(["Run all", "Restart kernel and run all"]);
    expect(rank("icb")[0]).toBe("Insert cell below");
    expect(rank("rsc")[0]).toBe("Run stale cells");
  });

  it("keeps the given order for an empty query", () => {
    expect(rank("")).toEqual(titles);
  });

  it("filters out what does not match", () => {
    expect(rank("fold")).toEqual(["Fold code of the cell"]);
  });
});
