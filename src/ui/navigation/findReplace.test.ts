import { describe, expect, it } from "vitest";
import { apply, emptyHistory, makeCell, makeDoc, record, undo } from "../../notebook/document";
import { findMatches, isPatternError, replaceTransaction, type FindOptions, type Match } from "./findReplace";

const doc = makeDoc([
  makeCell("const tariff = 0.25;\nconst tariffs = [tariff, 2 * tariff];", "code", { id: "a" }),
  makeCell("Tariff pass-through: ${tariff}", "markdown", { id: "m" }),
  makeCell("const price = 100", "code", { id: "p" }),
]);

function found(query: string, options?: FindOptions): Match[] {
  const result = findMatches(doc.cells, query, options);
  if (isPatternError(result)) throw new Error(result.message);
  return result;
}

describe("findMatches", () => {
  // query, options, [cell, line, column] of each match
  const cases: [string, string, FindOptions, [string, number, number][]][] = [
    ["ignores case by default, across code and Markdown", "tariff", {}, [["a", 1, 7], ["a", 2, 7], ["a", 2, 18], ["a", 2, 30], ["m", 1, 1], ["m", 1, 24]]],
    ["matches case when asked", "Tariff", { caseSensitive: true }, [["m", 1, 1]]],
    ["whole words skip longer names", "tariff", { wholeWord: true, caseSensitive: true }, [["a", 1, 7], ["a", 2, 18], ["a", 2, 30], ["m", 1, 24]]],
    ["regular expressions", "\\d+\\.\\d+", { regex: true }, [["a", 1, 16]]],
    ["an empty query finds nothing", "", {}, []],
  ];
  it.each(cases)("%s", (_name, query, options, expected) => {
    expect(found(query, options).map((m) => [m.cell, m.line, m.column])).toEqual(expected);
  });

  it("gives the line a match is on", () => {
    expect(found("2 *")[0]!.lineText).toBe("const tariffs = [tariff, 2 * tariff];");
  });

  it("steps over empty regex matches instead of looping", () => {
    expect(found("x*", { regex: true })).toEqual([]);
  });

  it("returns an invalid regular expression as a value", () => {
    expect(findMatches(doc.cells, "(", { regex: true })).toMatchObject({ kind: "pattern", message: expect.stringContaining("invalid regular expression") });
  });
});

describe("replaceTransaction", () => {
  it("replaces every match as one transaction that one undo reverts", () => {
    const tr = replaceTransaction(doc, found("tariff", { wholeWord: true, caseSensitive: true }), "duty")!;
    expect(tr.changes.map((c) => c.type === "edit" && c.id)).toEqual(["a", "m"]);
    const next = apply(doc, tr);
    expect(next.cells.map((c) => c.source)).toEqual(["const duty = 0.25;\nconst tariffs = [duty, 2 * duty];", "Tariff pass-through: ${duty}", "const price = 100"]);
    const history = record(emptyHistory, tr, 0);
    expect(undo(next, history)!.doc.cells.map((c) => c.source)).toEqual(doc.cells.map((c) => c.source));
  });

  it("replaces one match alone", () => {
    const second = found("tariff", { wholeWord: true })[1]!;
    const next = apply(doc, replaceTransaction(doc, [second], "t0")!);
    expect(next.cells[0]!.source).toBe("const tariff = 0.25;\nconst tariffs = [t0, 2 * tariff];");
  });

  it("takes a replacement literally unless the query is a regex, then expands groups", () => {
    expect(apply(doc, replaceTransaction(doc, found("price"), "$1 $&")!).cells[2]!.source).toBe("const $1 $& = 100");
    const options = { regex: true, caseSensitive: true };
    const next = apply(doc, replaceTransaction(doc, found("const (?<n>\\w+) = (\\d+)", options), "let $<n> = $2 /* $$ */", options)!);
    expect(next.cells[2]!.source).toBe("let price = 100 /* $ */");
  });

  it("is null when nothing changes, and skips matches the text no longer holds", () => {
    expect(replaceTransaction(doc, [], "x")).toBeNull();
    const stale = found("price");
    const edited = apply(doc, { changes: [{ type: "edit", id: "p", from: "const price = 100", to: "const cost = 100" }] });
    expect(replaceTransaction(edited, stale, "x")).toBeNull();
  });
});
