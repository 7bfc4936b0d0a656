/**
 * The notebook's type-check count in the toolbar ("3 type errors", or "no type errors"): a
 * button that opens the first diagnostic. It appears once the checker has sent its first
 * diagnostics, beside the kernel's state, and says nothing about whether cells may run.
 */
import { problemSummary, type Problem } from "./problems";

/** The toolbar's count of type diagnostics. */
export class TypesStatus {
  readonly root = document.createElement("button");

  constructor(openFirst: () => void) {
    this.root.type = "button";
    // Folds into the ☰ menu on a small screen, with the toolbar's other secondary controls.
    this.root.className = "types-status collapsible";
    this.root.hidden = true;
    this.root.addEventListener("click", () => openFirst());
  }

  /** Shows the count of `problems` across the notebook. */
  set(problems: readonly Pick<Problem, "severity">[]): void {
    this.place();
    const errors = problems.filter((p) => p.severity === "error").length;
    this.root.hidden = false;
    this.root.dataset.count = String(problems.length);
    this.root.dataset.errors = String(errors);
    this.root.textContent = problems.length === 0 ? "no type errors" : problemSummary(problems);
    this.root.dataset.level = errors > 0 ? "error" : problems.length > 0 ? "warning" : "ok";
    this.root.disabled = problems.length === 0;
    this.root.title = problems.length === 0 ? "The type checker finds nothing to report" : "Go to the first type diagnostic (cells run regardless)";
  }

  /** Puts the button in the toolbar, before the kernel's state (once the toolbar exists). */
  private place(): void {
    if (this.root.isConnected) return;
    const bar = document.querySelector(".toolbar-bar");
    if (!bar) return;
    bar.insertBefore(this.root, bar.querySelector(".kernel-state"));
  }
}
