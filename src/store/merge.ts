/**
 * "Keep mine" after two tabs changed the same notebook: a three-way merge by cell. Where
 * only one side changed a cell (edit, insert, delete) that change is kept; where both
 * changed the same cell, this tab's version wins (the other is kept in History by the
 * caller). So the other tab's edits to other cells survive.
 */
import type { Cell, NotebookDoc } from "../notebook/document";
import { sameCell } from "./journal";

/** The merged document and the cells both sides changed (where mine won). */
export interface MergeResult {
  readonly doc: NotebookDoc;
  readonly overlapping: readonly string[];
}

/** Merges `mine` and `theirs`, both descended from `base`; the result keeps `mine`'s id and layout. */
export function mergeByCell(base: NotebookDoc, mine: NotebookDoc, theirs: NotebookDoc): MergeResult {
  const b = byId(base.cells);
  const m = byId(mine.cells);
  const t = byId(theirs.cells);
  const changed = (side: Map<string, Cell>, id: string) => {
    const was = b.get(id);
    const now = side.get(id);
    return was === undefined ? now !== undefined : now === undefined || !sameCell(was, now);
  };
  const kept = new Map<string, Cell>();
  const overlapping: string[] = [];
  for (const id of new Set([...b.keys(), ...m.keys(), ...t.keys()])) {
    const mineChanged = changed(m, id);
    const theirsChanged = changed(t, id);
    if (mineChanged && theirsChanged) {
      const same = m.get(id) && t.get(id) && sameCell(m.get(id)!, t.get(id)!);
      if (!same && !(m.get(id) === undefined && t.get(id) === undefined)) overlapping.push(id);
    }
    // Mine wins where both changed; otherwise the side that changed; else the base.
    const cell = mineChanged ? m.get(id) : theirsChanged ? t.get(id) : b.get(id);
    if (cell) kept.set(id, cell);
  }
  const mineMoved = orderOf(mine, b).join("\n") !== orderOf(base, m).join("\n");
  const [lead, other] = mineMoved ? [mine, theirs] : [theirs, mine];
  const order = lead.cells.map((c) => c.id).filter((id) => kept.has(id));
  // Cells only the other side has go after the nearest cell that precedes them there.
  const placed = new Set(order);
  const otherIds = other.cells.map((c) => c.id);
  otherIds.forEach((id, i) => {
    if (!kept.has(id) || placed.has(id)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = order.indexOf(otherIds[j]!);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    order.splice(at, 0, id);
    placed.add(id);
  });
  const title = mine.title !== base.title ? mine.title : theirs.title;
  return { doc: { ...mine, title, cells: order.map((id) => kept.get(id)!) }, overlapping };
}

function byId(cells: readonly Cell[]): Map<string, Cell> {
  return new Map(cells.map((c) => [c.id, c]));
}

/** The ids of `doc` that `other` also has, in `doc`'s order (to compare orders without inserts and deletes). */
function orderOf(doc: NotebookDoc, other: Map<string, Cell>): string[] {
  return doc.cells.map((c) => c.id).filter((id) => other.has(id));
}
