/**
 * Number arrays that V8 stores as unboxed doubles whatever their values (its PACKED_DOUBLE
 * elements kind). An array from `map` or a literal starts as small integers and changes kind
 * when a fraction arrives, so the same model data could reach the solver in two layouts
 * depending on its values and on whether the code that built it was optimised; each new layout
 * deoptimises the optimised solver code that reads it ("wrong map"), which is then compiled
 * again on V8's background threads. Model data goes through here once, when it is made.
 */

/** The values of `a` in an array of double elements (the same numbers). */
export function doubles(a: ArrayLike<number>): number[] {
  const out = [0.5]; // a literal with a fraction: double elements, kept when emptied (by pop: cheaper than length = 0) and refilled
  out.pop();
  for (let i = 0; i < a.length; i++) out.push(a[i]);
  return out;
}

/** f(0), …, f(n−1) in an array of double elements (`Array.from` or `map` without their layouts, see `doubles`). */
export function doublesOf(n: number, f: (i: number) => number): number[] {
  const out = [0.5];
  out.pop();
  for (let i = 0; i < n; i++) out.push(f(i));
  return out;
}

/** An object to seed array literals with, so that they start with tagged elements. */
const TAGGED = {};

/**
 * An empty array of tagged elements (V8's PACKED_ELEMENTS), to push numbers, duals or arrays
 * onto: its layout stays the same whatever is pushed (`[]` starts as small integers and changes
 * kind with the first fraction or object).
 */
export function tagged<T>(): T[] {
  const out = [TAGGED] as unknown as T[];
  out.pop();
  return out;
}

/**
 * f(0), …, f(n−1) in a packed array of tagged elements: what `map` over 0 … n−1 gives, in one
 * layout whatever the values and whether or not the calling code is optimised (an optimised `map`
 * makes a holey array, the interpreter's a packed one, so readers of the result would see two maps).
 */
export function tabulate<T>(n: number, f: (i: number) => T): T[] {
  const out = tagged<T>();
  for (let i = 0; i < n; i++) out.push(f(i));
  return out;
}

/**
 * The rows of `a` as double arrays, in an outer array built by `push`: the same layout whether or
 * not the calling code is optimised (an optimised `map` makes a holey array, the interpreter's a packed one).
 */
export function rows(a: readonly ArrayLike<number>[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i++) out.push(doubles(a[i]));
  return out;
}

/** Every number array (and array of number arrays) among the fields of `o`, as double arrays; other fields as they are. */
export function withDoubles<T extends object>(o: T): T {
  const out: Record<string, unknown> = { ...(o as Record<string, unknown>) };
  for (const [key, value] of Object.entries(o)) {
    if (!Array.isArray(value) || value.length === 0) continue;
    if (value.every((v) => typeof v === "number")) out[key] = doubles(value);
    else if (value.every((row) => Array.isArray(row) && row.every((v) => typeof v === "number"))) out[key] = rows(value as number[][]);
  }
  return out as T;
}
