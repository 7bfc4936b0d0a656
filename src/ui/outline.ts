/**
 * The outline of a notebook: the h1 to h3 headings of its Markdown cells, in document
 * order, for the reader view to jump through. Read from the cells' source (not from the
 * rendered page), so it is there before anything renders and in safe preview. No DOM.
 */
import type { Cell } from "../notebook/document";

/** One heading of the outline: its cell, level (1 to 3), text, and which heading of its cell it is (0-based). */
export interface OutlineEntry {
  readonly cell: string;
  readonly level: 1 | 2 | 3;
  readonly text: string;
  readonly nth: number;
}

/**
 * The h1 to h3 headings of `cells`' Markdown: ATX headings (`# Title`, up to three spaces
 * before, closing `#`s dropped) and setext headings (a line underlined by `===` or `---`),
 * outside fenced code blocks. Inline emphasis, code marks and link targets are dropped from
 * the text; `${…}` interpolations are kept as written (they compute only in the kernel).
 * `nth` counts every h1 to h6 of the cell, as the rendered page does.
 */
export function outline(cells: readonly Cell[]): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  for (const cell of cells) {
    if (cell.kind !== "markdown") continue;
    let fence: string | null = null;
    let nth = 0;
    const lines = cell.source.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (fenceMark) {
        if (fence === null) fence = fenceMark[1]![0]!;
        else if (fenceMark[1]![0] === fence) fence = null;
        continue;
      }
      if (fence !== null) continue;
      const atx = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
      let level = 0;
      let text = "";
      if (atx) {
        level = atx[1]!.length;
        text = atx[2] ?? "";
      } else {
        const under = lines[i + 1];
        const previousBlank = i === 0 || lines[i - 1]!.trim() === "";
        if (under !== undefined && line.trim() !== "" && previousBlank && /^ {0,3}(=+|-+)[ \t]*$/.test(under)) {
          level = under.trim()[0] === "=" ? 1 : 2;
          text = line.trim();
          i++;
        }
      }
      if (level === 0) continue;
      if (level <= 3 && plain(text) !== "") entries.push({ cell: cell.id, level: level as 1 | 2 | 3, text: plain(text), nth });
      nth++;
    }
  }
  return entries;
}

/** Heading text without Markdown marks: links keep their words, emphasis and code marks go. */
function plain(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__|\*|_|`)(?=\S)([^]*?\S)\1/g, "$2")
    .replace(/\s+/g, " ")
    .trim();
}
