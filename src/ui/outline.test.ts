import { describe, expect, it } from "vitest";
import { makeCell } from "../notebook/document";
import { outline } from "./outline";

const md = (id: string, source: string) => makeCell(source, "markdown", { id });

describe("the outline of a notebook", () => {
  it("lists h1 to h3 of Markdown cells in document order, skipping code cells and deeper headings", () => {
    const cells = [
      md("a", "# The study\n\nSome text.\n\n## Trade\n\n#### too deep"),
      makeCell("// # not a heading\nconst x = 1;", "code", { id: "c" }),
      md("b", "### Prices ###\n\nText"),
    ];
    expect(outline(cells)).toEqual([
      { cell: "a", level: 1, text: "The study", nth: 0 },
      { cell: "a", level: 2, text: "Trade", nth: 1 },
      { cell: "b", level: 3, text: "Prices", nth: 0 },
    ]);
  });

  it("reads setext headings and ignores headings inside fenced code", () => {
    const cells = [md("a", "Title\n=====\n\n```md\n# inside a fence\n```\n\nSection\n---\n\ntext\n\n---\nafter a rule")];
    expect(outline(cells).map((e) => [e.level, e.text, e.nth])).toEqual([
      [1, "Title", 0],
      [2, "Section", 1],
    ]);
  });

  it("drops emphasis, code marks and link targets from the text, and counts skipped headings in nth", () => {
    const cells = [md("a", "#### deep first\n## The **GSIM** `model` and [its source](https://example.org)\n#nospace")];
    expect(outline(cells)).toEqual([{ cell: "a", level: 2, text: "The GSIM model and its source", nth: 1 }]);
  });

  it("gives nothing for a notebook without headings", () => {
    expect(outline([md("a", "just text"), makeCell("1 + 1")])).toEqual([]);
  });
});
