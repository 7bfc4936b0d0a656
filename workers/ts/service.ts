/**
 * The TypeScript 5 language service over the notebook's virtual files: a LanguageServiceHost
 * backed by maps (the type library, fixed; the cell files, replaced on each update, with a
 * version per file so that only what changed is parsed and checked again). Answers are plain
 * data in cell coordinates (see cells.ts).
 */
import ts from "ts5";
import type { TypeLibrary } from "./library";
import { CELL_OPTIONS } from "./options";
import { NOTEBOOK_DECLARATIONS, cellModule, cellPath, notebookDeclarations, readCell, toCell, type CellSource, type TopName } from "./cells";
import type { CellDiagnostic, CompletionEntry, TypesReply } from "./protocol";


// 1375/1378: cells are modules, but keep these out in case a cell is parsed as a script;
// 1208: isolated-modules noise. None is about the user's types.
const IGNORED = new Set([1375, 1378, 1208]);

/** Time the completion list may spend on its entries' types and documentation. */
const DETAILS_MS = 20;
/** Entries matching the typed word that carry details whatever the time. */
const SURE_DETAILED = 5;
/** Entries past this many never carry details in the list. */
const MAX_DETAILED = 30;

interface Entry {
  text: string;
  version: number;
  snapshot: ts.IScriptSnapshot;
}

// TypeScript suggests adding the DOM lib; a cell cannot: it runs in a worker.
const NO_DOM = /^(Cannot find name '[^']*')\. Do you need to change your target library\?.*$/s;

function flatten(text: string | ts.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(text, "\n").replace(NO_DOM, "$1: cells run in a worker, which has no DOM.");
}

function docText(parts: readonly ts.SymbolDisplayPart[] | undefined): string {
  return ts.displayPartsToString([...(parts ?? [])]);
}

/** A language service for one notebook. */
export class NotebookService {
  private readonly files = new Map<string, Entry>();
  private readonly directories = new Set<string>(["/"]);
  private cells: { id: string; text: string; path: string; names: TopName[]; words: Set<string> }[] = [];
  /** Cells edited, and names whose declaration changed, since the last `diagnostics()`. */
  private readonly editedCells = new Set<string>();
  private readonly editedNames = new Set<string>();
  private readonly service: ts.LanguageService;

  constructor(library: TypeLibrary) {
    for (const [path, text] of Object.entries(library)) this.put(path, text);
    this.put(NOTEBOOK_DECLARATIONS, notebookDeclarations([]));
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => CELL_OPTIONS,
      getScriptFileNames: () => [NOTEBOOK_DECLARATIONS, ...this.cells.map((c) => c.path)],
      getScriptVersion: (path) => String(this.files.get(path)?.version ?? 0),
      getScriptSnapshot: (path) => this.files.get(path)?.snapshot,
      getCurrentDirectory: () => "/",
      getDefaultLibFileName: () => "/lib/lib.d.ts",
      fileExists: (path) => this.files.has(path),
      readFile: (path) => this.files.get(path)?.text,
      directoryExists: (path) => this.directories.has(path.replace(/\/$/, "") || "/"),
      getDirectories: () => [],
      useCaseSensitiveFileNames: () => true,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry(true, "/"));
  }

  private put(path: string, text: string): void {
    const old = this.files.get(path);
    if (old && old.text === text) return;
    this.files.set(path, { text, version: (old?.version ?? 0) + 1, snapshot: ts.ScriptSnapshot.fromString(text) });
    for (let dir = path.slice(0, path.lastIndexOf("/")); dir; dir = dir.slice(0, dir.lastIndexOf("/"))) this.directories.add(dir);
  }

  /** Replaces the notebook's code cells (document order). Unchanged cells keep their version and are not parsed again. */
  update(cells: readonly CellSource[]): void {
    const before = new Map(this.cells.map((c) => [c.id, c]));
    const next = cells.map((c, i) => {
      const old = before.get(c.id);
      before.delete(c.id);
      if (old?.text === c.text) return { ...old, path: cellPath(i) };
      const { names, mentions } = readCell(c.text);
      this.editedCells.add(c.id);
      for (const name of [...names, ...(old?.names ?? [])]) this.editedNames.add(name.name);
      return { id: c.id, text: c.text, path: cellPath(i), names, words: mentions };
    });
    for (const gone of before.values()) for (const name of gone.names) this.editedNames.add(name.name);
    next.forEach((c) => this.put(c.path, cellModule(c.text, c.names)));
    for (const old of this.cells.slice(next.length)) this.files.delete(old.path);
    this.cells = next;
    this.put(NOTEBOOK_DECLARATIONS, notebookDeclarations(next.map((c) => c.names)));
  }

  /**
   * The cells whose diagnostics may have changed since the last check: the edited ones and,
   * transitively, every cell that mentions a name one of them declares (or declared).
   */
  private affected(): typeof this.cells {
    const affected = new Set(this.editedCells);
    const seen = new Set(this.editedNames);
    let frontier = [...seen];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const cell of this.cells) {
        if (affected.has(cell.id) || !frontier.some((name) => cell.words.has(name))) continue;
        affected.add(cell.id);
        for (const { name } of cell.names) if (!seen.has(name)) seen.add(name), next.push(name);
      }
      frontier = next;
    }
    const edited = this.cells.filter((c) => this.editedCells.has(c.id));
    this.editedCells.clear();
    this.editedNames.clear();
    // The edited cells first: they are where the user is looking.
    return [...edited, ...this.cells.filter((c) => affected.has(c.id) && !edited.includes(c))];
  }

  private cell(id: string) {
    return this.cells.find((c) => c.id === id);
  }

  /**
   * The ids of the cells an update since the last call may have changed (all of them the
   * first time); from then on they are the caller's to check (`cellDiagnostics`) or `requeue`.
   */
  takeAffected(): string[] {
    return this.affected().map((c) => c.id);
  }

  /** Cells whose check was cut short: checked again on the next `takeAffected`. */
  requeue(ids: readonly string[]): void {
    for (const id of ids) if (this.cell(id)) this.editedCells.add(id);
  }

  /** Syntax and type diagnostics of one cell (none for an unknown cell). */
  cellDiagnostics(id: string): CellDiagnostic[] {
    const cell = this.cell(id);
    if (!cell) return [];
    const found = [...this.service.getSyntacticDiagnostics(cell.path), ...this.service.getSemanticDiagnostics(cell.path)];
    return found.flatMap((d) => {
      if (IGNORED.has(d.code) || d.start === undefined) return [];
      const span = toCell({ from: d.start, to: d.start + (d.length ?? 0) }, cell.text.length);
      if (!span) return [];
      const severity = d.category === ts.DiagnosticCategory.Error ? "error" : d.category === ts.DiagnosticCategory.Warning ? "warning" : "info";
      return [{ ...span, severity, message: flatten(d.messageText), code: d.code }];
    });
  }

  /** Diagnostics by cell id of the cells an update since the last call may have changed; the others' stand. */
  diagnostics(): Record<string, CellDiagnostic[]> {
    return Object.fromEntries(this.takeAffected().map((id) => [id, this.cellDiagnostics(id)]));
  }

  /**
   * Completions at `pos` in a cell: the entries and where the word being completed starts.
   * The first entries carry their type and documentation, as many as `detailsMs` allows (but
   * always the first, and the first few that start with the word typed): each costs the
   * service a pass of its own, and the list should not wait for thirty of them. The others'
   * are asked for as they are shown (`details`).
   */
  completions(id: string, pos: number, limit = 400, detailsMs = DETAILS_MS): { from: number; entries: CompletionEntry[] } {
    const cell = this.cell(id);
    if (!cell || pos > cell.text.length) return { from: pos, entries: [] };
    const found = this.service.getCompletionsAtPosition(cell.path, pos, { includeCompletionsWithInsertText: false });
    if (!found) return { from: pos, entries: [] };
    let from = pos;
    while (from > 0 && /[\w$]/.test(cell.text[from - 1]!)) from--;
    const word = cell.text.slice(from, pos).toLowerCase();
    const entries = found.entries
      .filter((e) => !e.name.startsWith("__") && (!word || e.name.toLowerCase().startsWith(word[0]!)))
      .sort((a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name))
      .slice(0, limit);
    // The entries that start with the typed word come first (the editor shows them first).
    const matches = (e: ts.CompletionEntry) => e.name.toLowerCase().startsWith(word);
    entries.sort((a, b) => Number(matches(b)) - Number(matches(a)));
    const started = performance.now();
    return {
      from,
      entries: entries.map((e, i) => {
        const entry: CompletionEntry = { name: e.name, kind: e.kind };
        const sure = i === 0 || (word !== "" && i < SURE_DETAILED && matches(e));
        if (i >= MAX_DETAILED || (!sure && performance.now() - started > detailsMs)) return entry;
        return { ...entry, ...this.entryDetails(cell.path, pos, e) };
      }),
    };
  }

  private entryDetails(path: string, pos: number, e: Pick<ts.CompletionEntry, "name" | "source" | "data">): { detail?: string; documentation?: string } {
    const details = this.service.getCompletionEntryDetails(path, pos, e.name, undefined, e.source, undefined, e.data);
    if (!details) return {};
    return { detail: docText(details.displayParts), documentation: docText(details.documentation) };
  }

  /** The type and documentation of the completion `name` offered at `pos`, or null when it is not offered there. */
  details(id: string, pos: number, name: string): { detail: string; documentation: string } | null {
    const cell = this.cell(id);
    if (!cell || pos > cell.text.length) return null;
    const found = this.service.getCompletionsAtPosition(cell.path, pos, { includeCompletionsWithInsertText: false });
    const entry = found?.entries.find((e) => e.name === name);
    if (!entry) return null;
    const { detail = "", documentation = "" } = this.entryDetails(cell.path, pos, entry);
    return { detail, documentation };
  }

  /** The type and documentation of the identifier at `pos`, or null. */
  hover(id: string, pos: number): (TypesReply & { kind: "hover" })["info"] {
    const cell = this.cell(id);
    if (!cell || pos > cell.text.length) return null;
    const info = this.service.getQuickInfoAtPosition(cell.path, pos);
    if (!info) return null;
    const span = toCell({ from: info.textSpan.start, to: info.textSpan.start + info.textSpan.length }, cell.text.length);
    if (!span) return null;
    const tags = (info.tags ?? []).map((t) => `@${t.name} ${docText(t.text)}`.trim());
    return { ...span, text: docText(info.displayParts), documentation: [docText(info.documentation), ...tags].filter(Boolean).join("\n") };
  }

  /** The signature of the call around `pos` and the argument being typed, or null. */
  signature(id: string, pos: number): { text: string; documentation: string; parameter: number } | null {
    const cell = this.cell(id);
    if (!cell || pos > cell.text.length) return null;
    const help = this.service.getSignatureHelpItems(cell.path, pos, undefined);
    if (!help) return null;
    const item = help.items[help.selectedItemIndex] ?? help.items[0];
    if (!item) return null;
    const parameters = item.parameters.map((p) => docText(p.displayParts));
    const text = docText(item.prefixDisplayParts) + parameters.join(docText(item.separatorDisplayParts)) + docText(item.suffixDisplayParts);
    const parameter = item.parameters[help.argumentIndex];
    const documentation = [docText(item.documentation), parameter ? docText(parameter.documentation) : ""].filter(Boolean).join("\n");
    return { text, documentation, parameter: help.argumentIndex };
  }
}
