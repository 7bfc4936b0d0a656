/**
 * The safe-mode bar: shown instead of running anything when the last visit ended while a
 * cell ran (see crashGuard.ts). It names the suspect and offers the two ways on: run every
 * other cell (the suspect stays stopped), or run everything.
 */

/** What the bar's buttons do. */
export interface SafeModeActions {
  runOthers(): void;
  runAll(): void;
}

/** The bar under the toolbar; hidden unless a crash is being recovered from. */
export class SafeModeBar {
  readonly root = document.createElement("div");
  private readonly text = document.createElement("span");

  constructor(actions: SafeModeActions) {
    this.root.className = "safe-mode";
    this.root.setAttribute("role", "alert");
    const others = document.createElement("button");
    others.type = "button";
    others.className = "safe-mode-others";
    others.textContent = "Run the other cells";
    others.addEventListener("click", () => actions.runOthers());
    const all = document.createElement("button");
    all.type = "button";
    all.className = "safe-mode-all";
    all.textContent = "Run everything";
    all.addEventListener("click", () => actions.runAll());
    this.root.append(this.text, others, all);
    this.root.hidden = true;
  }

  show(message: string): void {
    this.text.textContent = message;
    this.root.hidden = false;
  }

  hide(): void {
    this.root.hidden = true;
  }
}
