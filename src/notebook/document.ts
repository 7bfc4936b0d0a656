/**
 * The notebook document: immutable state changed only by transactions (as CodeMirror's
 * state). Undo, history and autosave all consume the same stream of transactions.
 * No DOM, no storage: plain data that survives structured cloning.
 */
import type { CellKind, RunMode } from "../kernel/types";

export interface Cell {
  readonly id: string;
  readonly kind: CellKind;
  readonly source: string;
  readonly mode: RunMode;
  /** Saved display output (text form) that a headless re-check compares against; optional. */
  readonly output?: string;
  /** The cell's code is hidden: only its output is shown (`hide=code` in the file); absent when shown. */
  readonly hideCode?: true;
}

/** How a notebook asks to be opened: `reader` shows narrative, outputs and widgets only. */
export type NotebookView = "reader";

export interface NotebookDoc {
  readonly id: string;
  readonly title: string;
  readonly cells: readonly Cell[];
  /** Increases by one with every applied transaction; used for autosave and multi-tab checks. */
  readonly revision: number;
  /** Opens in this view (`// view: reader` in the file's header); absent for the normal editor. */
  readonly view?: NotebookView;
  /**
   * How the file this document was read from was laid out, where it differs from the
   * canonical layout (see `src/notebook/format.ts`). Kept so that saving an unchanged file
   * reproduces it byte for byte; transactions carry it along untouched.
   */
  readonly layout?: FileLayout;
}

/** The exact text of one block of a file and the cell it described when read. */
export interface RawBlock {
  readonly raw: string;
  readonly kind: CellKind;
  readonly mode: RunMode;
  readonly source: string;
  readonly output?: string;
  readonly hideCode?: true;
}

/**
 * Non-canonical parts of a file, as plain data (it is saved with the document).
 * Only blocks whose text differs from what `serialize` would write are stored.
 */
export interface FileLayout {
  /** Line ending used when writing canonical blocks. */
  readonly eol: "\n" | "\r\n";
  /** The file started with a byte-order mark (`true`), or with this many of them. */
  readonly bom?: boolean | number;
  /** The header's exact text and the title and view it held. */
  readonly header?: { readonly raw: string; readonly title: string; readonly view?: NotebookView };
  /** Cell blocks (marker to the next marker) by cell id; a record without a prototype when read by `parse`. */
  readonly cells?: Readonly<Record<string, RawBlock>>;
  /** The exact text from the end marker to the end of the file. */
  readonly tail?: string;
}

/** One change to the document. Each has an exact inverse (see `invert`). */
export type Change =
  | { type: "insert"; index: number; cell: Cell }
  | { type: "delete"; index: number; cell: Cell }
  | { type: "edit"; id: string; from: string; to: string }
  | { type: "move"; from: number; to: number }
  | { type: "mode"; id: string; from: RunMode; to: RunMode }
  | { type: "kind"; id: string; from: CellKind; to: CellKind }
  | { type: "output"; id: string; from: string | undefined; to: string | undefined }
  | { type: "hide"; id: string; from: boolean; to: boolean }
  | { type: "title"; from: string; to: string }
  | { type: "view"; from: NotebookView | undefined; to: NotebookView | undefined };

/** A group of changes applied atomically; `origin` tells undo and autosave where it came from. */
export interface Transaction {
  readonly changes: readonly Change[];
  readonly origin?: "user" | "undo" | "redo" | "restore" | "remote" | "load";
}

/** Error raised when a transaction does not fit the document (an unknown cell, a bad index). */
export class DocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentError";
  }
}

let counter = 0;
/** A fresh cell id: short, unique within a session, stable once assigned. */
export function newCellId(): string {
  counter = (counter + 1) % 1_000_000;
  return `c${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** Builds a cell with defaults (`code`, `auto`). */
export function makeCell(source: string, kind: CellKind = "code", options: { id?: string; mode?: RunMode; output?: string; hideCode?: boolean } = {}): Cell {
  return {
    id: options.id ?? newCellId(),
    kind,
    source,
    mode: options.mode ?? "auto",
    ...(options.output !== undefined ? { output: options.output } : {}),
    ...(options.hideCode ? { hideCode: true as const } : {}),
  };
}

/** Builds a document from cells. */
export function makeDoc(cells: readonly Cell[], options: { id?: string; title?: string } = {}): NotebookDoc {
  return { id: options.id ?? newCellId(), title: options.title ?? "Untitled", cells, revision: 0 };
}

function indexOfCell(doc: NotebookDoc, id: string): number {
  const index = doc.cells.findIndex((c) => c.id === id);
  if (index < 0) throw new DocumentError(`no cell with id ${id}`);
  return index;
}

function replaceCell(doc: NotebookDoc, id: string, update: (cell: Cell) => Cell): readonly Cell[] {
  const index = indexOfCell(doc, id);
  const cells = doc.cells.slice();
  cells[index] = update(cells[index]!);
  return cells;
}

function applyChange(doc: NotebookDoc, change: Change): NotebookDoc {
  switch (change.type) {
    case "insert": {
      if (change.index < 0 || change.index > doc.cells.length) throw new DocumentError(`insert index ${change.index} out of range`);
      if (doc.cells.some((c) => c.id === change.cell.id)) throw new DocumentError(`cell ${change.cell.id} already exists`);
      const cells = doc.cells.slice();
      cells.splice(change.index, 0, change.cell);
      return { ...doc, cells };
    }
    case "delete": {
      const index = indexOfCell(doc, change.cell.id);
      const cells = doc.cells.slice();
      cells.splice(index, 1);
      return { ...doc, cells };
    }
    case "edit":
      return { ...doc, cells: replaceCell(doc, change.id, (c) => ({ ...c, source: change.to })) };
    case "mode":
      return { ...doc, cells: replaceCell(doc, change.id, (c) => ({ ...c, mode: change.to })) };
    case "kind":
      return { ...doc, cells: replaceCell(doc, change.id, (c) => ({ ...c, kind: change.to })) };
    case "output":
      return {
        ...doc,
        cells: replaceCell(doc, change.id, (c) => {
          const { output: _old, ...rest } = c;
          return change.to === undefined ? rest : { ...rest, output: change.to };
        }),
      };
    case "move": {
      const n = doc.cells.length;
      if (change.from < 0 || change.from >= n || change.to < 0 || change.to >= n) throw new DocumentError(`move ${change.from}→${change.to} out of range`);
      const cells = doc.cells.slice();
      const [cell] = cells.splice(change.from, 1);
      cells.splice(change.to, 0, cell!);
      return { ...doc, cells };
    }
    case "hide":
      return {
        ...doc,
        cells: replaceCell(doc, change.id, (c) => {
          const { hideCode: _old, ...rest } = c;
          return change.to ? { ...rest, hideCode: true } : rest;
        }),
      };
    case "title":
      return { ...doc, title: change.to };
    case "view": {
      const { view: _old, ...rest } = doc;
      return change.to === undefined ? rest : { ...rest, view: change.to };
    }
    default: {
      const never: never = change;
      throw new DocumentError(`unknown change ${(never as { type: string }).type}`);
    }
  }
}

/** Applies a transaction, returning a new document with `revision + 1`. The input is not modified. */
export function apply(doc: NotebookDoc, tr: Transaction): NotebookDoc {
  let next = doc;
  for (const change of tr.changes) next = applyChange(next, change);
  return { ...next, revision: doc.revision + 1 };
}

/** The exact inverse of one change. */
export function invertChange(change: Change): Change {
  switch (change.type) {
    case "insert":
      return { type: "delete", index: change.index, cell: change.cell };
    case "delete":
      return { type: "insert", index: change.index, cell: change.cell };
    case "edit":
      return { ...change, from: change.to, to: change.from };
    case "mode":
      return { ...change, from: change.to, to: change.from };
    case "kind":
      return { ...change, from: change.to, to: change.from };
    case "output":
      return { ...change, from: change.to, to: change.from };
    case "hide":
      return { ...change, from: change.to, to: change.from };
    case "view":
      return { ...change, from: change.to, to: change.from };
    case "move":
      return { type: "move", from: change.to, to: change.from };
    case "title":
      return { type: "title", from: change.to, to: change.from };
    default: {
      const never: never = change;
      return never;
    }
  }
}

/** The inverse of a transaction: its changes inverted, in reverse order. */
export function invert(tr: Transaction, origin: Transaction["origin"] = "undo"): Transaction {
  return { changes: tr.changes.slice().reverse().map(invertChange), origin };
}

/** Transaction builders that read like the edit they describe. */
export const tx = {
  insert(doc: NotebookDoc, index: number, cell: Cell): Transaction {
    return { changes: [{ type: "insert", index, cell }], origin: "user" };
  },
  delete(doc: NotebookDoc, id: string): Transaction {
    const index = indexOfCell(doc, id);
    return { changes: [{ type: "delete", index, cell: doc.cells[index]! }], origin: "user" };
  },
  edit(doc: NotebookDoc, id: string, source: string): Transaction {
    const cell = doc.cells[indexOfCell(doc, id)]!;
    return { changes: [{ type: "edit", id, from: cell.source, to: source }], origin: "user" };
  },
  move(doc: NotebookDoc, id: string, to: number): Transaction {
    return { changes: [{ type: "move", from: indexOfCell(doc, id), to }], origin: "user" };
  },
  mode(doc: NotebookDoc, id: string, mode: RunMode): Transaction {
    const cell = doc.cells[indexOfCell(doc, id)]!;
    return { changes: [{ type: "mode", id, from: cell.mode, to: mode }], origin: "user" };
  },
  kind(doc: NotebookDoc, id: string, kind: CellKind): Transaction {
    const cell = doc.cells[indexOfCell(doc, id)]!;
    return { changes: [{ type: "kind", id, from: cell.kind, to: kind }], origin: "user" };
  },
  output(doc: NotebookDoc, id: string, output: string | undefined): Transaction {
    const cell = doc.cells[indexOfCell(doc, id)]!;
    return { changes: [{ type: "output", id, from: cell.output, to: output }], origin: "user" };
  },
  title(doc: NotebookDoc, title: string): Transaction {
    return { changes: [{ type: "title", from: doc.title, to: title }], origin: "user" };
  },
  /** Hides (or shows again) a cell's code; its output stays. */
  hide(doc: NotebookDoc, id: string, hidden: boolean): Transaction {
    const cell = doc.cells[indexOfCell(doc, id)]!;
    return { changes: [{ type: "hide", id, from: cell.hideCode === true, to: hidden }], origin: "user" };
  },
  /** Sets the view the notebook asks to be opened in (`undefined`: the editor). */
  view(doc: NotebookDoc, view: NotebookView | undefined): Transaction {
    return { changes: [{ type: "view", from: doc.view, to: view }], origin: "user" };
  },
};

/**
 * Undo/redo over transactions. Consecutive edits of the same cell within `groupMs`
 * merge into one undo step, as typing does in an editor.
 */
export interface UndoHistory {
  readonly done: readonly { tr: Transaction; at: number }[];
  readonly undone: readonly Transaction[];
}

export const emptyHistory: UndoHistory = { done: [], undone: [] };

/** Records a user transaction in the undo history. Undo/redo/load/remote transactions are not recorded here. */
export function record(history: UndoHistory, tr: Transaction, at: number, groupMs = 800): UndoHistory {
  if (tr.origin && tr.origin !== "user" && tr.origin !== "restore") return history;
  const last = history.done[history.done.length - 1];
  const single = tr.changes.length === 1 ? tr.changes[0] : undefined;
  const lastSingle = last && last.tr.changes.length === 1 ? last.tr.changes[0] : undefined;
  if (last && single?.type === "edit" && lastSingle?.type === "edit" && lastSingle.id === single.id && at - last.at < groupMs) {
    const merged: Transaction = { changes: [{ ...lastSingle, to: single.to }], origin: "user" };
    return { done: [...history.done.slice(0, -1), { tr: merged, at }], undone: [] };
  }
  return { done: [...history.done, { tr, at }], undone: [] };
}

/** Undoes the last recorded step: returns the new document and history, or null when there is nothing to undo. */
export function undo(doc: NotebookDoc, history: UndoHistory): { doc: NotebookDoc; history: UndoHistory } | null {
  const last = history.done[history.done.length - 1];
  if (!last) return null;
  return { doc: apply(doc, invert(last.tr, "undo")), history: { done: history.done.slice(0, -1), undone: [...history.undone, last.tr] } };
}

/** Redoes the last undone step, or returns null. */
export function redo(doc: NotebookDoc, history: UndoHistory): { doc: NotebookDoc; history: UndoHistory } | null {
  const last = history.undone[history.undone.length - 1];
  if (!last) return null;
  return {
    doc: apply(doc, { changes: last.changes, origin: "redo" }),
    history: { done: [...history.done, { tr: last, at: 0 }], undone: history.undone.slice(0, -1) },
  };
}
