/**
 * The reader view: the whole notebook as narrative, outputs and widgets only (as
 * Observable's pinned code off, or marimo's app view). It is a class on the app's root, so
 * the cells keep running and widgets keep working underneath; styles.css hides editors,
 * gutters and cells without output. Beside it, an outline of the Markdown headings
 * (`outline.ts`) whose links move the page and the focus to a heading, and a checkbox that
 * saves "open in the reader view" in the file (`// view: reader`).
 *
 * The view never touches trust: in safe preview the cells show their saved outputs and the
 * Markdown rendering, exactly as they do in the editor, until the user runs the notebook.
 */
import type { NotebookDoc } from "../notebook/document";
import { outline, type OutlineEntry } from "./outline";

/** What the reader view asks of the app. */
export interface ReaderActions {
  /** The user switched the view on or off (button, key, link). */
  onChange(on: boolean): void;
  /** The user ticked or cleared "opens in the reader view" (a document transaction). */
  onSaveView(reader: boolean): void;
}

/** The reader view's state, outline and key. */
export class ReaderMode {
  /** The outline panel, placed before the notebook by the app. */
  readonly nav = document.createElement("nav");
  private readonly list = document.createElement("ol");
  private readonly empty = document.createElement("p");
  private readonly saved = document.createElement("input");
  private active = false;
  /** The entries shown, to skip rebuilding the outline when a keystroke did not change it. */
  private shown = "";

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: ReaderActions,
  ) {
    this.nav.className = "reader-outline";
    this.nav.setAttribute("aria-label", "Outline");
    this.nav.hidden = true;
    const heading = document.createElement("h2");
    heading.textContent = "Contents";
    this.empty.className = "reader-outline-empty";
    this.empty.textContent = "No headings in this notebook.";
    const label = document.createElement("label");
    label.className = "reader-save";
    this.saved.type = "checkbox";
    this.saved.addEventListener("change", () => actions.onSaveView(this.saved.checked));
    label.append(this.saved, " Open in this view (saved in the file)");
    const leave = document.createElement("button");
    leave.type = "button";
    leave.className = "reader-leave";
    leave.textContent = "Show code (r)";
    leave.addEventListener("click", () => this.toggle());
    this.nav.append(heading, this.list, this.empty, label, leave);
    // `r` anywhere but in an editor or a field: on a selected cell (command mode), and in the
    // reader view, where nothing is selected and the focus is on the page or the outline.
    document.addEventListener("keydown", (event) => {
      if (event.defaultPrevented || event.key !== "r" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isEditable(event.composedPath()[0])) return;
      event.preventDefault();
      this.toggle();
    });
  }

  private measured = false;

  /** Keeps `--toolbar-height` current (it grows with the preview banner), so the outline beside the notebook starts below it. */
  private measureToolbar(): void {
    const toolbar = this.root.querySelector<HTMLElement>("header.toolbar");
    if (!toolbar) return;
    this.measured = true;
    new ResizeObserver(() => this.root.style.setProperty("--toolbar-height", `${toolbar.offsetHeight}px`)).observe(toolbar);
  }

  /** Whether the reader view is on. */
  get on(): boolean {
    return this.active;
  }

  /** Switches the view on or off, showing `doc`'s outline. */
  set(on: boolean, doc: NotebookDoc): void {
    if (on && !this.measured) this.measureToolbar();
    this.active = on;
    this.root.classList.toggle("reader", on);
    this.nav.hidden = !on;
    this.refresh(doc);
  }

  /** Switches the view over (the app is told, and passes the document back through `set`). */
  toggle(): void {
    this.actions.onChange(!this.active);
  }

  /** Brings the outline and the checkbox in line with `doc` (after every transaction). */
  refresh(doc: NotebookDoc): void {
    this.saved.checked = doc.view === "reader";
    if (!this.active) return;
    const entries = outline(doc.cells);
    const key = JSON.stringify(entries);
    if (key === this.shown) return;
    this.shown = key;
    this.list.replaceChildren(...entries.map((entry) => this.item(entry)));
    this.empty.hidden = entries.length > 0;
  }

  private item(entry: OutlineEntry): HTMLLIElement {
    const li = document.createElement("li");
    li.className = `reader-h${entry.level}`;
    const a = document.createElement("a");
    // A real link (focusable, Enter follows it) that never changes the address: the
    // fragment is the app's own (share links, #library).
    a.href = `#${entry.cell}`;
    a.textContent = entry.text;
    a.addEventListener("click", (event) => {
      event.preventDefault();
      this.jump(entry);
    });
    li.append(a);
    return li;
  }

  /** Scrolls to a heading (inside its cell's rendered Markdown when shown) and moves the focus to its cell. */
  jump(entry: OutlineEntry): void {
    const cell = this.root.querySelector<HTMLElement>(`.cell[data-id="${CSS.escape(entry.cell)}"]`);
    if (!cell) return;
    const target = renderedHeading(cell, entry.nth) ?? cell;
    target.scrollIntoView({ block: "start" });
    // The toolbar is sticky: the heading goes just below it, not under it.
    const toolbar = this.root.querySelector<HTMLElement>("header.toolbar");
    if (toolbar) window.scrollBy(0, -(toolbar.offsetHeight + 8));
    cell.focus({ preventScroll: true });
  }
}

/** The `nth` heading (h1 to h6) of a cell's rendered Markdown, which lives in a shadow root (outputs/contain.ts). */
function renderedHeading(cell: HTMLElement, nth: number): HTMLElement | null {
  const output = cell.querySelector(".cell-output");
  if (!output) return null;
  const scopes: ParentNode[] = [output];
  for (const host of output.querySelectorAll("*")) if (host.shadowRoot) scopes.push(host.shadowRoot);
  const headings = scopes.flatMap((scope) => [...scope.querySelectorAll<HTMLElement>("h1, h2, h3, h4, h5, h6")]);
  return headings[nth] ?? null;
}

/** Whether a key pressed on `target` is typing: fields, editors, anything editable. */
function isEditable(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest(".cm-editor")) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
