/**
 * The safe-preview banner and its one "Run this notebook" button. It lives in the toolbar,
 * outside any notebook content (outputs are contained, see `outputs/contain.ts`), says where
 * the notebook came from, and takes only a deliberate action:
 *  - the button is disabled for a moment after the banner appears and after the window
 *    regains focus, so a click or double-click aimed at something else cannot land on it;
 *  - a pointer click counts only if the press started on the button itself;
 *  - synthetic clicks (`isTrusted` false) are ignored; the keyboard (Enter, Space) works.
 */

/** Where a notebook shown in safe preview came from (as `LoadOptions.from`). */
export type ConsentSource = "link" | "file" | "export" | "drop";

const FROM: Record<ConsentSource, string> = {
  link: "a share link",
  file: "a file you opened",
  export: "an HTML export",
  drop: "a file you dropped",
};

/** How long the button stays disabled after the banner appears or the window regains focus (ms). */
export const ARM_DELAY_MS = 600;

/** The preview banner with its consent button. */
export class ConsentControl {
  readonly root = document.createElement("div");
  private readonly message = document.createElement("span");
  private readonly button = document.createElement("button");
  private pressStarted = false;
  private armTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(onConsent: () => void, private readonly armDelay = ARM_DELAY_MS) {
    this.root.className = "preview-banner";
    this.root.setAttribute("role", "region");
    this.root.setAttribute("aria-label", "Safe preview");
    this.button.type = "button";
    this.button.className = "consent";
    this.button.textContent = "Run this notebook";
    this.button.title = "Run every cell of this notebook";
    this.message.className = "preview-message";
    this.root.append(this.message, this.button);
    this.root.hidden = true;
    this.button.addEventListener("pointerdown", (event) => (this.pressStarted = event.isTrusted && !this.button.disabled));
    // A press anywhere else cancels one that started on the button.
    document.addEventListener("pointerdown", (event) => event.target !== this.button && (this.pressStarted = false), true);
    this.button.addEventListener("click", (event) => {
      const pointer = event.detail > 0;
      const deliberate = event.isTrusted && !this.button.disabled && !this.root.hidden && (!pointer || this.pressStarted);
      this.pressStarted = false;
      if (deliberate) onConsent();
    });
    const rearm = () => !this.root.hidden && this.arm();
    addEventListener("focus", rearm);
    document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && rearm());
  }

  /** Shows the banner for a notebook that came from `from`; the button arms after the delay. */
  show(from?: ConsentSource): void {
    this.message.textContent = `Safe preview: this notebook came from ${from ? FROM[from] : "elsewhere"}. Nothing has run. Read its code first, then run it if you trust it.`;
    this.root.dataset.from = from ?? "";
    this.root.hidden = false;
    this.arm();
  }

  /** Hides the banner (the notebook is trusted). */
  hide(): void {
    this.root.hidden = true;
    clearTimeout(this.armTimer);
  }

  /** Draws the eye to the banner when the user tries to run a cell in preview. */
  flash(): void {
    this.root.classList.remove("flash");
    void this.root.offsetWidth;
    this.root.classList.add("flash");
  }

  private arm(): void {
    this.button.disabled = true;
    this.pressStarted = false;
    clearTimeout(this.armTimer);
    this.armTimer = setTimeout(() => (this.button.disabled = false), this.armDelay);
  }
}
