/**
 * The transaction that turns one document into another, built from the ordinary change
 * kinds so it can be applied, inverted and undone like any edit. History restores use it.
 */
import { apply, type Cell, type Change, type NotebookDoc, type Transaction } from "./document";

/**
 * Changes that take `from` to `to` (same cells in the same order, same title and view): deletes the
 * cells `to` lacks, edits the ones both have, then inserts and moves into `to`'s order.
 */
export function diffTransaction(from: NotebookDoc, to: NotebookDoc, origin: Transaction["origin"] = "restore"): Transaction {
  const changes: Change[] = [];
  const wanted = new Map(to.cells.map((c) => [c.id, c]));
  const work: Cell[] = from.cells.slice();
  for (let i = work.length - 1; i >= 0; i--) {
    const cell = work[i]!;
    if (!wanted.has(cell.id)) {
      changes.push({ type: "delete", index: i, cell });
      work.splice(i, 1);
    }
  }
  for (let i = 0; i < work.length; i++) {
    const cell = work[i]!;
    const target = wanted.get(cell.id)!;
    if (cell.source !== target.source) changes.push({ type: "edit", id: cell.id, from: cell.source, to: target.source });
    if (cell.mode !== target.mode) changes.push({ type: "mode", id: cell.id, from: cell.mode, to: target.mode });
    if (cell.kind !== target.kind) changes.push({ type: "kind", id: cell.id, from: cell.kind, to: target.kind });
    if (cell.output !== target.output) changes.push({ type: "output", id: cell.id, from: cell.output, to: target.output });
    if ((cell.hideCode === true) !== (target.hideCode === true)) changes.push({ type: "hide", id: cell.id, from: cell.hideCode === true, to: target.hideCode === true });
    work[i] = target;
  }
  for (let i = 0; i < to.cells.length; i++) {
    const target = to.cells[i]!;
    if (work[i]?.id === target.id) continue;
    const j = work.findIndex((c) => c.id === target.id);
    if (j > i) {
      changes.push({ type: "move", from: j, to: i });
      work.splice(i, 0, work.splice(j, 1)[0]!);
    } else {
      changes.push({ type: "insert", index: i, cell: target });
      work.splice(i, 0, target);
    }
  }
  if (from.title !== to.title) changes.push({ type: "title", from: from.title, to: to.title });
  if (from.view !== to.view) changes.push({ type: "view", from: from.view, to: to.view });
  return { changes, origin };
}

/** Applies `diffTransaction(from, to)`: a document with `to`'s content and `from`'s id, revision + 1 and layout. */
export function restoreDoc(from: NotebookDoc, to: NotebookDoc): NotebookDoc {
  return apply(from, diffTransaction(from, to));
}
