/**
 * Applies the dataflow graph to the kernel's cells: wires inputs and outputs, finds the
 * errors known before running, and reports which cells now resolve their names
 * differently (those must re-run: a deleted duplicate, a new definition of a name…).
 */
import type { Cell } from "./cell";
import { ambiguousError, cycleError, duplicateError, reassignError, undefinedError } from "./errors";
import { buildGraph, type Binding } from "./graph";
import type { CellError } from "./types";

/** The notebook-wide facts the kernel keeps after wiring. */
export interface Structure {
  /** Cells in topological order with document tie-breaks; `order[cell.rank] === cell`. */
  order: Cell[];
  /** Name → the cell defining it, when exactly one does. */
  definer: Map<string, Cell>;
  /** Cells whose resolution changed (or are new), in document order. */
  changed: Cell[];
}

/** Rebuilds the graph of `cells` (document order) and writes it into each cell. */
export function wire(cells: Cell[], isBuiltin: (name: string) => boolean, isGlobal: (name: string) => boolean): Structure {
  const nodes = cells.map((cell) => ({ id: cell.spec.id, declares: cell.declares, references: cell.references }));
  const graph = buildGraph(nodes, isBuiltin, isGlobal);
  const changed: Cell[] = [];
  let byId: Map<string, Cell> | null = null;
  const cycleNames = (path: string[]) => path.map((id) => (byId ??= new Map(cells.map((c) => [c.spec.id, c]))).get(id)?.declares[0] ?? id);
  cells.forEach((cell, i) => {
    cell.rank = graph.rank[i];
    cell.inputs = graph.inputs[i].map((j) => cells[j]);
    cell.outputs = graph.outputs[i].map((j) => cells[j]);
    cell.bindings = graph.bindings[i];
    cell.sources = cell.bindings.map((b) => (b.kind === "cell" ? cells[b.cell] : null));
    cell.staticError = staticError(cell, graph.duplicates[i], graph.cycles[i], cell.bindings, graph.definers, cells, cycleNames);
    const signature = signatureOf(cell, cells);
    if (signature !== cell.signature) {
      cell.signature = signature;
      changed.push(cell);
    }
  });
  const definer = new Map<string, Cell>();
  for (const [name, list] of graph.definers) if (list.length === 1) definer.set(name, cells[list[0]]);
  return { order: graph.order.map((i) => cells[i]), definer, changed };
}

function staticError(
  cell: Cell,
  duplicate: string | null,
  cycle: string[] | null,
  bindings: Binding[],
  definers: Map<string, number[]>,
  cells: Cell[],
  cycleNames: (path: string[]) => string[],
): CellError | null {
  const id = cell.spec.id;
  if (cell.syntax) return cell.syntax;
  if (duplicate !== null) return duplicateError(id, duplicate, definers.get(duplicate)!.map((j) => cells[j].spec.id));
  if (cycle) return cycleError(id, cycle, cycleNames(cycle));
  for (const assignment of cell.compiled?.assigns ?? []) {
    const binding = bindings.find((b) => b.name === assignment.name);
    if (binding?.kind !== "cell") continue;
    const definer = cells[binding.cell];
    const { line, column } = assignment;
    return reassignError(id, assignment.name, definer.spec.id, `cell ${definer.position + 1}`, line, column);
  }
  for (const b of bindings) if (b.kind === "missing") return undefinedError(id, b.name);
  for (const b of bindings) if (b.kind === "duplicate") return ambiguousError(id, b.name, b.definers.map((j) => cells[j].spec.id));
  return null;
}

function signatureOf(cell: Cell, cells: Cell[]): string {
  let signature = cell.staticError ? `${cell.staticError.kind}:${cell.staticError.message}` : "";
  for (const b of cell.bindings) signature += `\u0000${b.name}=${b.kind === "cell" ? "#" + cells[b.cell].spec.id : b.kind}`;
  return signature;
}

