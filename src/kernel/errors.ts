/**
 * Every CellError the kernel produces, made in one place so the messages stay short,
 * lowercase and in observablehq/runtime's words.
 */
import type { CompiledCell } from "./compile";
import { literal } from "./literal";
import type { CellError, CellId } from "./types";

/** What a message needs to name a cell: the names it defines and its 0-based place in the document. */
export interface Nameable {
  declares: readonly string[];
  position: number;
}

/**
 * How messages name a cell: by what it defines ("the cell defining `x`"), or, when it
 * defines nothing, by its place in the document ("cell 7"); never by its internal id.
 */
export function cellLabel(cell: Nameable): string {
  return cell.declares.length > 0 ? `the cell defining \`${cell.declares[0]}\`` : `cell ${cell.position + 1}`;
}

/** The source does not parse (TypeScript or JavaScript). */
export function syntaxError(cell: CellId, message: string, line: number, column: number): CellError {
  return { kind: "syntax", cell, message, line, column };
}

/**
 * The cell threw `thrown` (or its promise rejected); located in the TypeScript when the stack allows.
 * A value that throws when read (a proxy whose traps throw, a revoked proxy) is described as such:
 * reading it must never throw out of the kernel.
 */
export function exceptionError(cell: CellId, thrown: unknown, compiled: CompiledCell | null): CellError {
  try {
    return describeThrown(cell, thrown, compiled);
  } catch {
    return { kind: "exception", cell, message: "Uncaught a value that cannot be read (reading it threw: a proxy, or an object whose properties throw)" };
  }
}

function describeThrown(cell: CellId, thrown: unknown, compiled: CompiledCell | null): CellError {
  const isError = typeof thrown === "object" && thrown !== null && typeof (thrown as { message?: unknown }).message === "string";
  // A thrown value that is not an Error is shown as the value itself, as a console does.
  const message = isError ? (thrown as Error).message : `Uncaught ${literal(thrown)}`;
  const error: CellError = { kind: "exception", cell, message };
  if (isError && typeof (thrown as Error).name === "string") error.name = (thrown as Error).name;
  if (isError && typeof (thrown as Error).stack === "string") error.stack = trimStack((thrown as Error).stack!, compiled?.url);
  const at = compiled?.locate(thrown);
  if (at) {
    error.line = at.line;
    error.column = at.column;
  }
  return error;
}

/** The cell reads `name`, which no cell, builtin or global provides. */
export function undefinedError(cell: CellId, name: string): CellError {
  return { kind: "undefined", cell, name, message: `${name} is not defined` };
}

/**
 * The cell is on a cycle; `path` runs from it through the cells it reads back to itself,
 * and `names` says the same with the names each of those cells defines (`a → b → a`).
 */
export function cycleError(cell: CellId, path: CellId[], names: string[]): CellError {
  return { kind: "cycle", cell, path, message: `circular definition: ${names.join(" → ")}` };
}

/** The cell assigns to `name`, which another cell (`definer`) defines: only the definer may change it. */
export function reassignError(cell: CellId, name: string, definer: CellId, definerLabel: string, line: number, column: number): CellError {
  return { kind: "reassign", cell, name, definer, line, column, message: `cannot assign to ${name}: it is defined by ${definerLabel}` };
}

/** The cell declares `name`, which `definers` (all of them, this one included) declare too. */
export function duplicateError(cell: CellId, name: string, definers: CellId[]): CellError {
  return { kind: "duplicate", cell, name, definers, message: `${name} is defined more than once` };
}

/** The cell reads `name`, defined more than once: blocked until only one definer is left. */
export function ambiguousError(cell: CellId, name: string, definers: CellId[]): CellError {
  return { kind: "upstream", cell, upstream: definers[0], message: `${name} is defined more than once` };
}

/** The cell reads `name` from a cell that failed; `upstream` is where the failure started (`label` names it). */
export function upstreamError(cell: CellId, name: string, upstream: CellId, label: string, stopped = false): CellError {
  return { kind: "upstream", cell, upstream, message: `${name} could not be computed because ${label} ${stopped ? "was stopped" : "failed"}` };
}

/** The cell was stopped (its worker was restarted); it waits for an edit or a manual run. */
export function interruptedError(cell: CellId): CellError {
  return { kind: "interrupted", cell, message: "interrupted" };
}

/** Cuts a stack after the cell's own frame: the frames below it are the kernel's, not the user's. */
function trimStack(stack: string, url: string | undefined): string {
  if (!url) return stack;
  const lines = stack.split("\n");
  let last = -1;
  lines.forEach((line, i) => {
    if (line.includes(url)) last = i;
  });
  return last < 0 ? stack : lines.slice(0, last + 1).join("\n");
}
