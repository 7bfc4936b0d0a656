/**
 * What the navigation aids need of the app (`NotebookApp` provides it): the document and its
 * transactions, the commands, what the page knows of outputs and statuses, and a way to
 * bring a cell into view.
 */
import type { CellError, CellStatus } from "../../kernel/types";
import type { Display } from "../../display/types";
import type { NotebookDoc, Transaction } from "../../notebook/document";
import type { Command } from "../keys";

/** The app as the navigation aids see it. */
export interface NavigationHost {
  readonly doc: NotebookDoc;
  dispatch(tr: Transaction): void;
  /** A command-mode command on cell `id`. */
  command(command: Command, id: string): void;
  runAll(): void;
  stop(): void;
  /** Runs the manual cells marked stale and the cells edited since they ran; returns their ids. */
  runStale(): string[];
  appendCell(kind: "code" | "markdown"): void;
  /** Selects cell `id` in command mode: scrolled into view, focused. */
  reveal(id: string): void;
  outputDisplays(): ReadonlyMap<string, Display | CellError>;
  statusOf(id: string): CellStatus | undefined;
  onTransaction(hook: (doc: NotebookDoc, tr: Transaction) => void): () => void;
}

/** The cell element of `id` on the page, if built. */
export function cellElement(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.cell[data-id="${CSS.escape(id)}"]`);
}

/** The id of the selected cell, if any. */
export function selectedCell(): string | null {
  return document.querySelector<HTMLElement>(".cell.selected")?.dataset.id ?? null;
}

/** A short name for a cell in lists: what it defines, else its first line, after its number. */
export function cellLabel(doc: NotebookDoc, id: string, declares: readonly string[] = []): string {
  const index = doc.cells.findIndex((c) => c.id === id);
  const cell = doc.cells[index];
  if (!cell) return "a removed cell";
  let what = declares.slice(0, 3).join(", ") + (declares.length > 3 ? ", …" : "");
  if (!what) {
    const line = cell.source.split("\n").find((l) => l.trim() !== "")?.trim() ?? "(empty)";
    what = cell.kind === "markdown" ? line.replace(/^#+\s*/, "") : line;
  }
  return `${index + 1} · ${what.length > 48 ? `${what.slice(0, 47)}…` : what}`;
}
