/**
 * The dataflow graph of a notebook: who defines each name, which cell each reference
 * resolves to, duplicate definitions, cycles (with a path), and one deterministic
 * topological order with ties broken by document order (as marimo's topology).
 */
import { MinHeap } from "./heap";
import type { CellId } from "./types";

/** What the graph needs to know about one cell. */
export interface GraphNode {
  id: CellId;
  declares: readonly string[];
  references: readonly string[];
}

/** How one free name of a cell resolves. A cell definition shadows builtins and globals. */
export type Binding =
  | { kind: "cell"; name: string; cell: number; slot: number }
  | { kind: "builtin"; name: string }
  | { kind: "global"; name: string }
  | { kind: "missing"; name: string }
  | { kind: "duplicate"; name: string; definers: number[] };

/** The resolved graph; every per-cell array is indexed like the input nodes (document order). */
export interface Graph {
  /** Name → indexes of the cells declaring it, in document order. */
  definers: Map<string, number[]>;
  /** Per cell, one binding per reference, in the cell's reference order. */
  bindings: Binding[][];
  /** Per cell, the cells it reads from (deduplicated), without edges inside a cycle. */
  inputs: number[][];
  /** Per cell, the cells that read from it: the reverse of `inputs`. */
  outputs: number[][];
  /** Cell indexes in topological order, ties broken by document order. */
  order: number[];
  /** Per cell, its position in `order`. */
  rank: Int32Array;
  /** Per cell on a cycle, a path of cell ids from it back to itself; else null. */
  cycles: (CellId[] | null)[];
  /** Per cell, the first name it declares that another cell declares too; else null. */
  duplicates: (string | null)[];
}

/**
 * Resolves every reference and orders the cells. `isBuiltin` and `isGlobal` say whether
 * a name nobody declares is still available (kernel builtins, then `globalThis`).
 */
export function buildGraph(nodes: readonly GraphNode[], isBuiltin: (name: string) => boolean, isGlobal: (name: string) => boolean): Graph {
  const n = nodes.length;
  const definers = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    for (const name of node.declares) {
      const list = definers.get(name);
      if (list) list.push(i);
      else definers.set(name, [i]);
    }
  });

  const duplicates = nodes.map((node) => node.declares.find((name) => definers.get(name)!.length > 1) ?? null);
  const bindings: Binding[][] = new Array(n);
  const inputs: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    const cellInputs: number[] = [];
    bindings[i] = node.references.map((name): Binding => {
      const list = definers.get(name);
      if (list && list.length > 1) return { kind: "duplicate", name, definers: list };
      if (list) {
        const cell = list[0];
        if (!cellInputs.includes(cell)) cellInputs.push(cell);
        return { kind: "cell", name, cell, slot: nodes[cell].declares.indexOf(name) };
      }
      if (isBuiltin(name)) return { kind: "builtin", name };
      if (isGlobal(name)) return { kind: "global", name };
      return { kind: "missing", name };
    });
    inputs[i] = cellInputs;
  }

  const cycles = findCycles(nodes, inputs);
  // Edges inside a cycle are dropped so the rest of the graph is a DAG that can be ordered;
  // the cells on the cycle are reported as errors and never run.
  for (let i = 0; i < n; i++) if (cycles.component[i] >= 0) inputs[i] = inputs[i].filter((j) => cycles.component[j] !== cycles.component[i]);

  const outputs: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) for (const j of inputs[i]) outputs[j].push(i);

  const { order, rank } = topologicalOrder(inputs, outputs);
  return { definers, bindings, inputs, outputs, order, rank, cycles: cycles.paths, duplicates };
}

/** Kahn's algorithm, always taking the ready cell that comes first in the document. */
function topologicalOrder(inputs: number[][], outputs: number[][]): { order: number[]; rank: Int32Array } {
  const n = inputs.length;
  const indegree = new Int32Array(n);
  const ready = new MinHeap();
  for (let i = 0; i < n; i++) {
    indegree[i] = inputs[i].length;
    if (indegree[i] === 0) ready.push(i);
  }
  const order: number[] = [];
  const rank = new Int32Array(n);
  for (let i = ready.pop(); i !== undefined; i = ready.pop()) {
    rank[i] = order.length;
    order.push(i);
    for (const j of outputs[i]) if (--indegree[j] === 0) ready.push(j);
  }
  return { order, rank };
}

/**
 * Strongly connected components (Tarjan, iterative so a 10,000-cell chain cannot overflow
 * the stack). A component of more than one cell is a cycle; each of its cells gets a path.
 */
function findCycles(nodes: readonly GraphNode[], inputs: number[][]): { component: Int32Array; paths: (CellId[] | null)[] } {
  const n = nodes.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const top = work[work.length - 1];
      const [v, next] = top;
      if (next < inputs[v].length) {
        top[1]++;
        const w = inputs[v][next];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          members.push(w);
        } while (w !== v);
        if (members.length > 1) {
          for (const m of members) component[m] = components;
          components++;
        }
      }
    }
  }
  const paths = nodes.map((_, i) => (component[i] >= 0 ? cyclePath(i, inputs, component, nodes) : null));
  return { component, paths };
}

/** The shortest path from cell `start` through the cells it reads, back to itself. */
function cyclePath(start: number, inputs: number[][], component: Int32Array, nodes: readonly GraphNode[]): CellId[] {
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (const w of inputs[v]) {
      if (component[w] !== component[start]) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)!) path.push(u);
        path.push(start);
        // Built backwards from the end; reverse the middle so it reads start → … → start.
        const middle = path.slice(1, -1).reverse();
        return [start, ...middle, start].map((i) => nodes[i].id);
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [nodes[start].id, nodes[start].id];
}
