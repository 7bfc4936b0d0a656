import { describe, expect, test } from "vitest";
import { marked } from "marked";
import { MARKDOWN_MAX_CHARS, MARKDOWN_MAX_DEPTH, deepestNesting, markdownHtml, markdownRefusal } from "./markdownHtml";

const nestedList = (depth: number) => Array.from({ length: depth }, (_, i) => `${" ".repeat(i * 2)}- x`).join("\n");

describe("Markdown within limits", () => {
  test("nesting is counted from list markers, quote markers and indentation, on lines that open a container", () => {
    expect(deepestNesting("plain\n\ntext")).toBe(0);
    // A marker, plus half the columns before the line's text: "    - c" is one marker and six columns.
    expect(deepestNesting("- a\n  - b\n    - c")).toBe(1 + 3);
    expect(deepestNesting("> > > quoted")).toBe(3 + 3);
    expect(deepestNesting("1. one\n   2) two")).toBe(1 + 3);
    expect(deepestNesting(nestedList(100))).toBeGreaterThanOrEqual(100);
    // Indented code alone does not nest, however deep; "-x" and "1.5" are not markers.
    expect(deepestNesting(`${" ".repeat(200)}code`)).toBe(0);
    expect(deepestNesting("-x\n1.5 is a number")).toBe(0);
  });

  test("ordinary Markdown renders as marked renders it", () => {
    const text = "# Title\n\n- a\n  - b\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`code` and **bold**";
    expect(markdownRefusal(text)).toBeNull();
    expect(markdownHtml(text)).toBe(marked.parse(text, { async: false, gfm: true }));
  });

  test("a list nested 1,400 deep (the 7.6 KB share link that froze the page 45 s: 2 MB of text) is shown as text, escaped", () => {
    const text = `${nestedList(1400)}\n<img src=x onerror=alert(1)>`;
    const html = markdownHtml(text);
    expect(html).toContain("Markdown not rendered");
    expect(html).not.toContain("<li>");
    expect(html).not.toContain("<img");
  });

  test("a list nested 300 deep, under the length limit, is refused for its depth, with the reason", () => {
    const text = `${nestedList(300)}\n<img src=x onerror=alert(1)>`;
    expect(text.length).toBeLessThan(MARKDOWN_MAX_CHARS);
    const html = markdownHtml(text);
    expect(html).toContain("Markdown not rendered: it nests");
    expect(html).toContain(`at most ${MARKDOWN_MAX_DEPTH}`);
    expect(html).not.toContain("<li>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;img src=x onerror=alert(1)&#62;");
  });

  test("5,000 nested quotes (which overflowed marked's stack) are shown as text, never thrown", () => {
    const text = `${">".repeat(5000)} x`;
    expect(() => marked.parse(text, { async: false, gfm: true })).toThrow(RangeError);
    const html = markdownHtml(text);
    expect(html).toContain("Markdown not rendered");
    expect(html).not.toContain("<blockquote>");
  });

  test("nesting at the limit renders; one level more does not", () => {
    const at = `${"> ".repeat(MARKDOWN_MAX_DEPTH / 2)}x`;
    expect(deepestNesting(at)).toBe(MARKDOWN_MAX_DEPTH);
    expect(markdownHtml(at)).toContain("<blockquote>");
    expect(markdownHtml(`> ${at}`)).toContain("Markdown not rendered");
  });

  test("text over the length limit is shown as text, cut, with the reason", () => {
    const text = "word ".repeat(MARKDOWN_MAX_CHARS / 5 + 1);
    const html = markdownHtml(text);
    expect(html).toContain("it is longer than");
    expect(html.length).toBeLessThan(text.length);
    expect(html).toContain("the first 100,000 characters");
  });
});
