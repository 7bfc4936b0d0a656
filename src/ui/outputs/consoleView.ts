/**
 * A cell's console under its output: one row per line, styled by level (warnings and errors
 * marked, debug dimmed), a badge counting a line repeated in a row, and a last row saying how
 * many lines past the cap were not shown. The box scrolls past a few dozen rows, and holds at
 * most CONSOLE_LINES rows whatever the cell logs, so a logging loop costs the page a bounded
 * DOM. Text only: lines are set as `textContent`, never parsed as HTML.
 */
import { CONSOLE_LINES, mergeConsole, type ConsoleEvent, type ConsoleState } from "../../../workers/consoleMerge";
import type { ConsoleLine } from "../../../workers/protocol";

const MARK: Record<ConsoleLine["level"], string> = { log: "", info: "ℹ", warn: "⚠", error: "✖", debug: "" };

/** An empty console box, as markup (hidden until the cell logs). */
export const CONSOLE_MARKUP = `<div class="cell-console" role="log" aria-label="Console output" hidden><div class="console-lines"></div><div class="console-more"></div></div>`;

/** The console box of one cell; empty (and hidden) until the cell logs. */
export class ConsoleView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly more: HTMLElement;
  private state: ConsoleState = { lines: [], omitted: 0 };
  /** Rows on screen: always the first `rows` lines of `state` (once drawn). */
  private rows = 0;
  /** Lines were applied since the last draw; `cleared`: a reset among them. */
  private stale = false;
  private cleared = false;

  /** Takes over `root`, an empty box in CONSOLE_MARKUP's shape (part of a cell's cloned skeleton, cellView.ts). */
  constructor(root: HTMLElement) {
    this.root = root;
    this.list = root.firstElementChild as HTMLElement;
    this.more = root.lastElementChild as HTMLElement;
  }

  /** Applies one (merged) console event; with `draw` false the rows wait for `draw()` (a cell off screen). */
  apply(event: Pick<ConsoleEvent, "reset" | "lines" | "omitted">, draw = true): void {
    if (event.reset) {
      this.state = { lines: [], omitted: 0 };
      this.cleared = true;
    }
    mergeConsole(this.state, event, CONSOLE_LINES);
    this.stale = true;
    if (draw) this.draw();
  }

  /** Whether lines applied without drawing wait to be drawn. */
  get waiting(): boolean {
    return this.stale;
  }

  /** Brings the rows in line with the lines applied. */
  draw(): void {
    if (!this.stale) return;
    this.stale = false;
    if (this.cleared) {
      this.list.replaceChildren();
      this.rows = 0;
      this.cleared = false;
    }
    // The last row on screen may have been repeated since: refresh its count.
    if (this.rows > 0) this.setCount(this.list.lastElementChild as HTMLElement, this.state.lines[this.rows - 1]!.count);
    const fresh = this.state.lines.slice(this.rows).map((line) => this.row(line));
    this.list.append(...fresh);
    this.rows = this.state.lines.length;
    const omitted = this.state.omitted;
    this.more.textContent = omitted > 0 ? `${omitted.toLocaleString("en-US")} more line${omitted === 1 ? "" : "s"} not shown` : "";
    this.root.hidden = this.rows === 0 && omitted === 0;
    if (fresh.length) this.list.scrollTop = this.list.scrollHeight;
  }

  /** Empties the box. */
  clear(): void {
    this.apply({ reset: true, lines: [], omitted: 0 });
  }

  /** What the box holds (a copy): its lines and how many past the cap were not shown, for the HTML export. */
  get snapshot(): ConsoleState {
    return { lines: this.state.lines.map((l) => ({ ...l })), omitted: this.state.omitted };
  }

  /** The lines shown, as text (`×N` for repeats), for tests and copies. */
  get text(): string {
    return this.state.lines.map((l) => `${l.text}${l.count > 1 ? ` ×${l.count}` : ""}`).join("\n");
  }

  private row(line: ConsoleLine): HTMLElement {
    const row = document.createElement("div");
    row.className = `console-line console-${line.level}`;
    row.dataset.level = line.level;
    const mark = document.createElement("span");
    mark.className = "console-mark";
    mark.textContent = MARK[line.level];
    mark.setAttribute("aria-label", line.level === "log" ? "" : line.level);
    const text = document.createElement("span");
    text.className = "console-text";
    text.textContent = line.text;
    row.append(mark, text);
    this.setCount(row, line.count);
    return row;
  }

  private setCount(row: HTMLElement, count: number): void {
    let badge = row.querySelector<HTMLElement>(".console-count");
    if (count <= 1) return badge?.remove();
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "console-count";
      row.prepend(badge);
    }
    badge.textContent = count.toLocaleString("en-US");
    badge.title = `written ${count} times in a row`;
  }
}

// The view's rules, added once to the page (outputs in shadow roots never see them).
const CSS = `
.cell-console { margin-top: 6px; border-top: 1px solid var(--line, #ddd); font: 12px/1.45 var(--mono, monospace); }
.cell-console .console-lines { max-height: 22em; overflow: auto; }
.cell-console .console-line { display: flex; gap: 6px; align-items: baseline; padding: 1px 6px; border-bottom: 1px solid color-mix(in srgb, var(--line, #ddd) 50%, transparent); }
.cell-console .console-text { white-space: pre-wrap; overflow-wrap: anywhere; flex: 1; }
.cell-console .console-mark { width: 1em; flex: none; text-align: center; }
.cell-console .console-count { flex: none; min-width: 1.4em; padding: 0 5px; border-radius: 8px; background: color-mix(in srgb, currentColor 14%, transparent); text-align: center; font-size: 11px; }
.cell-console .console-info .console-mark { color: #2563eb; }
.cell-console .console-warn { background: color-mix(in srgb, #f59e0b 12%, transparent); color: #7a4d00; }
.cell-console .console-error { background: color-mix(in srgb, #dc2626 10%, transparent); color: #a11b1b; }
.cell-console .console-debug { opacity: 0.7; }
.cell-console .console-more { padding: 2px 6px; color: var(--muted, #777); font-style: italic; }
.cell-console .console-more:empty { display: none; }
@media (prefers-color-scheme: dark) {
  .cell-console .console-warn { color: #fcd34d; }
  .cell-console .console-error { color: #fca5a5; }
}
`;

let styled = false;

/** Adds the console's rules to the page once. */
export function styleConsole(): void {
  if (styled || typeof document === "undefined") return;
  styled = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
