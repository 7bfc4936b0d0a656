/**
 * The bar above the notebook: title, Run all, Stop, the kernel's state, the watchdog's
 * warning, and the safe-preview banner (`consent.ts`) with its single "Run this notebook" button.
 */
import { ConsentControl, type ConsentSource } from "./consent";

/** What the toolbar's buttons do. */
export interface ToolbarActions {
  runAll(): void;
  stop(): void;
  consent(): void;
  retitle(title: string): void;
  /** Switches the reader view (narrative and outputs only) on or off. */
  reader?(): void;
}

/** The kernel's state as the toolbar shows it. */
export type KernelState = "starting" | "ready" | "restarting" | "crashed";

function button(text: string, className: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

const KEYS: [string, string][] = [
  ["Shift-Enter", "run the cell and go to the next"],
  ["Ctrl/Cmd-Enter", "run the cell"],
  ["Alt-Enter", "run and insert a cell below"],
  ["Esc", "leave the editor (command mode)"],
  ["Enter", "edit the selected cell"],
  ["a / b", "insert a cell above / below"],
  ["d d", "delete the cell"],
  ["↑ ↓ or k j", "select the previous / next cell"],
  ["Alt-↑ / Alt-↓", "move the cell up / down"],
  ["m / y", "make it Markdown / code"],
  ["l", "toggle manual (runs only when asked)"],
  ["z / Shift-z", "undo / redo cell changes"],
  ["h", "hide / show the cell's code"],
  ["r", "reader view: text, outputs and widgets only"],
];

function shortcuts(): HTMLElement {
  const details = document.createElement("details");
  details.className = "shortcuts";
  const summary = document.createElement("summary");
  summary.textContent = "Keys";
  summary.title = "Keyboard shortcuts";
  const list = document.createElement("dl");
  for (const [key, what] of KEYS) {
    const dt = document.createElement("dt");
    dt.textContent = key;
    const dd = document.createElement("dd");
    dd.textContent = what;
    list.append(dt, dd);
  }
  details.append(summary, list);
  return details;
}

/** The toolbar and the preview banner. */
export class Toolbar {
  readonly root = document.createElement("header");
  private readonly title = document.createElement("input");
  private readonly state = document.createElement("span");
  private readonly warning = document.createElement("span");
  private readonly stopButton: HTMLButtonElement;
  private readonly readerButton = button("Reader", "reader-toggle", "Reader view: text, outputs and widgets only (r)", () => undefined);
  private readonly consentControl: ConsentControl;
  private kernelState: KernelState = "starting";
  private detail: string | undefined;
  private busy = false;

  constructor(actions: ToolbarActions) {
    this.root.className = "toolbar";
    const bar = document.createElement("div");
    bar.className = "toolbar-bar";
    const brand = document.createElement("span");
    brand.className = "brand";
    brand.textContent = "Caravan";
    this.title.className = "title";
    this.title.setAttribute("aria-label", "Notebook title");
    this.title.addEventListener("change", () => actions.retitle(this.title.value));
    this.state.className = "kernel-state";
    this.warning.className = "kernel-warning";
    this.stopButton = button("■ Stop", "stop", "Stop running cells (restarts the kernel if it does not respond)", actions.stop);
    bar.append(brand, this.title, this.warning, this.state, shortcuts(), button("▶ Run all", "run-all", "Run all cells", actions.runAll), this.stopButton);
    if (actions.reader) {
      this.readerButton.setAttribute("aria-pressed", "false");
      this.readerButton.addEventListener("click", actions.reader);
      this.stopButton.before(this.readerButton);
    }
    this.consentControl = new ConsentControl(actions.consent);
    this.root.append(bar, this.consentControl.root);
    this.setKernelState("starting");
  }

  setTitle(title: string): void {
    this.title.value = title;
    document.title = `${title} · Caravan`;
  }

  setKernelState(state: KernelState, detail?: string): void {
    this.kernelState = state;
    this.detail = detail;
    this.renderState();
  }

  setBusy(busy: boolean): void {
    if (busy === this.busy) return;
    this.busy = busy;
    this.root.classList.toggle("busy", busy);
    this.renderState();
  }

  private renderState(): void {
    const state = this.kernelState === "ready" && this.busy ? "busy" : this.kernelState;
    this.state.dataset.state = state;
    this.state.textContent =
      state === "ready" ? "kernel ready" : state === "busy" ? "kernel busy" : state === "crashed" ? `kernel crashed${this.detail ? `: ${this.detail}` : ""}` : `kernel ${state}…`;
  }

  /** The heartbeat's warning (null when the kernel answers); `urgent` points at Stop. */
  setUnresponsive(message: string | null, urgent = message !== null): void {
    this.warning.textContent = message ?? "";
    this.stopButton.classList.toggle("urgent", urgent);
  }

  /** Shows the safe-preview banner (saying where the notebook came from), or hides it. */
  setPreview(preview: boolean, from?: ConsentSource): void {
    if (preview) this.consentControl.show(from);
    else this.consentControl.hide();
  }

  /** Shows whether the reader view is on. */
  setReader(on: boolean): void {
    this.readerButton.setAttribute("aria-pressed", String(on));
  }

  /** Draws the eye to the banner when the user tries to run a cell in preview. */
  flashPreview(): void {
    this.consentControl.flash();
  }
}
