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
    this.root.className = "types-status";
    this.root.hidden = true;
    this.root.addEventListener("click", () => openFirst());
    Object.assign(this.root.style, { font: "inherit", fontSize: "12.5px", border: "1px solid #d0d4da", borderRadius: "4px", background: "transparent", padding: "2px 8px", cursor: "pointer" });
  }

  /** Shows the count of `problems` across the notebook. */
  set(problems: readonly Pick<Problem, "severity">[]): void {
    this.place();
    const errors = problems.filter((p) => p.severity === "error").length;
    this.root.hidden = false;
    this.root.dataset.count = String(problems.length);
    this.root.dataset.errors = String(errors);
    this.root.textContent = problems.length === 0 ? "no type errors" : problemSummary(problems);
    this.root.style.color = errors > 0 ? "#b3261e" : problems.length > 0 ? "#8a6d00" : "#4b6b4b";
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
