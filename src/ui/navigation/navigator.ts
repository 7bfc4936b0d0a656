/**
 * The navigator: a side panel with three tabs (Cells: the dependency view; Variables; Find:
 * find and replace). It re-renders its open tab a moment after the document or an output
 * changes, keeping the keyboard focus where it was. The parser is loaded the first time
 * the Cells or Variables tab is shown, so it costs the cold start nothing.
 */
import { cellElement, type NavigationHost } from "./host";
import { cachedStaticType, staticType } from "./staticTypes";
import { dependencyView } from "./dependencyView";
import { FindView } from "./findView";
import { variableRows, type VariableRow } from "./variables";
import { variableView } from "./variableView";

/** The navigator's tabs. */
export type NavigatorTab = "cells" | "variables" | "find";

const TABS: [NavigatorTab, string][] = [
  ["cells", "Cells"],
  ["variables", "Variables"],
  ["find", "Find"],
];

/** How often, and how many times, the variable list asks again for types while the type checker starts. */
const TYPE_RETRY_MS = 2000;
const TYPE_RETRIES = 45;

/** Quiet time after a change before the open tab is drawn again. */
const REFRESH_MS = 150;

/** The side panel. */
export class Navigator {
  readonly root = document.createElement("aside");
  private readonly body = document.createElement("div");
  private readonly tabs = new Map<NavigatorTab, HTMLButtonElement>();
  private tab: NavigatorTab = "cells";
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly filter = { text: "" };
  private parser: Promise<typeof import("./dependencies")> | null = null;
  private renders = 0;
  private typeRetries = 0;
  /** Called when the panel opens or closes (the toolbar's toggle shows it). */
  onToggle: (open: boolean) => void = () => {};

  constructor(
    private readonly host: NavigationHost,
    readonly find: FindView,
    private readonly reveal: (id: string) => void,
  ) {
    const root = this.root;
    root.className = "nav-panel";
    root.id = "navigator";
    root.setAttribute("aria-label", "Navigator");
    root.hidden = true;
    const head = document.createElement("div");
    head.className = "nav-head";
    const list = document.createElement("div");
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", "Navigator views");
    for (const [tab, text] of TABS) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = `nav-tab nav-tab-${tab}`;
      b.id = `nav-tab-${tab}`;
      b.textContent = text;
      b.setAttribute("role", "tab");
      b.setAttribute("aria-controls", "nav-body");
      b.addEventListener("click", () => this.show(tab));
      this.tabs.set(tab, b);
      list.append(b);
    }
    // Arrow keys move between tabs, as a tablist should.
    list.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      const order = TABS.map(([t]) => t);
      const next = order[(order.indexOf(this.tab) + (event.key === "ArrowRight" ? 1 : order.length - 1)) % order.length]!;
      this.show(next);
      this.tabs.get(next)!.focus();
    });
    const close = document.createElement("button");
    close.type = "button";
    close.className = "nav-close";
    close.textContent = "×";
    close.title = "Close the navigator (Esc)";
    close.setAttribute("aria-label", "Close the navigator");
    close.addEventListener("click", () => this.close());
    head.append(list, close);
    this.body.id = "nav-body";
    this.body.className = "nav-body";
    this.body.setAttribute("role", "tabpanel");
    root.append(head, this.body);
    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !event.defaultPrevented) {
        event.preventDefault();
        this.close();
      }
    });
    host.onTransaction(() => this.changed());
  }

  /** Whether the panel is open. */
  get isOpen(): boolean {
    return !this.root.hidden;
  }

  /** The open tab. */
  get current(): NavigatorTab {
    return this.tab;
  }

  /** Opens the panel on `tab`. */
  show(tab: NavigatorTab): void {
    const opening = this.root.hidden;
    this.tab = tab;
    this.root.hidden = false;
    for (const [t, b] of this.tabs) {
      b.setAttribute("aria-selected", String(t === tab));
      b.tabIndex = t === tab ? 0 : -1;
    }
    this.body.setAttribute("aria-labelledby", `nav-tab-${tab}`);
    this.render();
    if (opening) this.onToggle(true);
  }

  /** Closes the panel; the focus goes back to the notebook if it was in the panel. */
  close(): void {
    if (this.root.hidden) return;
    const inside = this.root.contains(document.activeElement);
    this.root.hidden = true;
    this.onToggle(false);
    if (inside) document.querySelector<HTMLElement>(".cell.selected, .cell")?.focus();
  }

  /** Something the open tab shows may have changed: draw it again shortly. */
  changed(): void {
    if (this.root.hidden || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.render();
    }, REFRESH_MS);
  }

  private render(): void {
    if (this.tab === "find") {
      if (this.body.firstChild !== this.find.root) this.body.replaceChildren(this.find.root);
      this.find.refresh();
      return;
    }
    const tab = this.tab;
    const ticket = ++this.renders;
    this.parser ??= import("./dependencies");
    void this.parser.then(({ dependencyGraph }) => {
      // A later render (or a switch of tab) supersedes this one.
      if (ticket !== this.renders || this.tab !== tab || this.root.hidden) return;
      const doc = this.host.doc;
      const graph = dependencyGraph(doc.cells);
      const status = (id: string) => this.host.statusOf(id);
      if (tab === "cells") return this.replaceKeepingFocus(dependencyView(graph, doc, status, this.reveal));
      const rows = variableRows(graph, this.host.outputDisplays(), status).map((row) => withStaticType(row, doc));
      const view = variableView(rows, doc, this.reveal, this.filter);
      this.replaceKeepingFocus(view);
      void this.askStaticTypes(view, rows, ticket);
    });
  }

  /** Asks the type checker, one name at a time, for the names whose value the page has not seen. */
  private async askStaticTypes(view: HTMLElement, rows: VariableRow[], ticket: number): Promise<void> {
    let unanswered = 0;
    for (const row of rows) {
      if (row.type !== "—") continue;
      const source = this.host.doc.cells.find((c) => c.id === row.cell)?.source;
      const root = cellElement(row.cell);
      if (source === undefined || !root) continue;
      const type = await staticType(root, source, row.name);
      if (ticket !== this.renders) return;
      if (cachedStaticType(source, row.name) === undefined) unanswered++;
      const td = view.querySelector<HTMLElement>(`tr[data-name="${CSS.escape(row.name)}"][data-cell="${CSS.escape(row.cell)}"] .var-type`);
      if (type && td) showStatic(td, type);
    }
    // The checker starts a while after the notebook opens: ask again until it answers.
    if (unanswered > 0 && this.typeRetries++ < TYPE_RETRIES) setTimeout(() => this.changed(), TYPE_RETRY_MS);
  }

  /** Swaps the body's content; a focused control gets the focus back in the new content. */
  private replaceKeepingFocus(view: HTMLElement): void {
    const active = document.activeElement as HTMLElement | null;
    const inBody = active && this.body.contains(active);
    const selector = inBody ? focusKey(active) : null;
    const selection = active instanceof HTMLInputElement ? [active.selectionStart, active.selectionEnd] : null;
    const scroll = this.body.scrollTop;
    this.body.replaceChildren(view);
    this.body.scrollTop = scroll;
    if (!selector) return;
    const again = this.body.querySelector<HTMLElement>(selector);
    again?.focus({ preventScroll: true });
    if (again instanceof HTMLInputElement && selection) again.setSelectionRange(selection[0], selection[1]);
  }
}

/** A selector finding the same control in a re-rendered view: its class and the cell or name it is for. */
function focusKey(element: HTMLElement): string | null {
  const className = element.classList[0];
  if (!className) return null;
  const row = element.closest<HTMLElement>("[data-cell], [data-name]");
  if (row?.dataset.name) return `[data-name="${CSS.escape(row.dataset.name)}"] .${className}`;
  const cell = element.dataset.cell ?? row?.dataset.cell;
  return cell ? `.${className}[data-cell="${CSS.escape(cell)}"], [data-cell="${CSS.escape(cell)}"] .${className}` : `.${className}`;
}

/** A row whose type the checker already gave keeps it (no flicker of "—" on each redraw). */
function withStaticType(row: VariableRow, doc: import("../../notebook/document").NotebookDoc): VariableRow {
  if (row.type !== "—") return row;
  const source = doc.cells.find((c) => c.id === row.cell)?.source;
  const type = source === undefined ? undefined : cachedStaticType(source, row.name);
  return type ? { ...row, type, declared: true } : row;
}

/** Shows a declared (static) type in a row's type cell. */
export function showStatic(td: HTMLElement, type: string): void {
  td.textContent = type;
  td.classList.add("var-static");
  td.title = "Declared type, from the type checker (the value is not shown by its cell)";
}
