/**
 * What a cell's JavaScript declares and reads, from a real parse (acorn) and a real
 * scope analysis (periscopic): the dataflow facts the graph is built from.
 */
import { parse, type Node as AcornNode } from "acorn";
import { analyze as analyzeScopes, extract_names } from "periscopic";
import type * as ESTree from "estree";

/** One `import` binding: `local` is bound to `imported` ("default", "*" or an export name) of `source`. */
export interface ImportBinding {
  local: string;
  imported: string;
  source: string;
}

/** The dataflow facts of one cell. Offsets are into the analysed JavaScript. */
export interface Analysis {
  /** Top-level names in declaration order: const/let/var (with destructuring), function, class, import. */
  declares: string[];
  /** Free names the cell reads (not declared anywhere inside it), in first-seen order. */
  references: string[];
  /** True when `await` (or `for await`) occurs outside any nested function. */
  hasAwait: boolean;
  /** The last top-level statement when it is an expression statement: its expression's span. */
  lastExpression: { statementStart: number; statementEnd: number; start: number; end: number } | null;
  /** Import declarations: their spans and the bindings they make. */
  imports: { start: number; end: number; bindings: ImportBinding[] }[];
  /** `export` keywords in front of declarations, to be dropped: spans of the keyword. */
  exports: { start: number; end: number }[];
  /** Free names the cell assigns to (`m = 2`, `m++`, `[m] = …`): the first assignment of each, 1-based in the JavaScript. */
  assigns: Assignment[];
}

/** An assignment to a free name, at a 1-based line and column. */
export interface Assignment {
  name: string;
  line: number;
  column: number;
}

/** A parse failure at a 1-based line and column of the analysed JavaScript. */
export interface ParseFailure {
  message: string;
  line: number;
  column: number;
}

/** Parses and analyses the JavaScript of one cell (already stripped of TypeScript). */
export function analyze(code: string): { ok: true; analysis: Analysis } | ({ ok: false } & ParseFailure) {
  let program: ESTree.Program;
  try {
    program = parse(code, {
      ecmaVersion: "latest",
      sourceType: "module",
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: false,
      locations: true,
    }) as unknown as ESTree.Program;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = String((error as Error).message).replace(/\s*\(\d+:\d+\)$/, "");
    return { ok: false, message, line: loc?.line ?? 1, column: (loc?.column ?? 0) + 1 };
  }
  return { ok: true, analysis: analyzeProgram(program) };
}

function analyzeProgram(program: ESTree.Program): Analysis {
  const declares: string[] = [];
  const imports: Analysis["imports"] = [];
  const exports: Analysis["exports"] = [];
  for (const statement of program.body) {
    let declaration: ESTree.Node = statement;
    if (statement.type === "ExportNamedDeclaration" && statement.declaration) {
      const start = span(statement).start;
      exports.push({ start, end: span(statement.declaration).start });
      declaration = statement.declaration;
    }
    switch (declaration.type) {
      case "VariableDeclaration":
        for (const declarator of declaration.declarations) declares.push(...extract_names(declarator.id));
        break;
      case "FunctionDeclaration":
      case "ClassDeclaration":
        if (declaration.id) declares.push(declaration.id.name);
        break;
      case "ImportDeclaration": {
        const source = String(declaration.source.value);
        const bindings = declaration.specifiers.map((specifier): ImportBinding => {
          declares.push(specifier.local.name);
          if (specifier.type === "ImportDefaultSpecifier") return { local: specifier.local.name, imported: "default", source };
          if (specifier.type === "ImportNamespaceSpecifier") return { local: specifier.local.name, imported: "*", source };
          const imported = specifier.imported.type === "Identifier" ? specifier.imported.name : String(specifier.imported.value);
          return { local: specifier.local.name, imported, source };
        });
        imports.push({ ...span(declaration), bindings });
        break;
      }
    }
  }
  const { globals, map, scope } = analyzeScopes(program);
  const last = program.body[program.body.length - 1];
  const lastExpression =
    last && last.type === "ExpressionStatement"
      ? { statementStart: span(last).start, statementEnd: span(last).end, ...span(last.expression) }
      : null;
  const declared = new Set(declares);
  // periscopic misses namespace imports, so top-level names are removed here too.
  const references = [...globals.keys()].filter((name) => !declared.has(name));
  const assigns = globals.size === 0 ? [] : freeAssignments(program, map, scope);
  return { declares: unique(declares), references, hasAwait: containsTopLevelAwait(program), lastExpression, imports, exports, assigns };
}

function span(node: ESTree.Node): { start: number; end: number } {
  const acornNode = node as unknown as AcornNode;
  return { start: acornNode.start, end: acornNode.end };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** Walks the tree without entering functions (their `await` is their own) looking for await. */
function containsTopLevelAwait(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsTopLevelAwait);
  if (typeof node !== "object" || node === null) return false;
  const type = (node as { type?: unknown }).type;
  if (type === "AwaitExpression") return true;
  if (type === "ForOfStatement" && (node as ESTree.ForOfStatement).await) return true;
  if (type === "FunctionDeclaration" || type === "FunctionExpression" || type === "ArrowFunctionExpression") return false;
  for (const key in node) {
    if (key === "loc" || key === "type") continue;
    const child = (node as Record<string, unknown>)[key];
    if (typeof child === "object" && child !== null && containsTopLevelAwait(child)) return true;
  }
  return false;
}

type Scopes = ReturnType<typeof analyzeScopes>;

/** Assignments whose target is a name no scope of the cell declares (first one per name). */
function freeAssignments(program: ESTree.Program, map: Scopes["map"], top: Scopes["scope"]): Assignment[] {
  const found = new Map<string, Assignment>();
  const record = (target: ESTree.Node, scope: Scopes["scope"]) => {
    for (const id of assignedIdentifiers(target)) {
      if (found.has(id.name) || scope.find_owner(id.name)) continue;
      const loc = (id as unknown as AcornNode).loc!;
      found.set(id.name, { name: id.name, line: loc.start.line, column: loc.start.column + 1 });
    }
  };
  const visit = (node: unknown, scope: Scopes["scope"]): void => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, scope));
    if (typeof node !== "object" || node === null || typeof (node as { type?: unknown }).type !== "string") return;
    const n = node as ESTree.Node;
    const inner = map.get(n) ?? scope;
    if (n.type === "AssignmentExpression") record(n.left, inner);
    else if (n.type === "UpdateExpression") record(n.argument, inner);
    else if ((n.type === "ForInStatement" || n.type === "ForOfStatement") && n.left.type !== "VariableDeclaration") record(n.left, inner);
    for (const key in n) {
      if (key === "loc" || key === "type") continue;
      const child = (n as unknown as Record<string, unknown>)[key];
      if (typeof child === "object" && child !== null) visit(child, inner);
    }
  };
  visit(program, top);
  return [...found.values()];
}

/** The identifiers a target pattern binds; `m.x = …` and `m[i] = …` mutate and assign no name. */
function assignedIdentifiers(target: ESTree.Node, out: ESTree.Identifier[] = []): ESTree.Identifier[] {
  switch (target.type) {
    case "Identifier":
      out.push(target);
      break;
    case "ObjectPattern":
      for (const property of target.properties) assignedIdentifiers(property.type === "RestElement" ? property.argument : property.value, out);
      break;
    case "ArrayPattern":
      for (const element of target.elements) if (element) assignedIdentifiers(element, out);
      break;
    case "RestElement":
      assignedIdentifiers(target.argument, out);
      break;
    case "AssignmentPattern":
      assignedIdentifiers(target.left, out);
      break;
  }
  return out;
}
