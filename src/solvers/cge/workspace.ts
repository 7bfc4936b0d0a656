/**
 * The arrays one evaluation of the core system fills (see `evaluate` in model.ts): every level and
 * condition, and the scratch the cost functions and sums are built in. Made once per layout (and
 * sets' sizes) and reused by every evaluation, as the gradient arena in dual.ts is: a Newton solve
 * evaluates the system a few dozen times and a sweep thousands of times, and arrays made afresh each
 * time made up most of what a solve allocated (and so of the scavenges a pool of workers shares).
 *
 * What an evaluation returns lives here until the next evaluation with the same layout overwrites it,
 * as the duals in it live until the arena is opened again: callers copy out what they keep (`values`).
 *
 * Arrays of levels are tagged (numbers and duals, see `tabulate`); `X`, which only ever holds numbers,
 * and weight scratch are double arrays (see `doublesOf`), so that storing into them does not box numbers.
 */
import type { Num } from "./dual";
import { doublesOf, tabulate } from "./doubles";
import type { Layout, Levels } from "./model";

export class Workspace {
  /** Every variable's level at the last evaluation (scalars are overwritten in place). */
  readonly levels: Levels<Num>;
  /** The core conditions of the last evaluation, one per equation of the layout. */
  readonly conditions: Num[];
  /** What `evaluate` returns: the two above. */
  readonly result: { levels: Levels<Num>; conditions: Num[] };
  /** Supply of each factor when mobile (the unknown or the exogenous endowment). */
  readonly FFmobile: Num[];
  /** Per good: how many sources it is imported from, and those sources (`sources[i·S + k]`, k < count). */
  readonly sourceCount: Int32Array;
  readonly sources: Int32Array;
  /** Terms of a sum (`sumOf`), long enough for the longest: factor incomes, taxes, import costs. */
  readonly terms: Num[];
  /** Bases and weights of one cost function (`powerMeanOf`, `prodPowOf`): sources, factors or the Armington pair. */
  readonly bases: Num[];
  readonly weights: number[];

  constructor(readonly N: number, readonly H: number, readonly S: number, equations: number) {
    const levels = (n: number) => tabulate<Num>(n, () => 0);
    const matrix = (rows: number) => tabulate(rows, () => levels(N));
    this.levels = {
      Y: levels(N), Z: levels(N), py: levels(N), pz: levels(N), pq: levels(N), pd: levels(N), pe: levels(N), PM: levels(N),
      Xp: levels(N), Xg: levels(N), Xv: levels(N), E: levels(N), D: levels(N), Q: levels(N), M: levels(N), Tz: levels(N),
      X: tabulate(N, () => doublesOf(N, () => 0)), F: matrix(H), pf: matrix(H), FF: levels(H),
      Ms: matrix(S), pm: matrix(S), pms: matrix(S), Tm: matrix(S),
      eps: 0, Sf: 0, Sp: 0, Sg: 0, Td: 0, S: 0, sspScale: 0, income: 0,
    };
    this.conditions = levels(equations);
    this.result = { levels: this.levels, conditions: this.conditions };
    this.FFmobile = levels(H);
    this.sourceCount = new Int32Array(N);
    this.sources = new Int32Array(N * S);
    this.terms = levels(Math.max(H * N, N + S * N, 3));
    const width = Math.max(S, H, 2);
    this.bases = levels(width);
    this.weights = doublesOf(width, () => 0);
  }
}

const workspaces = new WeakMap<Layout, Workspace>();

/** The workspace of evaluations with layout `L` for a model of these sizes (made on first use, or again if the sizes differ). */
export function workspaceFor(L: Layout, N: number, H: number, S: number): Workspace {
  let ws = workspaces.get(L);
  if (ws === undefined || ws.N !== N || ws.H !== H || ws.S !== S) {
    ws = new Workspace(N, H, S, L.equations.length);
    workspaces.set(L, ws);
  }
  return ws;
}
