/**
 * Which cell reads which names from which cell, found by the kernel's own parse (sucrase to
 * strip types, acorn and periscopic for scopes) run on the cells' text in the page. Parsing
 * only: no cell code runs here. Markdown cells read the names their `${…}` interpolate.
 */
import { analyze } from "../../kernel/analyze";
import { markdownToTemplate } from "../../kernel/markdown";
import { transpile } from "../../kernel/transpile";
import type { CellKind } from "../../kernel/types";

/** The text of one cell, as the document holds it. */
export interface SourceCell {
  readonly id: string;
  readonly kind: CellKind;
  readonly source: string;
}

/** What one cell declares and reads, or why its text does not parse. */
export interface CellFacts {
  id: string;
  /** 0-based position in the document. */
  index: number;
  kind: CellKind;
  declares: string[];
  references: string[];
  /** The declared name whose value the cell's output shows (a lone declaration, or a last expression naming one). */
  shown: string | null;
  /** Set when the cell does not parse: nothing is known of its names. */
  syntax?: { message: string; line: number; column: number };
}

/** A dependency: `reader` reads `names` declared by `definer`. */
export interface Edge {
  definer: string;
  reader: string;
  names: string[];
}

/** The cells in document order, the edges between them, and names no cell declares. */
export interface DependencyGraph {
  cells: CellFacts[];
  edges: Edge[];
  /** Per cell: the names it reads that no cell declares (builtins, globals, or undefined). */
  external: Map<string, string[]>;
  /** Names declared by more than one cell, with their definers in document order. */
  duplicates: Map<string, string[]>;
}

type Parsed = Omit<CellFacts, "id" | "index" | "kind">;

const cache = new Map<string, Parsed>();
/** Parsed texts kept for reuse; a notebook of a thousand cells fits, a runaway edit session does not grow without end. */
const CACHE_LIMIT = 4000;

/** Parses one cell's text (cached by kind and text: an unchanged cell is not parsed again). */
export function parseCell(kind: CellKind, source: string): Parsed {
  const key = `${kind}\u0000${source}`;
  const known = cache.get(key);
  if (known) return known;
  const parsed = parseUncached(kind, source);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

function parseUncached(kind: CellKind, source: string): Parsed {
  let typescript = source;
  if (kind === "markdown") {
    const template = markdownToTemplate(source);
    if (!template.ok) return { declares: [], references: [], shown: null, syntax: template };
    typescript = template.source;
  }
  const js = transpile(typescript);
  if (!js.ok) return { declares: [], references: [], shown: null, syntax: { message: js.message, line: js.line, column: js.column } };
  const analysed = analyze(js.code);
  if (!analysed.ok) {
    const at = js.toSource(analysed.line, analysed.column);
    return { declares: [], references: [], shown: null, syntax: { message: analysed.message, ...at } };
  }
  const a = analysed.analysis;
  // Markdown cells declare nothing: their one template literal is their output.
  if (kind === "markdown") return { declares: [], references: a.references, shown: null };
  let shown: string | null = null;
  if (a.lastExpression) {
    const text = js.code.slice(a.lastExpression.start, a.lastExpression.end).trim();
    if (a.declares.includes(text)) shown = text;
  } else if (a.declares.length === 1) shown = a.declares[0]!;
  return { declares: a.declares, references: a.references, shown };
}

/** The dependency graph of `cells` (document order; edges sorted by reader, then definer). */
export function dependencyGraph(cells: readonly SourceCell[]): DependencyGraph {
  const facts = cells.map((cell, index): CellFacts => ({ id: cell.id, index, kind: cell.kind, ...parseCell(cell.kind, cell.source) }));
  const definers = new Map<string, string[]>();
  for (const cell of facts) for (const name of cell.declares) definers.set(name, [...(definers.get(name) ?? []), cell.id]);
  const edges: Edge[] = [];
  const external = new Map<string, string[]>();
  for (const reader of facts) {
    const byDefiner = new Map<string, string[]>();
    for (const name of reader.references) {
      const from = (definers.get(name) ?? []).filter((id) => id !== reader.id);
      if (from.length === 0) external.set(reader.id, [...(external.get(reader.id) ?? []), name]);
      for (const id of from) byDefiner.set(id, [...(byDefiner.get(id) ?? []), name]);
    }
    const order = (id: string) => facts.findIndex((c) => c.id === id);
    for (const [definer, names] of [...byDefiner].sort((a, b) => order(a[0]) - order(b[0]))) edges.push({ definer, reader: reader.id, names });
  }
  const duplicates = new Map([...definers].filter(([, ids]) => ids.length > 1));
  return { cells: facts, edges, external, duplicates };
}
