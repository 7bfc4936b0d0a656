/**
 * The DOM of one cell: gutter (run button, status with elapsed time), editor, progress
 * bar and output. It shows what it is told; the app decides what happens.
 */
import type { KeyBinding } from "@codemirror/view";
import type { Cell } from "../notebook/document";
import type { CellError, CellStatus } from "../kernel/types";
import type { Display } from "../display/types";
import { cellLabel } from "./cellLabel";
import { sameDisplay } from "./sameDisplay";
import { CellEditor } from "./editor";
import { containedHtml } from "./outputs/contain";
import { errorLine, markdownHtml, renderDisplay, renderError, type OutputContext } from "./outputs/render";
import { CONSOLE_MARKUP, ConsoleView, styleConsole } from "./outputs/consoleView";
import type { ConsoleEvent } from "../../workers/consoleMerge";

/** What a cell asks of the notebook. */
export interface CellCallbacks extends OutputContext {
  onEdit(text: string): void;
  onFocus(): void;
  /** Runs the cell; `then` says where the focus goes afterwards. */
  onRun(then: "stay" | "next" | "insert"): void;
  onEscape(): void;
  onMove(direction: -1 | 1): void;
  onDelete(): void;
  onStop(): void;
  /** Hides (true) or shows (false) the cell's code, saved in the document; absent: no control. */
  onHideCode?(hidden: boolean): void;
  /**
   * The cell has a new output, progress or console lines to show: the notebook calls `draw()`
   * now if the cell is near the viewport, else later (drawScheduler.ts). Absent: drawn at once.
   */
  onChange?(id: string): void;
}

/** An output waiting to be drawn. */
type NextOutput = { kind: "display"; display: Display } | { kind: "error"; error: CellError } | { kind: "preview"; markdown: string };
/** Progress waiting to be drawn (null: the bar goes away). */
type NextProgress = { fraction: number; label?: string } | null;

const STATUS_TEXT: Record<CellStatus, string> = {
  idle: "",
  queued: "queued",
  running: "running",
  done: "",
  error: "error",
  stale: "stale",
  interrupted: "interrupted",
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

/**
 * A new cell's DOM before its editor, as markup: cloned for each view (a thousand cells cost
 * one parse, and no script object for the parts a view never touches). Its labels are those of
 * a cell that is not running, not hidden and runs by itself, as the view would set them.
 */
const SKELETON = `<section class="cell" tabindex="0" role="group"><div class="cell-gutter"><div class="cell-head"><span class="cell-status"></span><button class="cell-run" type="button" title="Run (Shift-Enter)" aria-label="Run cell">▶</button></div><span class="cell-dirty"></span><span class="cell-mode" title=""></span><div class="cell-tools"><button class="cell-tool" type="button" title="Move up (Alt-↑)" aria-label="Move up (Alt-↑)">↑</button><button class="cell-tool" type="button" title="Move down (Alt-↓)" aria-label="Move down (Alt-↓)">↓</button><button class="cell-tool" type="button" title="Delete (Esc d d)" aria-label="Delete (Esc d d)">✕</button><button class="cell-tool cell-hide-code" type="button" title="Hide the code, keep the output (h)" aria-label="Hide the code, keep the output (h)">⊘</button></div></div><div class="cell-main"><button class="cell-reveal" type="button" title="Show or hide this cell's code for now (h keeps it shown)" aria-label="Show this cell's hidden code">&lt;/&gt; code</button><div class="cell-editor"></div><div class="cell-progress"><div class="cell-progress-bar"></div><span class="cell-progress-label"></span></div><div class="cell-output"></div>${CONSOLE_MARKUP}</div></section>`;

let skeleton: HTMLTemplateElement | null = null;

/** A fresh copy of SKELETON's section. */
function cellSkeleton(): HTMLElement {
  if (!skeleton) {
    skeleton = document.createElement("template");
    skeleton.innerHTML = SKELETON;
  }
  return skeleton.content.firstElementChild!.cloneNode(true) as HTMLElement;
}

/** One cell on screen. */
export class CellView {
  readonly root = cellSkeleton();
  private readonly gutter = this.root.firstElementChild as HTMLElement;
  private readonly head = this.gutter.firstElementChild as HTMLElement;
  private readonly status = this.head.firstElementChild as HTMLElement;
  private readonly run = this.head.lastElementChild as HTMLButtonElement;
  private readonly dirty = this.head.nextElementSibling as HTMLElement;
  private readonly mode = this.dirty.nextElementSibling as HTMLElement;
  private readonly tools = this.mode.nextElementSibling as HTMLElement;
  private readonly hideTool = this.tools.lastElementChild as HTMLButtonElement;
  private readonly main = this.gutter.nextElementSibling as HTMLElement;
  /** Shown instead of the editor while the code is hidden: reveals it for a look. */
  private readonly reveal = this.main.firstElementChild as HTMLButtonElement;
  private readonly progress = this.reveal.nextElementSibling!.nextElementSibling as HTMLElement;
  private readonly output = this.progress.nextElementSibling as HTMLElement;
  /** What the cell logged, under its output. */
  readonly console = new ConsoleView(this.output.nextElementSibling as HTMLElement);
  private hidden = false;
  private readonly editor: CellEditor;
  private kind: Cell["kind"];
  private statusValue: CellStatus = "idle";
  private startedAt = 0;
  private duration: number | null = null;
  private position = 0;
  /** What was told but not drawn yet (see `draw`). */
  private nextOutput: NextOutput | null = null;
  private nextProgress: NextProgress | undefined = undefined;
  private dirtyShown = false;
  /** Whether the run button shows Stop (as SKELETON has it: Run). */
  private runButtonStops = false;
  /** A running cell's status, as "running " and the elapsed time (made on the cell's first run). */
  private runningParts: [HTMLSpanElement, HTMLSpanElement] | null = null;
  /** The output on screen, as told (null: something else is, such as a saved output). */
  private drawn: NextOutput | null = null;

  constructor(
    readonly id: string,
    cell: Cell,
    private readonly callbacks: CellCallbacks,
  ) {
    this.kind = cell.kind;
    this.root.dataset.id = id;
    // The cell itself is the keyboard's stop (command mode, SKELETON's tabindex); Enter opens its editor.
    if (cell.mode === "manual") this.setMode(cell.mode);
    if (!callbacks.onHideCode) this.hideTool.remove();
    styleConsole();
    const keys: KeyBinding[] = [
      { key: "Shift-Enter", run: () => (callbacks.onRun("next"), true) },
      { key: "Mod-Enter", run: () => (callbacks.onRun("stay"), true) },
      { key: "Alt-Enter", run: () => (callbacks.onRun("insert"), true) },
      { key: "Escape", run: () => (callbacks.onEscape(), true) },
      { key: "Alt-ArrowUp", run: () => (callbacks.onMove(-1), true) },
      { key: "Alt-ArrowDown", run: () => (callbacks.onMove(1), true) },
    ];
    this.editor = new CellEditor(this.reveal.nextElementSibling as HTMLElement, cell.source, cell.kind, {
      onChange: (text) => {
        this.relabel();
        callbacks.onEdit(text);
      },
      keys,
      onFocus: () => callbacks.onFocus(),
    });
    this.applyKind();
    if (cell.hideCode === true) this.setHidden(true);
    this.prerender(cell);
  }

  /**
   * A click somewhere in the cell (the notebook listens once for all cells): the view's own
   * buttons do what they say. Only the buttons of the cell's frame count, never anything in an
   * output that looks like them.
   */
  clicked(target: EventTarget | null): void {
    const button = target instanceof Element ? target.closest("button") : null;
    if (!button || !this.root.contains(button)) return;
    const parent = button.parentElement;
    if (button === this.run) return this.statusValue === "running" ? this.callbacks.onStop() : this.callbacks.onRun("stay");
    if (button === this.reveal) return void this.root.classList.toggle("peek");
    if (parent !== this.tools) return;
    if (button === this.hideTool) return this.callbacks.onHideCode?.(!this.hidden);
    const index = [...parent.children].indexOf(button);
    if (index === 0) this.callbacks.onMove(-1);
    else if (index === 1) this.callbacks.onMove(1);
    else if (index === 2) this.callbacks.onDelete();
  }

  /** A double click in the cell: on a Markdown cell's rendering (not in the reader view), opens its editor. */
  doubleClicked(target: EventTarget | null): void {
    if (target instanceof Node && this.output.contains(target) && this.kind === "markdown" && !this.root.closest(".reader")) this.edit();
  }

  /** The cell came near the viewport or left its neighbourhood (the notebook's watch): its editor, not built yet, watches closer. */
  setNear(near: boolean): void {
    this.editor.setNear(near);
  }

  /** A press or focus in the cell: on the editor's stand-in, builds the editor (see CellEditor.touched). */
  touched(target: EventTarget | null, how: "press" | "focus"): void {
    this.editor.touched(target, how);
  }

  /**
   * A Markdown cell never shows its raw source while the kernel starts: plain Markdown gets a
   * preview (strict profile), drawn as any output is (at once on the first screens, else when
   * near the viewport) until the kernel's rendering replaces it; text that interpolates values
   * waits, hidden, for the kernel.
   */
  private prerender(cell: Cell): void {
    if (cell.kind !== "markdown" || !cell.source.trim()) return;
    this.root.classList.add("awaiting");
    if (cell.source.includes("${")) return;
    this.nextOutput = { kind: "preview", markdown: cell.source };
    this.changed();
  }

  /** The cell's 0-based place in the notebook. */
  get index(): number {
    return this.position - 1;
  }

  /** Sets the cell's 1-based position, which its accessible name includes. */
  setPosition(position: number): void {
    if (position === this.position) return;
    this.position = position;
    this.relabel();
  }

  private labelled = "";

  private relabel(): void {
    const text = this.editor.text;
    // Called on every transaction for every cell: skip the scan when nothing it reads changed.
    const key = `${this.position}\u0000${this.kind}\u0000${text}`;
    if (key === this.labelled) return;
    this.labelled = key;
    const label = cellLabel(this.position, this.kind, text);
    this.root.setAttribute("aria-label", label);
    this.editor.setLabel(`${label}, ${this.kind === "markdown" ? "Markdown" : "code"} editor`);
  }

  /** Brings the view in line with the document's cell (after undo, load, kind change). */
  update(cell: Cell): void {
    this.editor.setText(cell.source);
    this.setMode(cell.mode);
    this.setHidden(cell.hideCode === true);
    if (cell.kind !== this.kind) {
      this.kind = cell.kind;
      this.editor.setKind(cell.kind);
      this.applyKind();
    }
    this.relabel();
  }

  private setMode(mode: Cell["mode"]): void {
    this.mode.textContent = mode === "manual" ? "manual" : "";
    this.mode.title = mode === "manual" ? "Runs only when asked (press l in command mode to make it automatic)" : "";
  }

  /** Hides the code (only the output shows, and a control to reveal it) or shows it. */
  private setHidden(hidden: boolean): void {
    if (hidden !== this.hidden) this.root.classList.remove("peek");
    this.hidden = hidden;
    this.root.classList.toggle("code-hidden", hidden);
    this.reveal.textContent = "</> code";
    this.reveal.title = "Show or hide this cell's code for now (h keeps it shown)";
    this.reveal.setAttribute("aria-label", "Show this cell's hidden code");
    this.hideTool.textContent = hidden ? "</>" : "⊘";
    const title = hidden ? "Show the code (h)" : "Hide the code, keep the output (h)";
    this.hideTool.title = title;
    this.hideTool.setAttribute("aria-label", title);
  }

  private applyKind(): void {
    this.root.classList.toggle("markdown", this.kind === "markdown");
  }

  /** Marks the cell's text as differing from what the kernel last ran. */
  setDirty(dirty: boolean): void {
    if (dirty === this.dirtyShown) return;
    this.dirtyShown = dirty;
    this.root.classList.toggle("dirty", dirty);
    this.dirty.textContent = dirty ? "edited" : "";
  }

  setStatus(status: CellStatus, at: number): void {
    if (status === "running" && this.statusValue !== "running") this.startedAt = at;
    if (status !== "running" && this.statusValue === "running") this.duration = at - this.startedAt;
    if (status === "queued" || status === "running") this.duration = null;
    this.statusValue = status;
    this.root.dataset.status = status;
    this.showRunButton();
    if (status !== "running" && (this.nextProgress || this.progress.classList.contains("active"))) this.setProgress(null);
    this.tick(at);
  }

  get currentStatus(): CellStatus {
    return this.statusValue;
  }

  private showRunButton(): void {
    const running = this.statusValue === "running";
    if (running === this.runButtonStops) return;
    this.runButtonStops = running;
    this.run.textContent = running ? "■" : "▶";
    this.run.title = running ? "Stop" : "Run (Shift-Enter)";
    this.run.setAttribute("aria-label", running ? "Stop" : "Run cell");
  }

  /** Refreshes the elapsed time shown on a running cell (`now` in the worker's clock). */
  tick(now: number): void {
    const status = this.statusValue;
    if (status === "running") {
      // "running" and the time apart, so a narrow screen can show the time alone (styles.css).
      const [word, time] = (this.runningParts ??= [el("span", "cell-status-word"), el("span", "cell-status-time")]);
      if (this.status.firstChild !== word) {
        word.textContent = "running ";
        this.status.replaceChildren(word, time);
      }
      time.textContent = `${((now - this.startedAt) / 1000).toFixed(1)} s`;
    } else if (status === "done" && this.duration !== null && this.duration >= 100) this.status.textContent = `${(this.duration / 1000).toFixed(1)} s`;
    else this.status.textContent = STATUS_TEXT[status];
  }

  /** Shows the progress bar (null hides it). */
  setProgress(progress: NextProgress): void {
    this.nextProgress = progress;
    this.changed();
  }

  private drawProgress(progress: NextProgress): void {
    this.progress.classList.toggle("active", progress !== null);
    if (!progress) return;
    const fraction = Math.min(1, Math.max(0, progress.fraction));
    (this.progress.firstChild as HTMLElement).style.width = `${(fraction * 100).toFixed(1)}%`;
    (this.progress.lastChild as HTMLElement).textContent = `${progress.label ? `${progress.label} · ` : ""}${Math.round(fraction * 100)}%`;
  }

  /** Shows a value (drawn when the cell is near the viewport). */
  setDisplay(display: Display): void {
    this.editor.markLine(null);
    this.nextOutput = { kind: "display", display };
    this.changed();
  }

  /** Adds what the cell logged (a reset starts a new run's console). */
  addConsole(event: ConsoleEvent): void {
    this.console.apply(event, false);
    this.changed();
  }

  /** Shows an error (drawn when the cell is near the viewport; the editor marks its line at once). */
  setError(error: CellError): void {
    this.editor.markLine(errorLine(error) ?? null);
    this.nextOutput = { kind: "error", error };
    this.changed();
  }

  private changed(): void {
    if (this.callbacks.onChange) this.callbacks.onChange(this.id);
    else this.draw();
  }

  /** Whether something told to the view waits to be drawn. */
  get waiting(): boolean {
    return this.nextOutput !== null || this.nextProgress !== undefined || this.console.waiting;
  }

  /** Draws what the view was told since it last drew: the latest output, progress and console. */
  draw(): void {
    const next = this.nextOutput;
    this.nextOutput = null;
    // The same output drawn again (a restored value after Stop) keeps what is on screen, opened nodes included.
    if (next && !(this.drawn && sameOutput(this.drawn, next))) {
      this.drawn = next;
      this.root.classList.remove("awaiting");
      const node =
        next.kind === "display"
          ? renderDisplay(next.display, this.callbacks)
          : next.kind === "error"
            ? renderError(next.error)
            : containedHtml(markdownHtml(next.markdown), "output-markdown", "preview");
      this.output.replaceChildren(...(node ? [node] : []));
      this.root.classList.toggle("has-output", node !== null);
    }
    if (this.nextProgress !== undefined) this.drawProgress(this.nextProgress);
    this.nextProgress = undefined;
    this.console.draw();
  }

  /**
   * Shows the output saved with the document (safe preview, or a manual cell not run yet,
   * with `note` saying so), rendered without running anything: Markdown through the strict
   * `preview` profile (no styles, forms or controls), saved outputs as text.
   */
  showSaved(cell: Cell, note?: string): void {
    this.nextOutput = null;
    this.drawn = null;
    this.root.classList.remove("awaiting");
    if (cell.kind === "markdown") {
      this.output.replaceChildren(containedHtml(markdownHtml(cell.source), "output-markdown", "preview"));
    } else if (cell.output !== undefined) {
      const pre = el("pre", "output-saved");
      pre.textContent = cell.output;
      if (note) {
        const caption = el("p", "output-saved-note");
        caption.textContent = note;
        this.output.replaceChildren(caption, pre);
      } else this.output.replaceChildren(pre);
    } else this.output.replaceChildren();
    this.root.classList.toggle("has-output", this.output.childElementCount > 0);
  }

  /** Opens the editor (markdown cells hide it while showing their rendering). */
  edit(): void {
    this.root.classList.add("editing");
    this.editor.focus();
  }

  /** Leaves the editor: markdown cells show their rendering again. */
  leave(): void {
    this.root.classList.remove("editing");
  }

  get text(): string {
    return this.editor.text;
  }

  /** Call once the cell is in the document: the editor measures its (wrapped) lines. */
  attached(): void {
    this.editor.requestMeasure();
  }

  /**
   * Takes the view out of the notebook at once, leaving its DOM to `destroy` (idle time): its
   * section becomes a `cell-leaving` (no id, status or label; inert; its content skipped and no
   * height; its output no longer a `cell-output`), which takes a fraction of a millisecond,
   * where removing the old notebook's sections at once cost 11–21 ms of one task for the study
   * notebook's ~8,000 nodes (the layout tree's teardown). The section keeps its `display`, so its layout tree is not rebuilt meanwhile.
   */
  depart(): void {
    const root = this.root;
    root.className = "cell-leaving";
    for (const name of ["data-id", "data-status", "aria-label", "role", "tabindex"]) root.removeAttribute(name);
    root.inert = true;
    // Nothing on the page takes its output for one of the open notebook's (a check of what the
    // outputs hold, a count of them) while the nodes wait for idle time.
    this.output.className = "cell-output-leaving";
    for (const host of this.output.querySelectorAll(".output-host")) host.className = "output-host-leaving";
    this.editor.retire();
  }

  destroy(): void {
    this.editor.destroy();
    this.root.remove();
  }
}

/**
 * Whether `next` would draw what `drawn` shows: an equal display or error, or the kernel's
 * rendering of the very Markdown a preview shows when it has no HTML (the strict preview
 * profile then gives the same markup as the output profile).
 */
function sameOutput(drawn: NextOutput, next: NextOutput): boolean {
  if (drawn.kind === "preview") return next.kind === "display" && next.display.kind === "markdown" && next.display.markdown === drawn.markdown && !drawn.markdown.includes("<");
  return drawn.kind === next.kind && sameDisplay(drawn, next);
}
