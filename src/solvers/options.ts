/**
 * Option normalisation, once, at each solver's door. Every check tests the type before
 * the range ("sigma must be a number, got the string '0.5'"), refuses unknown keys with the
 * closest valid one suggested, and never falls back to a default for a value that was given.
 * The checks throw through a `fail` callback, so the CGE (`bad-option`) and the trade solvers
 * (`bad-input`) report the same words in their own error kinds.
 */

/** Reports a bad option: its dotted name, the value given and why; never returns. */
export type Fail = (option: string, value: unknown, why: string) => never;

/** A numeric range; `min`/`max` are inclusive unless `above`/`below` are used instead. */
export interface Range {
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Exclusive upper bound. */
  below?: number;
  integer?: boolean;
}

/** How a value reads in a message: strings quoted and labelled, so "-1.2" is not taken for −1.2. */
export function describe(value: unknown): string {
  if (typeof value === "string") return `the string '${value}'`;
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  return String(value);
}

/** The range in words, e.g. "a number > 0 and ≤ 20". */
export function rangeText(r: Range): string {
  const parts: string[] = [];
  if (r.above !== undefined) parts.push(`> ${r.above}`);
  if (r.min !== undefined) parts.push(`≥ ${r.min}`);
  if (r.below !== undefined) parts.push(`< ${r.below}`);
  if (r.max !== undefined) parts.push(`≤ ${r.max}`);
  return `${r.integer ? "a whole number" : "a number"}${parts.length ? ` ${parts.join(" and ")}` : ""}`;
}

/** A number in `range`: the type is checked first, then finiteness, then the range. */
export function numberOption(value: unknown, option: string, range: Range, fail: Fail): number {
  if (typeof value !== "number") return fail(option, value, `must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) return fail(option, value, `must be a finite number, got ${describe(value)}`);
  const ok = (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max) &&
    (range.above === undefined || value > range.above) && (range.below === undefined || value < range.below) &&
    (!range.integer || Number.isInteger(value));
  if (!ok) return fail(option, value, `must be ${rangeText(range)}, got ${value}`);
  return value;
}

/** One of `allowed` (compared exactly); otherwise an error listing them, with the closest suggested. */
export function keyword<T extends string>(value: unknown, option: string, allowed: readonly T[], fail: Fail): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === "string" ? suggestion(value, allowed) : "";
  return fail(option, value, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${describe(value)}${hint}`);
}

/** A name from `known` (a sector, source, region…): unknown names are refused with the closest suggested. */
export function member(value: unknown, option: string, known: readonly string[], what: string, fail: Fail): string {
  if (typeof value === "string" && known.includes(value)) return value;
  if (typeof value !== "string") return fail(option, value, `must be a ${what} name, got ${describe(value)}`);
  return fail(option, value, `unknown ${what} '${value}'${suggestion(value, known)}; expected one of ${known.join(", ")}`);
}

/** A plain object whose keys are all in `allowed` (undefined passes as {}). */
export function record(value: unknown, option: string, allowed: readonly string[], fail: Fail): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(option, value, `must be an object, got ${describe(value)}`);
  }
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k)) {
      fail(option ? `${option}.${k}` : k, (value as Record<string, unknown>)[k],
        `unknown option '${k}'${suggestion(k, allowed)}; expected one of ${allowed.join(", ")}`);
    }
  }
  return value as Record<string, unknown>;
}

/**
 * A per-name number: one number for every name, or an object with a number per name
 * (names it omits take `fallback`). Keys that are not in `names` are refused, never ignored.
 */
export function perName(value: unknown, option: string, names: readonly string[], what: string, fallback: number,
  range: Range, fail: Fail): number[] {
  if (value === undefined) return names.map(() => fallback);
  if (typeof value === "number") {
    const v = numberOption(value, option, range, fail);
    return names.map(() => v);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(option, value, `must be a number or an object with a number per ${what}, got ${describe(value)}`);
  }
  const map = value as Record<string, unknown>;
  for (const k of Object.keys(map)) member(k, option, names, what, (o, v, why) => fail(`${option}.${k}`, map[k], why));
  return names.map((n) => (map[n] === undefined ? fallback : numberOption(map[n], `${option}.${n}`, range, fail)));
}

/** Levenshtein distance (small strings only: option and account names). */
export function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** " (did you mean 'X'?)" for the closest candidate within a third of the name's length (case ignored), else "". */
export function suggestion(name: string, candidates: readonly string[]): string {
  let best = "";
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.ceil(name.length / 3)) ? ` (did you mean '${best}'?)` : "";
}
