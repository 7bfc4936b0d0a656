/**
 * The notebook as the language service sees it. Each code cell is one virtual module,
 * `/cells/<n>.ts`: the cell's text exactly as typed, then a line exporting its top-level
 * names (so every position in the cell is the same position in the file). One script file,
 * `/cells/notebook.d.ts`, declares each cell's top-level names as globals, typed from that
 * cell's module — the value readers see: a promise awaited, a generator's yielded values, a
 * widget's value, an unannotated literal widened (the defining cell may change it). It also
 * declares the builtins not shadowed by a cell.
 */
import ts from "ts5";

/** One code cell: its page id and text. */
export interface CellSource {
  id: string;
  text: string;
}

/** A top-level name a cell declares. */
export interface TopName {
  name: string;
  /** A value (const, let, function, class, import) or only a type (interface, type alias). */
  space: "value" | "type" | "both";
  /** Written with a type annotation (its literal type is kept). */
  annotated: boolean;
}

/** The virtual file of the cell at `index` (document order). */
export function cellPath(index: number): string {
  return `/cells/c${index}.ts`;
}

/** The globals file. */
export const NOTEBOOK_DECLARATIONS = "/cells/notebook.d.ts";

function bindingNames(name: ts.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
}

/** The names a cell declares at top level, in order, each once. */
export function topNames(text: string): TopName[] {
  return readCell(text).names;
}

/**
 * What the checker needs to know of a cell's text: the names it declares at top level, and
 * every identifier it mentions (the names it may read from other cells; words in strings and
 * comments are not mentions, so a label that says "agriculture" does not read `agriculture`).
 */
export function readCell(text: string): { names: TopName[]; mentions: Set<string> } {
  const file = ts.createSourceFile("cell.ts", text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const mentions = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) mentions.add(node.text);
    else ts.forEachChild(node, visit);
  };
  visit(file);
  return { names: declaredNames(file), mentions };
}

function declaredNames(file: ts.SourceFile): TopName[] {
  const names = new Map<string, TopName>();
  const add = (name: string, space: TopName["space"], annotated: boolean) => {
    if (!names.has(name)) names.set(name, { name, space, annotated });
  };
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const found: string[] = [];
        bindingNames(declaration.name, found);
        for (const name of found) add(name, "value", declaration.type !== undefined);
      }
    } else if (ts.isFunctionDeclaration(statement) && statement.name) add(statement.name.text, "value", true);
    else if ((ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) add(statement.name.text, "both", true);
    else if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && !statement.typeParameters) add(statement.name.text, "type", true);
    else if (ts.isImportDeclaration(statement) && statement.importClause && !statement.importClause.isTypeOnly) {
      const clause = statement.importClause;
      if (clause.name) add(clause.name.text, "value", true);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name.text, "value", true);
      else if (bindings) for (const element of bindings.elements) if (!element.isTypeOnly) add(element.name.text, "value", true);
    }
  }
  return [...names.values()];
}

/** The text of a cell's virtual module: the cell, then the export line. */
export function cellModule(text: string, names: readonly TopName[]): string {
  return `${text}\n;export { ${names.map((n) => n.name).join(", ")} };\n`;
}

/** The builtins every cell reads, declared by name so that a cell's own definition can take a name over. */
export const BUILTINS: Readonly<Record<string, string>> = {
  aq: `declare const aq: typeof import("arquero");`,
  op: `declare const op: typeof import("arquero").op;`,
  Plot: `declare const Plot: typeof import("@observablehq/plot");`,
  solvers: `declare const solvers: import("caravan/cell-solvers").CellSolvers;`,
  slider: `declare const slider: typeof import("caravan/widgets").slider;`,
  number: `declare const number: typeof import("caravan/widgets").number;`,
  select: `declare const select: typeof import("caravan/widgets").select;`,
  checkbox: `declare const checkbox: typeof import("caravan/widgets").checkbox;`,
  text: `declare const text: typeof import("caravan/widgets").text;`,
  button: `declare const button: typeof import("caravan/widgets").button;`,
  table: `declare const table: typeof import("caravan/widgets").table;`,
  md: `/** Markdown output: \`md\\\`# Title \${value}\\\`\` (sanitised before display). */\ndeclare function md(strings: TemplateStringsArray, ...values: unknown[]): Caravan.Rich;`,
  html: `/** HTML output (sanitised before display; scripts never run). */\ndeclare function html(strings: TemplateStringsArray, ...values: unknown[]): Caravan.Rich;`,
  svg: `/** An SVG fragment as output. */\ndeclare function svg(strings: TemplateStringsArray, ...values: unknown[]): Caravan.Rich;`,
  FileAttachment: `/** A notebook attachment or a shipped data file, by name. */\ndeclare function FileAttachment(name: string): Caravan.Attachment;`,
  progress: `/** Shows a progress bar on this cell: \`fraction\` in [0, 1]. */\ndeclare function progress(fraction: number, label?: string): void;`,
  invalidation: `/** Resolved when this cell is about to re-run or is deleted (stop timers here). */\ndeclare const invalidation: Promise<void>;`,
};

const CARAVAN_NAMESPACE = `declare namespace Caravan {
  /** What readers of a cell's name see: a promise awaited, a generator's values, a widget's value. */
  type Value<T> = T extends import("caravan/widgets").Widget<infer V> ? V
    : T extends Generator<infer Y, any, any> ? Y
    : T extends AsyncGenerator<infer Y, any, any> ? Y
    : Awaited<T>;
  /** A literal type widened to its primitive: the defining cell may be edited. */
  type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T extends bigint ? bigint : T;
  /** Rich output (Markdown, HTML, SVG). */
  interface Rich { readonly kind: "markdown" | "html"; readonly text: string }
  /** What \`FileAttachment(name)\` returns. */
  interface Attachment {
    readonly name: string;
    arrayBuffer(): Promise<ArrayBuffer>;
    text(): Promise<string>;
    json(): Promise<unknown>;
    /** An Arquero table parsed from CSV; a bad row fails with its line number. */
    csv(options?: Parameters<typeof import("arquero").fromCSV>[1]): Promise<import("arquero").ColumnTable>;
    /** An Arquero table parsed from tab-separated text. */
    tsv(options?: Parameters<typeof import("arquero").fromCSV>[1]): Promise<import("arquero").ColumnTable>;
    /** An Arquero table from a .csv, .tsv, .json or .arrow file, chosen by the file's name. */
    table(): Promise<import("arquero").ColumnTable>;
    /** An Arquero table decoded from Arrow IPC bytes. */
    arrow(): Promise<import("arquero").ColumnTable>;
  }
}`;

/**
 * The globals file: each name declared by the first cell (document order) that declares it
 * (a second definer is an error the kernel reports), then the builtins no cell took over.
 */
export function notebookDeclarations(cells: readonly (readonly TopName[])[]): string {
  const lines = [CARAVAN_NAMESPACE];
  const taken = new Set<string>();
  cells.forEach((names, index) => {
    const module = JSON.stringify(cellPath(index).replace(/\.ts$/, ""));
    for (const { name, space, annotated } of names) {
      if (taken.has(name)) continue;
      taken.add(name);
      const source = `import(${module}).${name}`;
      if (space !== "type") lines.push(`declare const ${name}: ${annotated ? `Caravan.Value<typeof ${source}>` : `Caravan.Widen<Caravan.Value<typeof ${source}>>`};`);
      if (space !== "value") lines.push(`type ${name} = ${source};`);
    }
  });
  for (const [name, declaration] of Object.entries(BUILTINS)) if (!taken.has(name)) lines.push(declaration);
  return lines.join("\n") + "\n";
}

/** A diagnostic, hover or completion position in a cell: 0-based offsets into the cell text. */
export interface Span {
  from: number;
  to: number;
}

/**
 * Maps a span of a cell's virtual file back to the cell: spans in the export line (past the
 * cell's text) are not the user's and give null; spans running past the end are cut there.
 */
export function toCell(span: Span, textLength: number): Span | null {
  if (span.from > textLength || (span.from === textLength && span.to > span.from)) return null;
  return { from: span.from, to: Math.min(span.to, textLength) };
}
