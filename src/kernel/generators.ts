/**
 * Generators and async iterators as cell values: every yield is a new value for the
 * cell's readers; the iterator is closed when the cell re-runs or goes away.
 */

import { native } from "./work";

/** Anything with `next` and `return`: sync generators, async generators, most iterators. */
export interface Generatorish {
  next(value?: unknown): IteratorResult<unknown> | Promise<IteratorResult<unknown>>;
  return(value?: unknown): unknown;
}

/** True when `value` is an iterator the kernel should pull values from. */
export function isGeneratorish(value: unknown): value is Generatorish {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Generatorish).next === "function" &&
    typeof (value as Generatorish).return === "function"
  );
}

/** Closes `generator`, ignoring errors it throws while finishing. */
export function closeGenerator(generator: Generatorish): void {
  try {
    const done = generator.return();
    if (done instanceof native.Promise) done.catch(() => {});
  } catch {
    // A generator that throws while closing has nothing more to say.
  }
}

/**
 * Schedules `callback` for the next frame: `requestAnimationFrame` where there is one
 * (browser and dedicated workers), else `setImmediate` (Node), else a zero timeout.
 * Pulling the next value a frame later keeps an infinite generator from starving the rest.
 */
export const nextFrame: (callback: () => void) => void =
  typeof requestAnimationFrame === "function"
    ? (callback) => void requestAnimationFrame(() => callback())
    : typeof setImmediate === "function"
      ? (callback) => void setImmediate(callback)
      : (callback) => void setTimeout(callback, 0);
