/**
 * The navigation aids, built once by the app: the command palette (Ctrl/Cmd-Shift-P), the
 * navigator panel (cell dependencies, variables, find and replace with Ctrl/Cmd-Shift-F),
 * "Run stale cells", and folding of a cell's code or output. The app hands over what it
 * knows through `NavigationHost` and calls `decorate` for each cell view it builds.
 */
import "./navigation.css";
import { EditorView } from "@codemirror/view";
import { CELL_COMMANDS, CommandRegistry, type PaletteCommand } from "./commands";
import { Folding, type FoldPart } from "./fold";
import { FindView } from "./findView";
import { cellElement, selectedCell, type NavigationHost } from "./host";
import { Navigator, type NavigatorTab } from "./navigator";
import { CommandPalette } from "./palette";
import { actionButton } from "../dom";

export type { NavigationHost } from "./host";
export { codeFolding } from "./codeFolding";

/** The palette, the navigator and the folds. */
export class Navigation {
  readonly commands = new CommandRegistry();
  readonly palette: CommandPalette;
  readonly navigator: Navigator;
  readonly folding: Folding;
  /** The toolbar's entries: the palette and the navigator's toggle. */
  readonly tools: HTMLElement[];

  constructor(
    private readonly host: NavigationHost,
    root: HTMLElement,
  ) {
    this.folding = new Folding(() => host.doc, root);
    const find = new FindView({ doc: () => host.doc, dispatch: (tr) => host.dispatch(tr), select: (id, from, to) => this.select(id, from, to) });
    this.navigator = new Navigator(host, find, (id) => this.reveal(id));
    this.palette = new CommandPalette(this.commands);
    root.append(this.navigator.root);
    this.register();
    const palette = actionButton("Commands", "palette-open", "Command palette: every command and its key (Ctrl/Cmd-Shift-P)", () => this.palette.open());
    const toggle = actionButton("Navigator", "navigator-toggle", "Cells and their dependencies, variables, find and replace", () =>
      this.navigator.isOpen ? this.navigator.close() : this.navigator.show(this.navigator.current),
    );
    toggle.setAttribute("aria-controls", "navigator");
    toggle.setAttribute("aria-expanded", "false");
    this.navigator.onToggle = (open) => {
      toggle.setAttribute("aria-expanded", String(open));
      document.body.classList.toggle("nav-open", open);
    };
    this.tools = [palette, toggle];
    window.addEventListener("keydown", (event) => this.onKey(event), { capture: true });
  }

  /** Adds the fold toggles to a freshly built cell view. */
  decorate(root: HTMLElement, id: string): void {
    this.folding.decorate(root, id);
  }

  /** An output or a status changed: the navigator shows it. */
  outputChanged(): void {
    this.navigator.changed();
  }

  /** Opens the navigator on `tab` (Find puts the caret in the query). */
  open(tab: NavigatorTab): void {
    this.navigator.show(tab);
    if (tab === "find") {
      const query = this.navigator.find.query;
      const text = window.getSelection()?.toString() ?? "";
      if (text && !text.includes("\n") && document.activeElement?.closest(".cell")) query.value = text;
      query.focus();
      query.select();
    } else this.navigator.root.querySelector<HTMLElement>(`.nav-tab-${tab}`)?.focus();
  }

  /** Brings cell `id` into view and selects it (its code unfolded if the cell is folded). */
  reveal(id: string): void {
    this.host.reveal(id);
    cellElement(id)?.scrollIntoView({ block: "center" });
  }

  /** Opens cell `id`'s editor with `from`–`to` selected. */
  private select(id: string, from: number, to: number): void {
    this.folding.set(id, "code", false);
    this.host.command({ type: "edit" }, id);
    const dom = cellElement(id)?.querySelector<HTMLElement>(".cm-editor");
    const view = dom ? EditorView.findFromDOM(dom) : null;
    if (!view) return;
    const length = view.state.doc.length;
    view.dispatch({ selection: { anchor: Math.min(from, length), head: Math.min(to, length) }, scrollIntoView: true });
    view.focus();
  }

  private onKey(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || !event.shiftKey || event.altKey) return;
    if (event.code === "KeyP") {
      event.preventDefault();
      event.stopPropagation();
      this.palette.open();
    } else if (event.code === "KeyF") {
      event.preventDefault();
      event.stopPropagation();
      this.palette.close();
      this.open("find");
    }
  }

  private register(): void {
    const host = this.host;
    const onCell = (run: (id: string) => void) => () => {
      const id = selectedCell() ?? host.doc.cells[0]?.id;
      if (id) run(id);
    };
    const hasCell = () => host.doc.cells.length > 0;
    for (const spec of Object.values(CELL_COMMANDS).flat()) {
      const section = spec.command.type === "undo" || spec.command.type === "redo" ? "Notebook" : "Cell";
      this.commands.add({ id: spec.id, title: spec.title, keys: spec.keys, section, enabled: hasCell, run: onCell((id) => host.command(spec.command, id)) });
    }
    const fold = (part: FoldPart, what: string): PaletteCommand[] => [
      { id: `view.fold-${part}`, title: `Fold or unfold the cell's ${what}`, section: "View", enabled: hasCell, run: onCell((id) => this.folding.set(id, part, !this.folding.isFolded(id, part))) },
      { id: `view.fold-all-${part}`, title: `Fold every cell's ${what}`, section: "View", run: () => this.folding.setAll(part, true) },
      { id: `view.unfold-all-${part}`, title: `Unfold every cell's ${what}`, section: "View", run: () => this.folding.setAll(part, false) },
    ];
    this.commands.add(
      { id: "notebook.run-all", title: "Run all", section: "Notebook", run: () => host.runAll() },
      { id: "notebook.run-stale", title: "Run stale cells (manual cells out of date, and edited cells)", section: "Notebook", run: () => void host.runStale() },
      { id: "notebook.stop", title: "Stop running cells", section: "Notebook", run: () => host.stop() },
      { id: "notebook.add-code", title: "Add a code cell at the end", section: "Notebook", run: () => host.appendCell("code") },
      { id: "notebook.add-markdown", title: "Add a Markdown cell at the end", section: "Notebook", run: () => host.appendCell("markdown") },
      { id: "navigate.find", title: "Find and replace in all cells", keys: "Ctrl-Shift-F", section: "Navigate", run: () => this.open("find") },
      { id: "navigate.cells", title: "Show cell dependencies", section: "Navigate", run: () => this.open("cells") },
      { id: "navigate.variables", title: "Show variables", section: "Navigate", run: () => this.open("variables") },
      { id: "navigate.close", title: "Close the navigator", section: "Navigate", enabled: () => this.navigator.isOpen, run: () => this.navigator.close() },
      { id: "navigate.first", title: "Go to the first cell", section: "Navigate", enabled: hasCell, run: () => this.reveal(host.doc.cells[0]!.id) },
      { id: "navigate.last", title: "Go to the last cell", section: "Navigate", enabled: hasCell, run: () => this.reveal(host.doc.cells[host.doc.cells.length - 1]!.id) },
      ...fold("code", "code"),
      ...fold("output", "output"),
    );
    // The File menu's items, whatever the persistence layer put there.
    this.commands.provide(() =>
      [...document.querySelectorAll<HTMLButtonElement>(".file-menu .menu-item")].map((item) => ({
        id: `file.${(item.textContent ?? "").toLowerCase().replace(/\W+/g, "-")}`,
        title: (item.textContent ?? "").replace(/…$/, ""),
        section: "File",
        run: () => item.click(),
      })),
    );
  }
}

