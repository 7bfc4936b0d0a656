/**
 * Compiled cells by source, least recently used first out. Compiled cells are immutable,
 * so an undo, a redo, a reloaded notebook or two cells with the same text share one.
 */
import { compile, type CompileResult } from "./compile";
import type { CellKind } from "./types";

/** A bounded cache in front of `compile`. */
export class CompileCache {
  private readonly entries = new Map<string, CompileResult>();

  constructor(private readonly capacity = 2048) {}

  /** The compiled form of `source`, compiling it only when not cached. */
  compile(source: string, kind: CellKind = "code"): CompileResult {
    const key = kind === "markdown" ? "m" + source : "c" + source;
    let result = this.entries.get(key);
    if (result) {
      // Re-inserting moves the entry to the young end of the Map's insertion order.
      this.entries.delete(key);
    } else {
      result = compile(source, kind);
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, result);
    return result;
  }

  /** Number of cached entries. */
  get size(): number {
    return this.entries.size;
  }
}
