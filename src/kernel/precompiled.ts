/**
 * Cells compiled when the app is built. Transpiling (sucrase) and analysing (acorn) a cell
 * costs about 7 ms of a cold worker's time, and the default notebook's fifty-odd cells were
 * a third of a second of every first start. So the build compiles the shipped default
 * notebook's cells ahead of time and bundles the result with the kernel worker; `compile`
 * uses an entry only when a cell's text is exactly the text it was made from, so an edited
 * cell, or any other notebook, compiles as usual. Entries come from the build, never from
 * a notebook or the page.
 */
import { analyze, type Analysis } from "./analyze";
import { transpile } from "./transpile";

/** One cell's transpiled JavaScript and its analysis, keyed by the TypeScript it came from. */
export interface PrecompiledCell {
  readonly js: string;
  readonly analysis: Analysis;
}

let source: string | undefined;
let table: Map<string, PrecompiledCell> | undefined;

/** Installs the build's entries (a JSON object from TypeScript text to `PrecompiledCell`), read on first use. */
export function usePrecompiled(json: string): void {
  source = json;
  table = undefined;
}

/** The entry made from exactly `typescript`, if the build made one. */
export function precompiled(typescript: string): PrecompiledCell | undefined {
  if (source === undefined) return undefined;
  table ??= readTable(source);
  return table.get(typescript);
}

function readTable(json: string): Map<string, PrecompiledCell> {
  try {
    const entries = JSON.parse(json) as Record<string, PrecompiledCell>;
    return new Map(Object.entries(entries));
  } catch {
    return new Map();
  }
}

/**
 * Builds the entries for the given cells' TypeScript (a markdown cell's template source, see
 * markdown.ts), as JSON; cells that do not compile are left out (they report their error
 * at run time as usual).
 */
export function precompileCells(typescripts: readonly string[]): string {
  const entries: Record<string, PrecompiledCell> = {};
  for (const ts of typescripts) {
    const js = transpile(ts);
    if (!js.ok) continue;
    const analysed = analyze(js.code);
    if (!analysed.ok) continue;
    entries[ts] = { js: js.code, analysis: analysed.analysis };
  }
  return JSON.stringify(entries);
}
