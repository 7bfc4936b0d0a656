/**
 * Compares a saved output with a fresh one: the text must agree except for numbers, which
 * agree within a relative tolerance. Saved numbers carry 6 significant digits, so each side
 * may be off by half a unit in its sixth digit; that rounding is allowed on top of the
 * tolerance (a value that rounds to 1.00000 once and 0.999999 the next time still matches).
 */

/** Relative tolerance used when none is given. */
export const DEFAULT_TOLERANCE = 1e-6;

/** Where two texts first differ: 1-based line and both lines (`undefined` past the end of one text). */
export interface Difference {
  line: number;
  expected: string | undefined;
  actual: string | undefined;
}

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

/** True when numbers `a` and `b` agree within `tolerance` (relative) plus their 6-digit rounding. */
export function numbersMatch(a: number, b: number, tolerance: number): boolean {
  if (a === b) return true;
  const slack = tolerance * Math.max(Math.abs(a), Math.abs(b)) + unit(a) / 2 + unit(b) / 2;
  return Math.abs(a - b) <= slack;
}

/** One unit in the sixth significant digit of `x`. */
function unit(x: number): number {
  return x === 0 || !Number.isFinite(x) ? 0 : 10 ** (Math.floor(Math.log10(Math.abs(x))) - 5);
}

/** True when one line of saved text matches one line of fresh text (see the module comment). */
export function linesMatch(expected: string, actual: string, tolerance: number): boolean {
  if (expected === actual) return true;
  if (expected.replace(NUMBER, "#") !== actual.replace(NUMBER, "#")) return false;
  const a = expected.match(NUMBER) ?? [];
  const b = actual.match(NUMBER) ?? [];
  return a.length === b.length && a.every((x, i) => numbersMatch(Number(x), Number(b[i]), tolerance));
}

/** The first line where `actual` does not match `expected`, or null when the texts match. */
export function firstDifference(expected: string, actual: string, tolerance = DEFAULT_TOLERANCE): Difference | null {
  if (expected === actual) return null;
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (i >= e.length || i >= a.length || !linesMatch(e[i]!, a[i]!, tolerance)) return { line: i + 1, expected: e[i], actual: a[i] };
  }
  return null;
}
