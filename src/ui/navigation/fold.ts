/**
 * Folding a cell's code or its output: two toggles among the cell's tools, and a one-line
 * bar in place of what is folded (click or Enter unfolds it). The notebook format has no
 * place for it (src/notebook/FORMAT.md), so folds are state of this page only, kept by cell
 * id while the page lives (a view rebuilt for the same cell folds again).
 */
import type { NotebookDoc } from "../../notebook/document";
import { cellElement } from "./host";

/** What of a cell can be folded. */
export type FoldPart = "code" | "output";

/** Per-cell folds and their controls. */
export class Folding {
  private readonly folded = new Map<string, Set<FoldPart>>();

  /** `root`: the app's root, where one listener for all cells hears the toggles, the bars and Enter. */
  constructor(
    private readonly doc: () => NotebookDoc,
    root: HTMLElement,
  ) {
    root.addEventListener("click", (event) => {
      const button = (event.target as Element | null)?.closest?.("button");
      const cell = button ? cellOf(button) : null;
      if (!button || !cell) return;
      const id = cell.dataset.id!;
      if (button.classList.contains("fold-code-toggle")) this.set(id, "code", !this.isFolded(id, "code"));
      else if (button.classList.contains("fold-output-toggle")) this.set(id, "output", !this.isFolded(id, "output"));
      else if (button.classList.contains("fold-code-bar")) this.set(id, "code", false);
      else if (button.classList.contains("fold-output-bar")) this.set(id, "output", false);
    });
    // Enter in command mode edits the cell: its code comes out of the fold first (heard before
    // the notebook's own keys, as a listener on the cell would be).
    root.addEventListener(
      "keydown",
      (event) => {
        const target = event.target as HTMLElement;
        if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return;
        if (target.classList?.contains("cell") && target.parentElement?.classList.contains("cells") && target.dataset.id) this.set(target.dataset.id, "code", false);
      },
      { capture: true },
    );
  }

  /** Whether `part` of cell `id` is folded. */
  isFolded(id: string, part: FoldPart): boolean {
    return this.folded.get(id)?.has(part) ?? false;
  }

  /** Adds the toggles and bars to a cell's view (once) and shows its folds. */
  decorate(root: HTMLElement, id: string): void {
    const main = root.querySelector(":scope > .cell-main");
    if (main && main.firstElementChild?.classList.contains("fold-code-bar") !== true) {
      const tools = root.querySelector(":scope > .cell-gutter > .cell-tools");
      if (!tools) return;
      const [toggles, bars] = foldControls();
      tools.append(toggles);
      main.prepend(bars.firstElementChild!);
      main.append(bars.lastElementChild!);
      // Built unfolded, as FOLD_MARKUP labels them: a thousand new views skip show()'s lookups.
      if (!this.folded.has(id)) return;
    }
    this.show(root, id);
  }

  /** Folds or unfolds `part` of cell `id`. */
  set(id: string, part: FoldPart, fold: boolean): void {
    const parts = this.folded.get(id) ?? new Set<FoldPart>();
    if (fold) parts.add(part);
    else parts.delete(part);
    if (parts.size) this.folded.set(id, parts);
    else this.folded.delete(id);
    const root = cellElement(id);
    if (root) this.show(root, id);
  }

  /** Folds or unfolds `part` of every cell. */
  setAll(part: FoldPart, fold: boolean): void {
    for (const cell of this.doc().cells) this.set(cell.id, part, fold);
  }

  private show(root: HTMLElement, id: string): void {
    for (const part of ["code", "output"] as const) {
      const folded = this.isFolded(id, part);
      root.classList.toggle(`fold-${part}`, folded);
      const toggle = root.querySelector<HTMLButtonElement>(`.fold-${part}-toggle`);
      if (toggle) {
        const label = foldLabel(part, folded);
        toggle.title = label;
        toggle.setAttribute("aria-label", label);
        toggle.setAttribute("aria-pressed", String(folded));
      }
    }
    const codeBar = root.querySelector<HTMLElement>(".fold-code-bar");
    // The bar shows only while the code is folded: a notebook's thousand views built unfolded skip the lookup.
    const cell = codeBar && this.isFolded(id, "code") ? this.doc().cells.find((c) => c.id === id) : undefined;
    if (codeBar && cell) {
      const lines = cell.source.split("\n");
      const first = lines.find((l) => l.trim() !== "")?.trim() ?? "";
      codeBar.textContent = `${first.length > 60 ? `${first.slice(0, 59)}…` : first} · ${lines.length} line${lines.length === 1 ? "" : "s"} folded`;
      // Its name is its visible text (the first line and the count); the title says what a press does.
      codeBar.removeAttribute("aria-label");
      codeBar.title = "Unfold the code";
    }
  }
}

/** What pressing a fold toggle does, as its title and accessible name say. */
function foldLabel(part: FoldPart, folded: boolean): string {
  return `${folded ? "Unfold" : "Fold"} ${part === "code" ? "the code" : "the output"}`;
}

/** The controls a cell gets, unfolded, as markup: the two toggles, then the code's bar and the output's. */
const FOLD_MARKUP = [
  `<button type="button" class="cell-tool fold-toggle fold-code-toggle" title="${foldLabel("code", false)}" aria-label="${foldLabel("code", false)}" aria-pressed="false">{ }</button><button type="button" class="cell-tool fold-toggle fold-output-toggle" title="${foldLabel("output", false)}" aria-label="${foldLabel("output", false)}" aria-pressed="false">▤</button>`,
  `<button type="button" class="fold-bar fold-code-bar"></button><button type="button" class="fold-bar fold-output-bar" title="Unfold the output">Output folded</button>`,
] as const;

let foldTemplates: [HTMLTemplateElement, HTMLTemplateElement] | null = null;

/** Fresh copies of FOLD_MARKUP: the toggles, and a fragment holding the two bars. */
function foldControls(): [DocumentFragment, DocumentFragment] {
  foldTemplates ??= FOLD_MARKUP.map((markup) => {
    const template = document.createElement("template");
    template.innerHTML = markup;
    return template;
  }) as [HTMLTemplateElement, HTMLTemplateElement];
  return [foldTemplates[0].content.cloneNode(true) as DocumentFragment, foldTemplates[1].content.cloneNode(true) as DocumentFragment];
}

/**
 * The cell whose frame holds `button` (a toggle among its tools, a bar in its main column), or
 * null: a button in an output with the same classes is not a fold control.
 */
function cellOf(button: Element): HTMLElement | null {
  const parent = button.parentElement;
  const cell = parent?.classList.contains("cell-tools") ? parent.parentElement?.parentElement : parent?.classList.contains("cell-main") ? parent.parentElement : null;
  return cell?.classList.contains("cell") && cell.parentElement?.classList.contains("cells") && cell.dataset.id ? cell : null;
}
