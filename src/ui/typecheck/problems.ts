/**
 * The list of a cell's type diagnostics under its editor: a count ("2 type errors") and one
 * line per diagnostic, `line:col message`, which moves the cursor there when clicked (or on
 * Enter). It reads the diagnostics @codemirror/lint holds (set by session.ts), so it follows
 * them through edits, and it is shown only while there are some. It never blocks running.
 */
import { diagnosticCount, forEachDiagnostic, type Diagnostic } from "@codemirror/lint";
import { StateField, type EditorState, type Extension } from "@codemirror/state";
import { EditorView, showPanel, type Panel, type ViewUpdate } from "@codemirror/view";

/** One entry of the list: where it is in the cell (1-based line and column) and what it says. */
export interface Problem {
  from: number;
  line: number;
  column: number;
  severity: Diagnostic["severity"];
  message: string;
}

/** The diagnostics of `state` in document order, placed by line and column. */
export function problemsOf(state: EditorState): Problem[] {
  const found: Problem[] = [];
  forEachDiagnostic(state, (d, from) => {
    const line = state.doc.lineAt(from);
    found.push({ from, line: line.number, column: from - line.from + 1, severity: d.severity, message: d.message });
  });
  return found.sort((a, b) => a.from - b.from);
}

/** "2 type errors, 1 warning": the count of each severity present, errors first. */
export function problemSummary(problems: readonly Pick<Problem, "severity">[]): string {
  const count = (severity: Problem["severity"]) => problems.filter((p) => p.severity === severity).length;
  const parts: string[] = [];
  const errors = count("error"), warnings = count("warning"), others = problems.length - errors - warnings;
  if (errors) parts.push(`${errors} type error${errors === 1 ? "" : "s"}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  if (others) parts.push(`${others} note${others === 1 ? "" : "s"}`);
  return parts.join(", ");
}

/** Puts the cursor at `from` in `view`, scrolled into sight, and focuses the editor. */
export function jumpTo(view: EditorView, from: number): void {
  const at = Math.min(from, view.state.doc.length);
  view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
  view.focus();
}

function render(view: EditorView, dom: HTMLElement): string {
  const problems = problemsOf(view.state);
  const key = JSON.stringify(problems);
  if (dom.dataset.key === key) return key;
  dom.dataset.key = key;
  const summary = document.createElement("div");
  summary.className = "cm-types-summary";
  summary.textContent = problemSummary(problems);
  const list = document.createElement("ul");
  list.className = "cm-types-list";
  for (const p of problems) {
    const item = document.createElement("li");
    item.className = `cm-types-problem cm-types-${p.severity}`;
    item.tabIndex = 0;
    item.setAttribute("role", "button");
    item.title = "Go to this place in the cell";
    const at = document.createElement("span");
    at.className = "cm-types-at";
    at.textContent = `${p.line}:${p.column}`;
    const message = document.createElement("span");
    message.className = "cm-types-message";
    message.textContent = p.message;
    item.append(at, message);
    // mousedown, not click: the editor must not take the click's focus change back.
    item.addEventListener("mousedown", (event) => {
      event.preventDefault();
      jumpTo(view, p.from);
    });
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        jumpTo(view, p.from);
      }
    });
    list.append(item);
  }
  dom.replaceChildren(summary, list);
  return key;
}

function problemsPanel(view: EditorView): Panel {
  const dom = document.createElement("div");
  dom.className = "cm-types-problems";
  dom.setAttribute("aria-label", "Type diagnostics of this cell");
  render(view, dom);
  return {
    dom,
    update: (update: ViewUpdate) => {
      if (update.docChanged || update.transactions.length > 0) render(update.view, dom);
    },
  };
}

// Whether the cell has diagnostics: the panel exists only then (no empty frame under clean cells).
const hasProblems = StateField.define<boolean>({
  create: (state) => diagnosticCount(state) > 0,
  update: (_value, tr) => diagnosticCount(tr.state) > 0,
  provide: (field) => showPanel.from(field, (on) => (on ? problemsPanel : null)),
});

const problemsTheme = EditorView.baseTheme({
  ".cm-types-problems": { padding: "2px 8px 4px", fontSize: "12px", borderTop: "1px solid #e4e6ea", background: "#fcfcfd" },
  ".cm-types-summary": { fontWeight: "600", color: "#b3261e", margin: "2px 0" },
  ".cm-types-list": { listStyle: "none", margin: "0", padding: "0" },
  ".cm-types-problem": { cursor: "pointer", padding: "1px 2px", borderRadius: "3px", whiteSpace: "pre-wrap" },
  ".cm-types-problem:hover, .cm-types-problem:focus": { background: "#eef2f8", outline: "none" },
  ".cm-types-at": { fontFamily: "var(--mono, monospace)", color: "#6b7280", marginRight: "8px" },
  ".cm-types-warning .cm-types-at": { color: "#8a6d00" },
});

/** The per-cell list of type diagnostics. */
export function problemsList(): Extension {
  return [hasProblems, problemsTheme];
}
