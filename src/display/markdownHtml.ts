/**
 * Markdown → HTML (not yet sanitised) for every place that renders a notebook's Markdown on the
 * page or in an export: Markdown cells before and after consent, `md` outputs, the HTML export.
 *
 * marked's cost grows much faster than the text with nesting: a 7.6 KB share link whose cell
 * nests a list 1,400 deep (2 MB of text) held the page's main thread for 45 s before consent, and
 * 5,000 nested `>` overflowed its stack, throwing out of the notebook's load. So text nested
 * deeper than MARKDOWN_MAX_DEPTH containers (lists, block quotes, indentation) or longer than
 * MARKDOWN_MAX_CHARS is not parsed: it is shown as plain text under a line that says why.
 * Within both limits a parse is linear enough; anything marked still throws becomes the same
 * plain text, never an exception in the caller. (Used by the page and the export only: the
 * kernel worker sends Markdown as text and does not bundle marked.)
 */
import { marked } from "marked";

/** Containers (list items, block quotes, two columns of indentation each) a line may open before the text is shown unparsed. */
export const MARKDOWN_MAX_DEPTH = 32;
/** Characters of Markdown parsed at most; longer text is shown unparsed (marked takes ~2 s a megabyte of list items on a slow machine, at any depth). */
export const MARKDOWN_MAX_CHARS = 200_000;
/** Characters of unparsed text shown (the rest is cut, and the line says so). */
const SHOWN_MAX_CHARS = 100_000;

/** Why `markdown` is not parsed (a sentence), or null when it is within the limits. */
export function markdownRefusal(markdown: string): string | null {
  if (markdown.length > MARKDOWN_MAX_CHARS) return `it is longer than ${MARKDOWN_MAX_CHARS.toLocaleString("en")} characters`;
  const depth = deepestNesting(markdown);
  if (depth > MARKDOWN_MAX_DEPTH) return `it nests ${depth} levels deep (lists, quotes or indentation; at most ${MARKDOWN_MAX_DEPTH})`;
  return null;
}

/**
 * The deepest container nesting any line opens: block quote markers, list markers and columns of
 * indentation (two per level; a tab to the next multiple of four) before its text, counted on
 * lines that open a container (only those nest: a line of indented code alone is linear). One pass.
 */
export function deepestNesting(markdown: string): number {
  let deepest = 0;
  let start = 0;
  while (start <= markdown.length) {
    let end = markdown.indexOf("\n", start);
    if (end < 0) end = markdown.length;
    const depth = lineNesting(markdown, start, end);
    if (depth > deepest) deepest = depth;
    start = end + 1;
  }
  return deepest;
}

const isBlank = (code: number) => code === 32 || code === 9 || Number.isNaN(code) || code === 13;

function lineNesting(text: string, start: number, end: number): number {
  let markers = 0;
  let column = 0;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      column++;
      i++;
    } else if (c === 9) {
      column += 4 - (column % 4);
      i++;
    } else if (c === 62 /* > */) {
      markers++;
      column++;
      i++;
    } else if ((c === 45 || c === 42 || c === 43) /* - * + */ && (i + 1 === end || isBlank(text.charCodeAt(i + 1)))) {
      markers++;
      column++;
      i++;
    } else if (c >= 48 && c <= 57) {
      // An ordered list marker: up to nine digits, then "." or ")", then a blank or the end.
      let j = i;
      while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const after = text.charCodeAt(j);
      if ((after !== 46 && after !== 41) || !(j + 1 === end || isBlank(text.charCodeAt(j + 1)))) break;
      markers++;
      column += j + 1 - i;
      i = j + 1;
    } else break;
  }
  return markers === 0 ? 0 : markers + Math.floor(column / 2);
}

/** `text` with &, <, >, " and ' as entities. */
function escaped(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The unparsed text, under a line saying why it was not rendered. */
function shownAsText(markdown: string, why: string): string {
  const cut = markdown.length > SHOWN_MAX_CHARS;
  const shown = cut ? markdown.slice(0, SHOWN_MAX_CHARS) : markdown;
  const note = `Markdown not rendered: ${why}. Shown as text${cut ? ` (the first ${SHOWN_MAX_CHARS.toLocaleString("en")} characters)` : ""}.`;
  return `<p class="markdown-unrendered"><em>${escaped(note)}</em></p><pre>${escaped(shown)}</pre>`;
}

/**
 * HTML for `markdown` rendered by marked (synchronous, GitHub-flavoured): within the limits the
 * parser's HTML, else (or if the parser throws) the text itself, escaped, under a line saying
 * why. Never throws. The result still goes through the sanitiser of wherever it is shown.
 */
export function markdownHtml(markdown: string): string {
  const refusal = markdownRefusal(markdown);
  if (refusal !== null) return shownAsText(markdown, refusal);
  try {
    return marked.parse(markdown, { async: false, gfm: true }) as string;
  } catch (error) {
    return shownAsText(markdown, `the Markdown parser failed (${error instanceof Error ? error.name : "error"})`);
  }
}
