/**
 * Substring search over a column (worker side). The first search of a column writes every
 * value's lower-cased text into one string, values separated by U+0001, with each row's
 * start offset; every later search (each keystroke) is then the engine's native `indexOf`
 * over that string, jumping to the next row after a hit. On a million rows the first
 * search pays for turning the numbers into text once, the next ones take milliseconds.
 */
import { isNull, valueText } from "./values";

const SEPARATOR = "\u0001";
/** Beyond this many characters a column is searched value by value instead (a string cannot grow without bound). */
const MAX_INDEX_CHARS = 256 * 1024 * 1024;

/** A column's lower-cased text, ready for repeated substring searches. */
export class SearchIndex {
  private constructor(
    private readonly text: string,
    private readonly starts: Float64Array,
  ) {}

  /** The index of `values`, or null when its text would be too long to hold as one string. */
  static build(values: ArrayLike<unknown>): SearchIndex | null {
    const n = values.length;
    const parts = new Array<string>(n);
    const starts = new Float64Array(n + 1);
    let offset = 0;
    for (let i = 0; i < n; i++) {
      const value = values[i];
      const text = isNull(value) ? "" : (typeof value === "string" ? value : valueText(value)).toLowerCase();
      parts[i] = text;
      starts[i] = offset;
      offset += text.length + 1;
      if (offset > MAX_INDEX_CHARS) return null;
    }
    starts[n] = offset;
    return new SearchIndex(parts.join(SEPARATOR) + SEPARATOR, starts);
  }

  /** Sets `hits[row] = 1` for every row whose text contains `needle` (lower case, not empty). */
  mark(needle: string, hits: Uint8Array): void {
    const clean = needle.replaceAll(SEPARATOR, "");
    if (!clean) return;
    let at = this.text.indexOf(clean);
    while (at >= 0) {
      const row = this.rowAt(at);
      hits[row] = 1;
      at = this.text.indexOf(clean, this.starts[row + 1]);
    }
  }

  /** The row whose text holds character `offset` (binary search over the starts). */
  private rowAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Sets `hits[row] = 1` for rows whose value contains `needle`, value by value (for a column too large to index). */
export function markSlowly(values: ArrayLike<unknown>, needle: string, hits: Uint8Array): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!isNull(value) && (typeof value === "string" ? value : valueText(value)).toLowerCase().includes(needle)) hits[i] = 1;
  }
}
