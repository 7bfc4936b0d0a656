/**
 * Markdown cells as code: the text becomes one template literal, so `${expr}` is an
 * ordinary reactive reference and the cell re-renders when `expr`'s inputs change.
 */

/** The result of turning Markdown into a template literal, or where an interpolation is unclosed. */
export type MarkdownSource = { ok: true; source: string } | { ok: false; message: string; line: number; column: number };

/**
 * Rewrites Markdown `text` into the TypeScript source of a template literal expression.
 * Backticks and backslashes outside `${…}` are escaped; newlines stay, so line numbers
 * in the literal are the Markdown's own.
 */
export function markdownToTemplate(text: string): MarkdownSource {
  let out = "`";
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === "$" && text[i + 1] === "{") {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        const before = text.slice(0, i).split("\n");
        return { ok: false, message: "unclosed ${ in markdown", line: before.length, column: before[before.length - 1].length + 1 };
      }
      out += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    out += char === "`" || char === "\\" ? "\\" + char : char;
    i++;
  }
  return { ok: true, source: out + "`" };
}

/** Index of the `}` closing an interpolation whose body starts at `from`, skipping strings; -1 if none. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'" || char === "`") {
      i = closingQuote(text, i);
      if (i < 0) return -1;
    } else if (char === "{") {
      depth++;
    } else if (char === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}
