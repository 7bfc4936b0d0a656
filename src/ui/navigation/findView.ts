/**
 * Find and replace across cells: a query, a replacement and three options (match case,
 * whole word, regular expression); the matches listed by cell and line. "Replace" changes
 * one match, "Replace all" every listed match; either is one transaction, so one undo
 * (z, or Undo in the palette) reverts it.
 */
import type { NotebookDoc, Transaction } from "../../notebook/document";
import { findMatches, isPatternError, MAX_MATCHES, replaceTransaction, type FindOptions, type Match } from "./findReplace";
import { cellLabel } from "./host";

/** What the find view asks of the page. */
export interface FindActions {
  doc(): NotebookDoc;
  dispatch(tr: Transaction): void;
  /** Opens cell `id`'s editor with `from`–`to` selected. */
  select(id: string, from: number, to: number): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Characters of context shown before a match in its line. */
const CONTEXT = 24;

/** The find and replace form and its results. */
export class FindView {
  readonly root = el("div", "find-view");
  readonly query = el("input", "find-query");
  private readonly replacement = el("input", "find-replacement");
  private readonly options: Record<keyof FindOptions, HTMLInputElement> = { caseSensitive: el("input"), wholeWord: el("input"), regex: el("input") };
  private readonly summary = el("p", "find-summary");
  private readonly replaceAllButton = el("button", "find-replace-all", "Replace all");
  private readonly results = el("ol", "find-results");
  private matches: Match[] = [];

  constructor(private readonly actions: FindActions) {
    const form = el("form", "find-form");
    form.setAttribute("role", "search");
    form.addEventListener("submit", (event) => event.preventDefault());
    this.query.type = "search";
    this.query.placeholder = "Find in all cells";
    this.query.setAttribute("aria-label", "Find in all cells");
    this.replacement.type = "text";
    this.replacement.placeholder = "Replace with";
    this.replacement.setAttribute("aria-label", "Replace with");
    const toggles = el("div", "find-options");
    const names: [keyof FindOptions, string, string][] = [
      ["caseSensitive", "Aa", "Match case"],
      ["wholeWord", "ab|", "Whole word"],
      ["regex", ".*", "Regular expression"],
    ];
    for (const [key, short, long] of names) {
      const label = el("label", "find-option");
      label.title = long;
      const box = this.options[key];
      box.type = "checkbox";
      box.className = `find-${key}`;
      box.setAttribute("aria-label", long);
      box.addEventListener("change", () => this.refresh());
      label.append(box, el("span", undefined, short));
      toggles.append(label);
    }
    this.replaceAllButton.type = "button";
    this.replaceAllButton.addEventListener("click", () => this.replace(this.matches));
    this.summary.setAttribute("role", "status");
    this.results.setAttribute("aria-label", "Matches");
    let timer: ReturnType<typeof setTimeout> | null = null;
    this.query.addEventListener("input", () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => this.refresh(), 120);
    });
    this.query.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && this.matches[0]) this.go(this.matches[0]);
    });
    form.append(this.query, toggles, this.replacement, this.replaceAllButton);
    this.root.append(form, this.summary, this.results);
    this.refresh();
  }

  private get findOptions(): FindOptions {
    return { caseSensitive: this.options.caseSensitive.checked, wholeWord: this.options.wholeWord.checked, regex: this.options.regex.checked };
  }

  /** Searches the document again (after an edit, or a change of query or options). */
  refresh(): void {
    const doc = this.actions.doc();
    const found = findMatches(doc.cells, this.query.value, this.findOptions);
    this.matches = isPatternError(found) ? [] : found;
    this.replaceAllButton.disabled = this.matches.length === 0;
    if (isPatternError(found)) this.summary.textContent = found.message;
    else if (this.query.value === "") this.summary.textContent = "Type to search every cell.";
    else {
      const cells = new Set(found.map((m) => m.cell)).size;
      this.summary.textContent =
        found.length === 0 ? "No matches." : `${found.length >= MAX_MATCHES ? "At least " : ""}${found.length} match${found.length === 1 ? "" : "es"} in ${cells} cell${cells === 1 ? "" : "s"}`;
    }
    const items: HTMLElement[] = [];
    let last = "";
    for (const match of this.matches) {
      if (match.cell !== last) {
        last = match.cell;
        items.push(el("li", "find-cell", `cell ${cellLabel(doc, match.cell)}`));
      }
      const li = el("li", "find-match");
      li.dataset.cell = match.cell;
      const go = el("button", "find-go");
      go.type = "button";
      go.title = `Go to line ${match.line} of cell ${match.index + 1}`;
      const start = match.column - 1;
      const end = Math.min(match.lineText.length, start + (match.to - match.from));
      const before = match.lineText.slice(Math.max(0, start - CONTEXT), start);
      go.append(el("span", "find-line", `${match.line}:`), (start > CONTEXT ? "…" : "") + before.trimStart(), el("mark", undefined, match.lineText.slice(start, end)), match.lineText.slice(end, end + 60));
      go.addEventListener("click", () => this.go(match));
      const one = el("button", "find-replace-one", "Replace");
      one.type = "button";
      one.title = "Replace this match";
      one.addEventListener("click", () => this.replace([match]));
      li.append(go, one);
      items.push(li);
    }
    this.results.replaceChildren(...items);
  }

  private go(match: Match): void {
    this.actions.select(match.cell, match.from, match.to);
  }

  private replace(matches: readonly Match[]): void {
    const tr = replaceTransaction(this.actions.doc(), matches, this.replacement.value, this.findOptions);
    if (tr) this.actions.dispatch(tr);
    this.refresh();
  }
}
