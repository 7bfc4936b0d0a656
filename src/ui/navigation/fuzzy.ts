/**
 * Fuzzy matching for the command palette: the query's characters appear in order in the
 * text (case ignored); runs of consecutive characters and word starts score higher, so
 * "ra" ranks "Run all" above "Restart kernel and…". No DOM.
 */

/** A fuzzy match: higher `score` is better; `positions` are the matched indices in the text. */
export interface FuzzyMatch {
  score: number;
  positions: number[];
}

function isWordStart(text: string, i: number): boolean {
  if (i === 0) return true;
  const before = text[i - 1]!;
  return /[\s\-_/.:(]/.test(before) || (/[a-z]/.test(before) && /[A-Z]/.test(text[i]!));
}

/** Matches `query` against `text`, or null when its characters do not all occur in order. */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.trim().toLowerCase().replace(/\s+/g, " ");
  if (q === "") return { score: 0, positions: [] };
  const lower = text.toLowerCase();
  // A plain substring is the best kind of match: prefer it, earliest word start first.
  const at = lower.indexOf(q);
  if (at >= 0) {
    const positions = [...q].map((_, k) => at + k);
    return { score: 1000 + (isWordStart(text, at) ? 200 : 0) - at, positions };
  }
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  for (const char of q) {
    if (char === " ") continue;
    // Prefer the next word start holding the character, else its next occurrence.
    let i = -1;
    for (let k = lower.indexOf(char, from); k >= 0; k = lower.indexOf(char, k + 1)) {
      if (isWordStart(text, k)) {
        i = k;
        break;
      }
    }
    const next = lower.indexOf(char, from);
    if (next < 0) return null;
    if (i < 0 || (positions.length > 0 && next === positions[positions.length - 1]! + 1)) i = next;
    const consecutive = positions.length > 0 && i === positions[positions.length - 1]! + 1;
    score += (isWordStart(text, i) ? 30 : 0) + (consecutive ? 20 : 0) - (i - from);
    positions.push(i);
    from = i + 1;
  }
  return { score, positions };
}

/** The items whose text matches `query`, best first (ties keep their order). */
export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string): { item: T; match: FuzzyMatch }[] {
  const found: { item: T; match: FuzzyMatch; order: number }[] = [];
  items.forEach((item, order) => {
    const match = fuzzyMatch(query, text(item));
    if (match) found.push({ item, match, order });
  });
  return found.sort((a, b) => b.match.score - a.match.score || a.order - b.order).map(({ item, match }) => ({ item, match }));
}
