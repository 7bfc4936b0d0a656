/**
 * One CodeMirror 6 editor per cell: TypeScript (or Markdown) highlighting, bracket
 * matching and closing, its own undo history, the notebook's run keys, and a line
 * highlight for errors.
 */
import { closeBrackets, closeBracketsKeymap, autocompletion, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, highlightActiveLine, keymap, lineNumbers, type DecorationSet, type KeyBinding } from "@codemirror/view";
import type { CellKind } from "../kernel/types";

/** Sets (a 1-based line number) or clears (null) the error line highlight. */
export const setErrorLine = StateEffect.define<number | null>();

const errorLineField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, tr) {
    for (const effect of tr.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      if (line === null || line < 1 || line > tr.state.doc.lines) return Decoration.none;
      return Decoration.set([Decoration.line({ class: "cm-error-line" }).range(tr.state.doc.line(line).from)]);
    }
    return tr.docChanged ? decorations.map(tr.changes) : decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** What the editor tells its cell. */
export interface EditorHooks {
  onChange(text: string): void;
  /** Keys the notebook handles while this editor has focus (run, move, leave). */
  keys: readonly KeyBinding[];
  onFocus(): void;
}

const theme = EditorView.theme({
  "&": { fontSize: "13.5px" },
  ".cm-content": { fontFamily: "var(--mono)", padding: "6px 0" },
  ".cm-gutters": { backgroundColor: "transparent", border: "none", color: "#a3a9b3" },
  ".cm-error-line": { backgroundColor: "rgba(220, 53, 69, 0.12)" },
  "&:not(.cm-focused) .cm-activeLine": { backgroundColor: "transparent" },
  "&:not(.cm-focused) .cm-error-line": { backgroundColor: "rgba(220, 53, 69, 0.12)" },
  "&.cm-focused": { outline: "none" },
});

// Markdown highlighting (with the HTML and CSS grammars it embeds) is loaded when a Markdown
// cell is first edited, keeping it out of the app's start-up bundle.
let markdownLanguage: Promise<Extension> | null = null;
function loadMarkdown(): Promise<Extension> {
  markdownLanguage ??= import("@codemirror/lang-markdown").then((m) => m.markdown());
  return markdownLanguage;
}

function language(kind: CellKind): Extension {
  return kind === "markdown" ? [] : javascript({ typescript: true });
}

/** A cell editor. `language` can be swapped when the cell's kind changes. */
export class CellEditor {
  readonly view: EditorView;
  private readonly languageSlot = new Compartment();
  private kind: CellKind;

  constructor(parent: HTMLElement, text: string, kind: CellKind, hooks: EditorHooks) {
    this.kind = kind;
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: text,
        extensions: [
          keymap.of([...hooks.keys]),
          lineNumbers(),
          history(),
          bracketMatching(),
          closeBrackets(),
          indentOnInput(),
          autocompletion({ activateOnTyping: false }),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          this.languageSlot.of(language(kind)),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
          errorLineField,
          EditorView.lineWrapping,
          theme,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) hooks.onChange(update.state.doc.toString());
            if (update.focusChanged && update.view.hasFocus) hooks.onFocus();
          }),
        ],
      }),
    });
    if (kind === "markdown") (window.requestIdleCallback ?? setTimeout)(() => this.upgradeMarkdown());
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replaces the text (an undo at the notebook level, a load); no change event loops back. */
  setText(text: string): void {
    if (text === this.text) return;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  setKind(kind: CellKind): void {
    this.kind = kind;
    this.view.dispatch({ effects: this.languageSlot.reconfigure(language(kind)) });
    if (kind === "markdown") this.upgradeMarkdown();
  }

  private upgradeMarkdown(): void {
    void loadMarkdown().then((extension) => {
      if (this.kind === "markdown") this.view.dispatch({ effects: this.languageSlot.reconfigure(extension) });
    });
  }

  /** Highlights a 1-based line, or clears the highlight. */
  markLine(line: number | null): void {
    this.view.dispatch({ effects: setErrorLine.of(line) });
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    this.view.destroy();
  }
}
