/**
 * The list of cells on screen, keyed by cell id and reconciled with the document after
 * every transaction. Owns selection and command mode (a selected cell without focus in
 * its editor), and turns command-mode keys into commands for the app.
 */
import { tx, type Cell, type NotebookDoc } from "../notebook/document";
import { CellView } from "./cellView";
import { CommandKeys, type Command } from "./keys";
import type { NotebookApp } from "./app";
import { DrawScheduler } from "./drawScheduler";
import { afterFrame, soon, whenIdle, type IdleTime } from "./dom";
import { expectCells } from "./editor";

/** A notebook of this many cells or fewer is built at once when it loads; a longer one a batch at a time. */
const BUILD_AT_ONCE = 40;
/**
 * Milliseconds of view building (creating a view and replaying its state) per task for a long
 * notebook: small enough that a batch, a garbage collection and the frame it lands in stay
 * under a long task's 50 ms.
 */
const BUILD_BUDGET_MS = 6;
/**
 * Milliseconds of view building between two frames, over however many batches run in between.
 * Batches are tasks of their own, and when frames are slow several ran between two: the frame
 * after them then styled and laid out all their new views at once, and on a machine whose cores
 * the kernel, the compiler threads and the raster share, that frame was a long task.
 */
const BUILD_PER_FRAME_MS = 6;
/** How far from the viewport a cell draws what it is told at once (farther ones wait, drawScheduler.ts). */
const NEAR_VIEWPORT = "100% 0px";
/** How many viewport heights from the top new views draw at once (see drawFirstScreens). */
const FIRST_SCREENS = 2;
/** Milliseconds of an idle period spent drawing cells far from the viewport. */
const IDLE_DRAW_MS = 6;

/** Cells on screen. */
export class NotebookView {
  readonly root = document.createElement("main");
  private readonly cells = document.createElement("div");
  private views = new Map<string, CellView>();
  /** The cell each view was last brought in line with (documents are immutable: same object, nothing to do). */
  private shownCells = new WeakMap<CellView, Cell>();
  private readonly draws = new DrawScheduler(
    (id) => this.views.get(id)?.draw(),
    (id) => this.views.get(id)?.index,
  );
  private readonly nearness: IntersectionObserver | null =
    typeof IntersectionObserver === "undefined"
      ? null
      : new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              const id = (entry.target as HTMLElement).dataset.id;
              if (!id) continue;
              this.draws.setNear(id, entry.isIntersecting);
              this.views.get(id)?.setNear(entry.isIntersecting);
            }
          },
          { rootMargin: NEAR_VIEWPORT },
        );
  private idleDrawing = false;
  private selected: string | null = null;
  private readonly keys = new CommandKeys();

  constructor(
    private readonly app: NotebookApp,
    private readonly onCommand: (command: Command, id: string) => void,
  ) {
    this.root.className = "notebook";
    this.cells.className = "cells";
    const footer = document.createElement("div");
    footer.className = "notebook-footer";
    for (const [text, kind] of [["+ Code", "code"], ["+ Markdown", "markdown"]] as const) {
      const add = document.createElement("button");
      add.type = "button";
      add.className = "add-cell";
      add.textContent = text;
      add.title = `Add a ${kind} cell at the end (Esc b below the selected cell)`;
      add.addEventListener("click", () => this.app.appendCell(kind));
      footer.append(add);
    }
    this.root.append(this.cells, footer);
    this.root.addEventListener("keydown", (event) => {
      const id = commandTarget(event);
      if (id === null) return;
      const command = this.keys.command(event);
      if (!command) return;
      event.preventDefault();
      this.onCommand(command, id);
    });
    // Nothing has the focus (after a history restore, a closed panel): z and Shift-z still
    // undo and redo, on the selected cell's notebook.
    document.addEventListener("keydown", (event) => {
      if (event.defaultPrevented || (event.target !== document.body && event.target !== document.documentElement)) return;
      const command = this.keys.command(event);
      const id = this.selected ?? this.app.doc.cells[0]?.id;
      if (!command || !id || (command.type !== "undo" && command.type !== "redo" && command.type !== "select")) return;
      event.preventDefault();
      this.onCommand(command, id);
    });
    this.root.addEventListener("focusin", (event) => {
      this.viewAt(event)?.touched(event.target, "focus");
      const cell = (event.target as HTMLElement).closest?.(".cell") as HTMLElement | null;
      if (cell?.dataset.id) this.mark(cell.dataset.id);
    });
    // One listener of each kind for the controls of every cell: a thousand views add none.
    this.cells.addEventListener("click", (event) => this.viewAt(event)?.clicked(event.target));
    this.cells.addEventListener("dblclick", (event) => this.viewAt(event)?.doubleClicked(event.target));
    this.cells.addEventListener("pointerdown", (event) => this.viewAt(event)?.touched(event.target, "press"));
  }

  /** The view whose cell an event happened in (a cell of this notebook, not something in an output that looks like one). */
  private viewAt(event: Event): CellView | undefined {
    const cell = (event.target as Element | null)?.closest?.(".cell") as HTMLElement | null;
    return cell && cell.parentElement === this.cells ? this.views.get(cell.dataset.id ?? "") : undefined;
  }

  /** The view of cell `id`. */
  cell(id: string): CellView | undefined {
    return this.views.get(id);
  }

  /** Whether cell `id`'s view is near the viewport (the reader can see it, or is about to). */
  isNear(id: string): boolean {
    return this.draws.isNear(id);
  }

  /** Drops every view and builds the document afresh (a load). */
  reset(doc: NotebookDoc): void {
    // The old views leave the notebook in one go, hidden and unnamed (CellView.depart); their
    // editors and sections are taken down in idle time (destroying fifty CodeMirror views, or
    // removing their ~8,000 nodes at once, is a long task the new notebook need not wait for).
    const old = [...this.views.values()];
    const roots = new Set(old.map((view) => view.root));
    for (const view of old) {
      this.forget(view);
      view.depart();
    }
    for (const child of [...this.cells.children]) if (!roots.has(child as HTMLElement)) child.remove();
    this.retire(old);
    this.views.clear();
    this.selected = null;
    this.resume = null;
    this.opening = true;
    this.reconcile(doc);
  }

  /**
   * Creates, removes, reorders and updates views to match `doc`. Building views takes main-
   * thread time, so a long notebook is built a frame's budget at a time, in document order:
   * what is left is built in the next tasks (the app replays each late view's state).
   */
  reconcile(doc: NotebookDoc): void {
    this.latest = doc;
    expectCells(doc.cells.length);
    // A later batch of the same document starts where the last one stopped: the views before
    // that are built, placed and up to date (walking them again made a long notebook's build
    // quadratic in its batches).
    const resumed = this.resume?.doc === doc ? this.resume.index : 0;
    this.resume = null;
    let previous: HTMLElement | null = resumed > 0 ? (this.views.get(doc.cells[resumed - 1]!.id)?.root ?? null) : null;
    const from = previous ? resumed : 0;
    if (from === 0) {
      const ids = new Set(doc.cells.map((c) => c.id));
      for (const [id, view] of this.views) {
        if (!ids.has(id)) {
          this.drop(view);
          this.views.delete(id);
        }
      }
    }
    const start = performance.now();
    const created: [CellView, Cell][] = [];
    // A short notebook is built at once when it loads. A longer one's first batch is a batch like
    // the others: forty views at once, and their style and layout in the frame after, made a long
    // task on a machine whose cores are busy.
    const atLeast = this.opening && doc.cells.length <= BUILD_AT_ONCE ? BUILD_AT_ONCE : 1;
    let complete = true;
    let position = from;
    for (let index = from; index < doc.cells.length; index++) {
      const cell = doc.cells[index]!;
      let view = this.views.get(cell.id);
      const fresh = !view;
      if (!view) {
        if (created.length >= atLeast && performance.now() - start > BUILD_BUDGET_MS) {
          complete = false;
          this.resume = { doc, index };
          break;
        }
        view = this.create(cell);
        this.views.set(cell.id, view);
        this.nearness?.observe(view.root);
        created.push([view, cell]);
      } else if (this.shownCells.get(view) !== cell) view.update(cell);
      this.shownCells.set(view, cell);
      view.setPosition(++position);
      const expected: ChildNode | null = previous ? previous.nextSibling : this.cells.firstChild;
      if (expected !== view.root) this.cells.insertBefore(view.root, expected);
      previous = view.root;
      // A new view takes its state now, inside the batch's budget (replaying a hundred views
      // after the loop doubled a batch).
      if (fresh) {
        view.attached();
        this.app.replay(view, cell);
      }
    }
    // Without visibility checks every view draws what it was told when built. With them,
    // once per load, for the first views built: a later batch lies below them (and each
    // check forces a layout of every cell on the page, a long task in a long notebook).
    if (!this.nearness) {
      for (const [view] of created) if (view.waiting) view.draw();
    } else if (this.opening && created.length > 0) {
      this.opening = false;
      // In the next frame, before it paints: reading the views' positions lays out the page,
      // which the frame does anyway; here it would make the load's task longer by as much.
      requestAnimationFrame(() => this.drawFirstScreens(created.filter(([view]) => this.views.get(view.id) === view)));
    }
    this.builtSinceFrame += performance.now() - start;
    if (!complete && !this.building) {
      this.building = true;
      const next = () => {
        this.building = false;
        if (this.latest) this.reconcile(this.latest);
      };
      // A task of its own, so the browser can paint between two batches; once a frame's worth
      // is built, the next batch waits until that frame has been drawn (a hidden tab draws no
      // frames, and its timers are throttled: there the batches follow each other).
      this.watchFrames();
      if (this.builtSinceFrame < BUILD_PER_FRAME_MS || document.hidden) soon(next);
      else afterFrame(next);
    }
  }

  /** Milliseconds spent building views since the last frame was drawn (see BUILD_PER_FRAME_MS). */
  private builtSinceFrame = 0;
  private frameWatched = false;

  /** Starts the building count afresh at the next frame (before a batch that waits for it runs). */
  private watchFrames(): void {
    if (this.frameWatched) return;
    this.frameWatched = true;
    requestAnimationFrame(() => {
      this.frameWatched = false;
      this.builtSinceFrame = 0;
    });
  }

  /**
   * New views on the first screens draw what waits (a Markdown cell's preview) before the page
   * paints, rather than after the next frame's visibility check: no empty Markdown flashes
   * where the notebook opens. Views further down wait for the check or idle time.
   */
  private drawFirstScreens(created: readonly [CellView, Cell][]): void {
    const below = window.innerHeight * FIRST_SCREENS;
    // Positions read in one layout, before any drawing moves them (so a few views more than
    // fit may draw: a preview is taller than the empty box it fills).
    const first: CellView[] = [];
    for (const [view] of created) {
      if (view.root.getBoundingClientRect().top > below) break;
      first.push(view);
    }
    for (const view of first) if (view.waiting) this.draws.setNear(view.id, true);
  }

  /** Where an unfinished build of `doc` stopped (see reconcile). */
  private resume: { doc: NotebookDoc; index: number } | null = null;
  /** Set by a load until its first views are built (see drawFirstScreens). */
  private opening = false;
  private latest: NotebookDoc | null = null;
  private building = false;

  private drop(view: CellView): void {
    this.forget(view);
    view.destroy();
  }

  /** Stops watching a view that is going away. */
  private forget(view: CellView): void {
    this.nearness?.unobserve(view.root);
    this.draws.forget(view.id);
  }

  /** Destroys views already off the page, a few per idle period. */
  private retire(views: CellView[]): void {
    if (views.length === 0) return;
    const some = (deadline: IdleTime) => {
      const end = performance.now() + IDLE_DRAW_MS;
      do views.pop()!.destroy();
      while (views.length > 0 && deadline.timeRemaining() > 0 && performance.now() < end);
      if (views.length > 0) whenIdle(some, IDLE_DRAW_MS, { timeout: 1000 });
    };
    whenIdle(some, IDLE_DRAW_MS, { timeout: 1000 });
  }

  /** A cell has something new to show: drawn now if near the viewport, else when it comes near or the page idles. */
  private changed(id: string): void {
    if (!this.nearness) return void this.views.get(id)?.draw();
    this.draws.changed(id);
    if (this.draws.pending === 0 || this.idleDrawing) return;
    this.idleDrawing = true;
    const drawSome = (deadline: IdleTime) => {
      const end = performance.now() + IDLE_DRAW_MS;
      const more = this.draws.drawSome(() => Math.min(deadline.timeRemaining(), end - performance.now()));
      if (more) whenIdle(drawSome, IDLE_DRAW_MS);
      else this.idleDrawing = false;
    };
    whenIdle(drawSome, IDLE_DRAW_MS);
  }

  private create(cell: Cell): CellView {
    const id = cell.id;
    return new CellView(id, cell, {
      onEdit: (text) => {
        const current = this.app.doc.cells.find((c) => c.id === id);
        if (current && current.source !== text) this.app.dispatch(tx.edit(this.app.doc, id, text));
      },
      onFocus: () => this.mark(id),
      onRun: (then) => {
        this.views.get(id)?.leave();
        this.app.runAndAdvance(id, then);
      },
      onEscape: () => this.select(id),
      onMove: (delta) => this.onCommand({ type: "move", delta }, id),
      onDelete: () => this.onCommand({ type: "delete" }, id),
      onStop: () => void this.app.stop(),
      onChange: (cell) => this.changed(cell),
      onHideCode: (hidden) => this.app.dispatch(tx.hide(this.app.doc, id, hidden)),
      expand: async (ref) => (await this.app.kernel.api()).inspect(id, ref),
      table: async (request) => (await this.app.kernel.api()).table(id, request),
      widgetInput: (input) => this.app.widgetInput(id, input),
    });
  }

  private mark(id: string): void {
    if (this.selected === id) return;
    if (this.selected) this.views.get(this.selected)?.root.classList.remove("selected");
    this.selected = id;
    this.views.get(id)?.root.classList.add("selected");
  }

  /** Selects a cell in command mode (focus on the cell, not its editor). */
  select(id: string): void {
    const view = this.views.get(id);
    if (!view) return;
    for (const v of this.views.values()) if (v !== view) v.leave();
    this.mark(id);
    view.root.focus();
    view.root.scrollIntoView({ block: "nearest" });
  }

  /** Opens a cell's editor. */
  edit(id: string): void {
    this.mark(id);
    this.views.get(id)?.edit();
  }

  /** Refreshes elapsed times. */
  tick(now: number): void {
    for (const view of this.views.values()) if (view.currentStatus === "running") view.tick(now);
  }
}

/**
 * The cell a command-mode key applies to: the cell itself has the focus, or one of its
 * gutter buttons does (so j/k work after clicking Run). Keys typed into an editor, an
 * output (widgets, tables) or a form field are theirs; Enter and Space on a button press it.
 */
function commandTarget(event: KeyboardEvent): string | null {
  const target = event.target as HTMLElement;
  const cell = target.closest<HTMLElement>(".cell");
  if (!cell?.dataset.id) return null;
  if (target === cell) return cell.dataset.id;
  if (!target.closest(".cell-gutter") || target.tagName !== "BUTTON") return null;
  if (event.key === "Enter" || event.key === " ") return null;
  return cell.dataset.id;
}
