/**
 * Brands and duck-type checks for values with a special display, in a module with no
 * heavy imports so that UI code (and text.ts) can use them without pulling in Arquero.
 */

/** Brand on values made by the `md` and `html` helpers when they return text. */
export const RICH = Symbol.for("caravan.rich");

/** Where a chart rendered in the worker keeps its prepared pointer layers (workers/plotPointer.ts). */
export const POINTERS = Symbol.for("caravan.pointers");

/** A Markdown or HTML string marked for rich display (what `md\`…\`` returns). */
export interface RichText {
  [RICH]: "markdown" | "html";
  text: string;
}

/** Wraps text so it renders as Markdown or HTML instead of a quoted string. */
export function rich(kind: "markdown" | "html", text: string): RichText {
  return { [RICH]: kind, text, toString: () => text } as RichText;
}

/** The part of an Arquero table the display code uses. */
export interface ArqueroLike {
  numRows(): number;
  numCols(): number;
  columnNames(): string[];
}

/** True for Arquero tables (duck-typed: the table may come from another copy of Arquero). */
export function isTable(value: unknown): value is ArqueroLike {
  const v = value as Partial<ArqueroLike> | null;
  return typeof v === "object" && v !== null && typeof v.numRows === "function" && typeof v.columnNames === "function" && typeof (v as { objects?: unknown }).objects === "function";
}
