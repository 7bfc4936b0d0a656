/**
 * Find and replace across cells. Matches are found in the document's text (code and
 * Markdown); a replacement is one transaction over every cell it changes, so one undo
 * reverts it whole. No DOM.
 */
import type { Change, NotebookDoc, Transaction } from "../../notebook/document";

/** How the query is read. */
export interface FindOptions {
  caseSensitive?: boolean;
  wholeWord?: boolean;
  /** The query is a regular expression; the replacement may use `$1`, `$<name>`, `$&`, `$$`. */
  regex?: boolean;
}

/** One match: the cell, its 1-based line and column, offsets into the cell's text. */
export interface Match {
  cell: string;
  /** 0-based position of the cell in the document. */
  index: number;
  line: number;
  column: number;
  from: number;
  to: number;
  /** The whole line the match starts on. */
  lineText: string;
  /** The matched text and its groups, for regex replacements. */
  groups: (string | undefined)[];
  named?: Record<string, string | undefined>;
}

/** A query that cannot be searched for (a bad regular expression). */
export interface PatternError {
  kind: "pattern";
  message: string;
}

/** Most matches listed: past this the list says there are more rather than stalling the page. */
export const MAX_MATCHES = 2000;

/** The regular expression a query means, or why it has none. */
export function pattern(query: string, options: FindOptions = {}): RegExp | PatternError {
  let source = options.regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (options.wholeWord) source = `(?<![\\w$])(?:${source})(?![\\w$])`;
  try {
    return new RegExp(source, `g${options.caseSensitive ? "" : "i"}u`);
  } catch (error) {
    return { kind: "pattern", message: `invalid regular expression: ${String((error as Error).message).replace(/^Invalid regular expression: /, "")}` };
  }
}

/** Whether a value is a pattern error. */
export function isPatternError(value: unknown): value is PatternError {
  return typeof value === "object" && value !== null && (value as PatternError).kind === "pattern";
}

/** Every non-empty match of `query` in `cells`, in document order (at most `limit`). */
export function findMatches(cells: NotebookDoc["cells"], query: string, options: FindOptions = {}, limit = MAX_MATCHES): Match[] | PatternError {
  if (query === "") return [];
  const re = pattern(query, options);
  if (isPatternError(re)) return re;
  const matches: Match[] = [];
  cells.forEach((cell, index) => {
    const text = cell.source;
    let lineStart = 0;
    let line = 1;
    re.lastIndex = 0;
    for (let m = re.exec(text); m && matches.length < limit; m = re.exec(text)) {
      // An empty match (`^`, `x*`) replaces nothing a user can see: step past it.
      if (m[0] === "") {
        re.lastIndex = m.index + 1;
        continue;
      }
      for (let nl = text.indexOf("\n", lineStart); nl !== -1 && nl < m.index; nl = text.indexOf("\n", lineStart)) {
        lineStart = nl + 1;
        line++;
      }
      const lineEnd = text.indexOf("\n", m.index);
      matches.push({
        cell: cell.id,
        index,
        line,
        column: m.index - lineStart + 1,
        from: m.index,
        to: m.index + m[0].length,
        lineText: text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd),
        groups: [...m],
        ...(m.groups ? { named: m.groups } : {}),
      });
    }
  });
  return matches;
}

/** The text that replaces `match`: `replacement` as typed, or with its `$` references expanded for a regex. */
export function replacementFor(match: Match, replacement: string, options: FindOptions = {}): string {
  if (!options.regex) return replacement;
  return replacement.replace(/\$(\$|&|\d{1,2}|<([^>]*)>)/g, (whole, token: string, name: string | undefined) => {
    if (token === "$") return "$";
    if (token === "&") return match.groups[0] ?? "";
    if (name !== undefined) return match.named ? (match.named[name] ?? "") : whole;
    const n = Number(token);
    return n >= 1 && n < match.groups.length ? (match.groups[n] ?? "") : whole;
  });
}

/**
 * One transaction replacing `matches` (from `findMatches` on this document) with
 * `replacement`: one edit per changed cell, or null when nothing changes.
 */
export function replaceTransaction(doc: NotebookDoc, matches: readonly Match[], replacement: string, options: FindOptions = {}): Transaction | null {
  const byCell = new Map<string, Match[]>();
  for (const m of matches) byCell.set(m.cell, [...(byCell.get(m.cell) ?? []), m]);
  const changes: Change[] = [];
  for (const cell of doc.cells) {
    const list = byCell.get(cell.id);
    if (!list) continue;
    let text = cell.source;
    // Right to left, so earlier offsets stay valid.
    for (const m of [...list].sort((a, b) => b.from - a.from)) {
      if (text.slice(m.from, m.to) !== m.groups[0]) continue;
      text = text.slice(0, m.from) + replacementFor(m, replacement, options) + text.slice(m.to);
    }
    if (text !== cell.source) changes.push({ type: "edit", id: cell.id, from: cell.source, to: text });
  }
  return changes.length ? { changes, origin: "user" } : null;
}
