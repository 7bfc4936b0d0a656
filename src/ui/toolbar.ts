/**
 * The bar above the notebook: title, Run all, Stop, the kernel's state, the watchdog's
 * warning, the theme button, and the safe-preview banner (`consent.ts`) with its single
 * "Run this notebook" button. On a narrow screen the secondary controls fold behind ☰.
 * Menus in the bar (File, Keys) close on Esc and on a click outside, one open at a time.
 */
import { ConsentControl, type ConsentSource } from "./consent";
import { applyTheme, isDark, nextTheme, storedTheme, type ThemeChoice } from "./theme";
import { actionButton } from "./dom";

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


const KEYS: [string, string][] = [
  ["Shift-Enter", "run the cell and go to the next"],
  ["Ctrl/Cmd-Enter", "run the cell"],
  ["Alt-Enter", "run and insert a cell below"],
  ["Esc", "leave the editor (command mode); then Tab moves on"],
  ["Enter", "edit the selected cell"],
  ["Tab", "indent (in the editor); next control (command mode)"],
  ["Ctrl-m", "in the editor: Tab moves focus instead of indenting"],
  ["a / b", "insert a cell above / below"],
  ["d d", "delete the cell"],
  ["↑ ↓ or k j", "select the previous / next cell"],
  ["Alt-↑ / Alt-↓", "move the cell up / down"],
  ["m / y", "make it Markdown / code"],
  ["l", "toggle manual (runs only when asked)"],
  ["z / Shift-z", "undo / redo cell changes"],
  ["Ctrl/Cmd-Shift-P", "command palette: every command"],
  ["Ctrl/Cmd-Shift-F", "find and replace in all cells"],
  ["h", "hide / show the cell's code"],
  ["r", "reader view: text, outputs and widgets only"],
];

/** Closes every open menu (`details`) under `root` except `keep`. */
function closeMenus(root: HTMLElement, keep?: Element): HTMLDetailsElement[] {
  const closed: HTMLDetailsElement[] = [];
  for (const menu of root.querySelectorAll<HTMLDetailsElement>("details[open]")) {
    if (menu === keep) continue;
    menu.open = false;
    closed.push(menu);
  }
  return closed;
}

function shortcuts(): HTMLElement {
  const details = document.createElement("details");
  details.className = "shortcuts";
  const summary = document.createElement("summary");
  summary.textContent = "Keys";
  summary.title = "Keyboard shortcuts";
  summary.setAttribute("aria-label", "Keys (keyboard shortcuts)");
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
  private readonly readerButton = actionButton("Reader", "reader-toggle collapsible", "Reader view: text, outputs and widgets only (r)", () => undefined);
  private readonly consentControl: ConsentControl;
  private kernelState: KernelState = "starting";
  private detail: string | undefined;
  private busy = false;
  private theme: ThemeChoice = storedTheme();
  private readonly themeButton: HTMLButtonElement;
  private readonly moreButton: HTMLButtonElement;

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
    this.stopButton = actionButton("■ Stop", "stop collapsible", "Stop running cells (restarts the kernel if it does not respond)", actions.stop);
    this.state.classList.add("collapsible");
    this.state.setAttribute("role", "status");
    this.warning.setAttribute("role", "alert");
    const keys = shortcuts();
    keys.classList.add("collapsible");
    this.themeButton = actionButton("◐", "theme-toggle collapsible", "", () => this.setTheme(nextTheme(this.theme)));
    this.moreButton = actionButton("☰", "more-toggle", "More controls", () => this.toggleMore());
    this.moreButton.setAttribute("aria-label", "More controls");
    this.moreButton.setAttribute("aria-expanded", "false");
    const lineBreak = document.createElement("span");
    lineBreak.className = "toolbar-break";
    bar.append(brand, this.title, this.warning, this.state, keys, actionButton("▶ Run all", "run-all", "Run all cells", actions.runAll), this.stopButton, this.themeButton, this.moreButton, lineBreak);
    this.setTheme(this.theme);
    matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", () => this.setTheme(this.theme));
    this.closeMenusOutside();
    if (actions.reader) {
      this.readerButton.setAttribute("aria-pressed", "false");
      this.readerButton.addEventListener("click", actions.reader);
      this.stopButton.before(this.readerButton);
    }
    this.consentControl = new ConsentControl(actions.consent);
    this.root.append(bar, this.consentControl.root);
    this.setKernelState("starting");
  }

  /** Adds controls (the command palette, the navigator) before the Keys list. */
  addTools(tools: readonly HTMLElement[]): void {
    const bar = this.root.querySelector(".toolbar-bar")!;
    for (const tool of tools) {
      // On a small screen they fold into the ☰ menu with the other secondary controls.
      tool.classList.add("collapsible");
      bar.insertBefore(tool, bar.querySelector(".shortcuts"));
    }
  }

  /** Applies and stores a theme choice; the button says what it is and what a press does. */
  setTheme(choice: ThemeChoice): void {
    this.theme = choice;
    applyTheme(choice);
    const now = isDark(choice) ? "dark" : "light";
    const label = `Theme: ${choice === "system" ? `system (${now})` : now}; press for ${nextTheme(choice) === "system" ? "the system setting" : nextTheme(choice)}`;
    this.themeButton.setAttribute("aria-label", label);
    this.themeButton.title = label;
    this.themeButton.dataset.theme = choice;
  }

  private toggleMore(open = !this.root.classList.contains("menu-open")): void {
    this.root.classList.toggle("menu-open", open);
    this.moreButton.setAttribute("aria-expanded", String(open));
  }

  // Esc closes an open menu (and returns the focus to it); a click elsewhere closes it; a
  // menu that opens closes the others, so the Keys list never covers the File menu.
  private closeMenusOutside(): void {
    this.root.addEventListener(
      "toggle",
      (event) => {
        const menu = event.target as HTMLDetailsElement;
        if (menu.open) closeMenus(this.root, menu);
      },
      true,
    );
    document.addEventListener(
      "keydown",
      (event) => {
        if (event.key !== "Escape") return;
        const closed = closeMenus(this.root);
        if (closed.length === 0 && !this.root.classList.contains("menu-open")) return;
        if (closed.length === 0) this.moreButton.focus();
        this.toggleMore(false);
        event.preventDefault();
        event.stopPropagation();
        closed[0]?.querySelector("summary")?.focus();
      },
      true,
    );
    document.addEventListener("pointerdown", (event) => {
      const inside = (event.target as Element).closest?.("details[open]");
      closeMenus(this.root, inside ?? undefined);
    });
  }

  setTitle(title: string): void {
    this.title.value = title;
    // A long title is cut with an ellipsis in the bar; the whole of it shows on hover.
    this.title.title = title;
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
    // Medium screens show only the coloured dot; its words stay readable on hover and to screen readers.
    this.state.title = this.state.textContent;
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
