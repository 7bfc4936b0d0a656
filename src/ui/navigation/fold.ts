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

  constructor(private readonly doc: () => NotebookDoc) {}

  /** Whether `part` of cell `id` is folded. */
  isFolded(id: string, part: FoldPart): boolean {
    return this.folded.get(id)?.has(part) ?? false;
  }

  /** Adds the toggles and bars to a cell's view (once) and shows its folds. */
  decorate(root: HTMLElement, id: string): void {
    if (!root.querySelector(".fold-toggle")) {
      const tools = root.querySelector(".cell-tools");
      const main = root.querySelector(".cell-main");
      if (!tools || !main) return;
      tools.append(this.toggle(id, "code", "{ }"), this.toggle(id, "output", "▤"));
      const codeBar = bar("fold-bar fold-code-bar", () => this.set(id, "code", false));
      const outputBar = bar("fold-bar fold-output-bar", () => this.set(id, "output", false));
      outputBar.textContent = "Output folded";
      outputBar.title = "Unfold the output";
      main.prepend(codeBar);
      main.append(outputBar);
      // Enter in command mode edits the cell: its code comes out of the fold first.
      root.addEventListener("keydown", (event) => {
        if (event.target === root && event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) this.set(id, "code", false);
      });
      // Built unfolded, as toggle() labels them: a thousand new views skip show()'s lookups.
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

  private toggle(id: string, part: FoldPart, text: string): HTMLButtonElement {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `cell-tool fold-toggle fold-${part}-toggle`;
    b.textContent = text;
    const label = foldLabel(part, false);
    b.title = label;
    b.setAttribute("aria-label", label);
    b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", () => this.set(id, part, !this.isFolded(id, part)));
    return b;
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

function bar(className: string, unfold: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.addEventListener("click", unfold);
  return b;
}
