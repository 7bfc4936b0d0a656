/**
 * One CodeMirror 6 editor per cell: TypeScript (or Markdown) highlighting, bracket
 * matching and closing, its own undo history, the notebook's run keys, a line highlight
 * for errors, and the type checker's underlines, completions, hover and signature help
 * (src/ui/typecheck/; the checker starts after the notebook has opened).
 */
import { closeBrackets, closeBracketsKeymap, closeCompletion, completionKeymap, completionStatus } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState, Prec, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, highlightActiveLine, keymap, lineNumbers, placeholder, type DecorationSet, type KeyBinding } from "@codemirror/view";
import type { CellKind } from "../kernel/types";
import { themedHighlightStyle } from "./highlight";
import { typesExtensions } from "./typecheck/extensions";
import { registerCell, type TypedCell } from "./typecheck/session";
import { codeFolding } from "./navigation/codeFolding";
import { afterFrame, nextTask, whenIdle } from "./dom";

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
  ".cm-gutters": { backgroundColor: "transparent", border: "none", color: "var(--gutter-text)" },
  ".cm-error-line": { backgroundColor: "rgba(220, 53, 69, 0.12)" },
  "&:not(.cm-focused) .cm-activeLine": { backgroundColor: "transparent" },
  "&:not(.cm-focused) .cm-error-line": { backgroundColor: "rgba(220, 53, 69, 0.12)" },
  "&.cm-focused": { outline: "none" },
});

// Markdown highlighting (with the HTML and CSS grammars it embeds) is loaded when a Markdown
// cell is first edited, keeping it out of the app's start-up bundle.
let markdownLanguage: Promise<Extension> | null = null;
function loadMarkdown(): Promise<Extension> {
  // Its module's evaluation and the grammar's set-up are two tasks (together 66 ms on a loaded machine).
  markdownLanguage ??= import("@codemirror/lang-markdown").then(async (m) => {
    await nextTask();
    return m.markdown();
  });
  return markdownLanguage;
}

/** What an empty editor says (a new notebook is one empty cell: this is its hint). */
export function emptyHint(kind: CellKind): string {
  return kind === "markdown"
    ? "Markdown, with ${expr} for values · Shift-Enter shows it · Esc y makes it code"
    : "TypeScript, e.g. const rate = 0.1 · Shift-Enter runs · Esc m makes it Markdown";
}

/**
 * The editor's attributes for assistive technology: its name, and out of the Tab order. A
 * keyboard user reaches the cell itself (command mode) and presses Enter to edit, so Tab
 * never walks into an editor, and inside one (edit mode) Tab indents until Esc leaves.
 */
function contentAttributes(label: string): Extension {
  return EditorView.contentAttributes.of({ "aria-label": label, tabindex: "-1" });
}

function language(kind: CellKind): Extension {
  return kind === "markdown" ? [] : javascript({ typescript: true });
}

/**
 * Editors are built when their cell comes near the viewport, or when idle time allows,
 * never all at once: a notebook of a thousand cells would otherwise spend seconds of
 * main-thread time building editors nobody looks at. Until then the cell shows its text
 * in a plain block with the editor's font, which turns into the editor on first touch.
 */
// (Each editor built forces a layout of the page when it first measures: a wide margin
// built some fifty at a time on a jump through a long notebook.)
const NEAR_VIEWPORT = "200px";
/** Milliseconds of an idle period spent building editors ahead of need. */
const IDLE_BUDGET_MS = 8;
/** Up to this many cells, every editor is built ahead of need in idle time; past it, only near the viewport. */
const BUILD_AHEAD_UP_TO = 200;
/** How many cells the open notebook has (see `expectCells`). */
let notebookCells = 0;

/**
 * The open notebook has `count` cells: past BUILD_AHEAD_UP_TO, no editor is built ahead of
 * need. (Its views are made in batches, and the old notebook's leave in idle time, so the
 * editors that exist at a moment say little of the open notebook's length.)
 */
export function expectCells(count: number): void {
  notebookCells = count;
  scheduleIdle();
}

const waiting = new Set<CellEditor>();
let observer: IntersectionObserver | null = null;
let idleScheduled = false;

function watch(editor: CellEditor, element: HTMLElement): void {
  waiting.add(editor);
  observer ??=
    typeof IntersectionObserver === "undefined"
      ? null
      : new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              const editor = owners.get(entry.target);
              if (editor && entry.isIntersecting) due.add(editor);
              else if (editor) due.delete(editor);
            }
            scheduleDue();
          },
          { rootMargin: NEAR_VIEWPORT },
        );
  owners.set(element, editor);
  scheduleIdle();
}

/**
 * Whether an editor not built yet is within the notebook's wider reach of the viewport (its
 * cell's view hears that, notebookView.ts): only then is its stand-in watched for coming within
 * NEAR_VIEWPORT. A thousand stand-ins watched at once cost every frame that moved anything
 * ~10 ms of intersection checks.
 */
function watchNear(editor: CellEditor, element: HTMLElement, near: boolean): void {
  if (near) return void observer?.observe(element);
  observer?.unobserve(element);
  due.delete(editor);
}

/**
 * Whether a built editor hears the window's scrolls. CodeMirror has every editor listen to
 * them, and each one, on each scroll, reads its own layout (and measures itself if on screen):
 * with the 1,000-cell chain's editors all built (scrolled through once), a scroll event cost
 * the page 12 ms on average and 41–45 ms at worst before anything was drawn (0.4–0.5 ms on
 * average with only the editors near the viewport listening). An editor far from the
 * viewport stops listening; its own intersection observer still tells it when it comes into
 * view, and it listens again once its cell is near. (CodeMirror's `observer` is not public
 * API: if a later version moves it, every editor simply keeps listening, as before.)
 */
function hearScrolls(view: EditorView, hear: boolean): void {
  const observer = (view as unknown as { observer?: { win?: Window; onScroll?: EventListener } }).observer;
  if (!observer?.win || typeof observer.onScroll !== "function") return;
  if (hear) observer.win.addEventListener("scroll", observer.onScroll);
  else observer.win.removeEventListener("scroll", observer.onScroll);
}

const owners = new WeakMap<Element, CellEditor>();
/** Editors near the viewport not built yet: built a frame's budget at a time (a jump to the end brings dozens at once). */
const due = new Set<CellEditor>();
/** Milliseconds of editor building per frame for those near the viewport. */
const FRAME_BUDGET_MS = 6;
/**
 * …and at most this many a frame: each new editor measures itself in the next frame, forcing
 * a layout of the page, so twenty built in one frame make the next one a long task.
 */
const FRAME_MAX_EDITORS = 6;
let dueScheduled = false;

/**
 * Builds the editors due, a frame's budget of them, just after a frame (the page's layout is
 * then up to date): all of them off the page first, then all placed. CodeMirror reads the page's
 * selection as an editor starts, and that lays the page out again whenever anything changed
 * since; placed one by one, every editor after the first paid for a layout of the page.
 */
function mountDue(): void {
  const start = performance.now();
  const built: [CellEditor, EditorView][] = [];
  for (const editor of due) {
    if (performance.now() - start > FRAME_BUDGET_MS || built.length >= FRAME_MAX_EDITORS) break;
    due.delete(editor);
    built.push([editor, editor.build()]);
  }
  for (const [editor, view] of built) editor.place(view);
  scheduleDue();
}

/** Builds the editors due after the next frame (see mountDue). */
function scheduleDue(): void {
  if (due.size === 0 || dueScheduled) return;
  dueScheduled = true;
  afterFrame(() => {
    dueScheduled = false;
    mountDue();
  });
}

function unwatch(editor: CellEditor, element: HTMLElement): void {
  waiting.delete(editor);
  due.delete(editor);
  observer?.unobserve(element);
}

/** While set, editors are built only when near the viewport, not ahead of need (see holdBuildAhead). */
let aheadHeld: Promise<unknown> | null = null;

/**
 * Builds no editor ahead of need until `until` settles: the app passes the opened notebook's
 * first computation, which shares the machine's cores with the page (on two cores, the
 * editors built in the page's idle time slowed the kernel worker's start). Editors near the
 * viewport, or touched, are built as always.
 */
export function holdBuildAhead(until: Promise<unknown>): void {
  const gate = until.then(release, release);
  aheadHeld = gate;
  function release(): void {
    // (A later hold replaces this one.)
    if (aheadHeld !== gate) return;
    aheadHeld = null;
    scheduleIdle();
  }
}

function scheduleIdle(): void {
  if (aheadHeld || idleScheduled || waiting.size === 0 || notebookCells > BUILD_AHEAD_UP_TO) return;
  idleScheduled = true;
  whenIdle((deadline) => {
    idleScheduled = false;
    const start = performance.now();
    for (const editor of waiting) {
      if (performance.now() - start > IDLE_BUDGET_MS || deadline.timeRemaining() <= 0) break;
      editor.mount();
    }
    scheduleIdle();
  }, IDLE_BUDGET_MS);
}

/** The extensions of a cell's editor; `slots` are its parts that can be swapped later. */
function cellExtensions(kind: CellKind, hooks: EditorHooks, typed: TypedCell, slots: { language: Extension; label: Extension; hint: Extension }): Extension {
  return [
    keymap.of(hooks.keys.map(closingCompletion)),
    escapeLeaves(hooks.keys),
    lineNumbers(),
    codeFolding(),
    history(),
    bracketMatching(),
    closeBrackets(),
    indentOnInput(),
    highlightActiveLine(),
    syntaxHighlighting(themedHighlightStyle, { fallback: true }),
    slots.language,
    slots.label,
    slots.hint,
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
    errorLineField,
    EditorView.lineWrapping,
    theme,
    typesExtensions(typed),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) typed.changed();
      if (update.docChanged) hooks.onChange(update.state.doc.toString());
      if (update.focusChanged && update.view.hasFocus) hooks.onFocus();
    }),
  ];
}

/** A cell's text for the warm-up: the syntax notebooks are made of (types, functions, templates, comments). */
const WARM_UP_SOURCE = [
  "// tariff lines by partner",
  "const rates: Record<string, number> = { kgz: 0.05, eaeu: 0.1 };",
  "function total(rows: { value: number; name?: string }[]): number {",
  "  return rows.reduce((sum, row) => sum + row.value * (rates[row.name ?? \"kgz\"] ?? 1), 0);",
  "}",
  "const label = `total ${total([{ value: 2, name: \"eaeu\" }]).toFixed(2)}` as const;",
].join("\n");

/**
 * Builds and shows one throwaway editor, out of sight and in four tasks (the grammar's first
 * parse, the editor's state, its view, its first measure), then removes it: the first editors of a
 * notebook were the slowest code on a first visit (a 1,000-cell link's first screen built them
 * in one task of 50–113 ms on two cores, two thirds of it CodeMirror's and the grammar's code
 * running for the first time). The app starts this as soon as its page is built; the notebook's
 * own tasks run between the steps.
 */
export async function warmUpEditor(host: HTMLElement): Promise<void> {
  await nextTask();
  // The grammar's first parse alone was half of the state's task.
  javascript({ typescript: true }).language.parser.parse(WARM_UP_SOURCE);
  await nextTask();
  const hooks: EditorHooks = { onChange: () => {}, keys: [], onFocus: () => {} };
  const typed: TypedCell = { id: "warm-up", changed: () => {}, setKind: () => {}, attach: () => {}, remove: () => {} };
  const state = EditorState.create({
    doc: WARM_UP_SOURCE,
    extensions: cellExtensions("code", hooks, typed, { language: language("code"), label: contentAttributes("warm-up"), hint: placeholder(emptyHint("code")) }),
  });
  await nextTask();
  const box = document.createElement("div");
  box.setAttribute("aria-hidden", "true");
  box.style.cssText = "position:fixed;left:-10000px;top:0;width:480px;visibility:hidden;contain:strict;height:200px";
  const view = new EditorView({ state });
  box.append(view.dom);
  host.append(box);
  // Gone once it has measured itself (CodeMirror measures in the next frame).
  await new Promise<void>((resolve) => afterFrame(resolve));
  view.destroy();
  box.remove();
  performance.mark("caravan:editor-warmed");
}

/** A cell editor. `language` can be swapped when the cell's kind changes. */
export class CellEditor {
  private editor: EditorView | null = null;
  private readonly languageSlot = new Compartment();
  private readonly labelSlot = new Compartment();
  private readonly hintSlot = new Compartment();
  private label = "Cell";
  private kind: CellKind;
  private pending: string;
  private errorLine: number | null = null;
  private readonly placeholder = placeholderElement();
  private readonly typed: TypedCell;
  private destroyed = false;
  /** Whether the cell left the notebook (see `retire`). */
  private retired = false;
  /** Whether the cell is within the notebook's wider reach of the viewport, as last told (setNear). */
  private near = true;

  constructor(
    private readonly parent: HTMLElement,
    text: string,
    kind: CellKind,
    private readonly hooks: EditorHooks,
  ) {
    this.kind = kind;
    this.pending = text;
    this.placeholder.textContent = text || " ";
    this.placeholder.setAttribute("aria-label", this.label);
    this.placeholder.dataset.hint = emptyHint(kind);
    if (!text) this.placeholder.classList.add("blank");
    parent.append(this.placeholder);
    watch(this, this.placeholder);
    this.typed = registerCell(parent, kind, () => this.text);
  }

  /**
   * The stand-in was pressed (`how`: "press") or focused: the first touch builds the editor and
   * puts the caret in it. The cell's view hears these for it (one listener for all cells,
   * notebookView.ts); anything but this editor's stand-in is ignored.
   */
  touched(target: EventTarget | null, how: "press" | "focus"): void {
    if (target !== this.placeholder || this.editor) return;
    if (how === "press") queueMicrotask(() => this.focus());
    else this.focus();
  }

  /** The cell came within (true) or left (false) the notebook's wider reach of the viewport (see watchNear, hearScrolls). */
  setNear(near: boolean): void {
    this.near = near;
    if (this.destroyed || this.retired) return;
    if (this.editor) hearScrolls(this.editor, near);
    else watchNear(this, this.placeholder, near);
  }

  /** The CodeMirror view (built now if it was not yet). */
  get view(): EditorView {
    return this.mount();
  }

  /** Builds the editor if it is not built yet, in its stand-in's place. */
  mount(): EditorView {
    return this.editor ?? this.place(this.build());
  }

  /**
   * Builds the editor off the page (mountDue builds a batch, then places them all: CodeMirror
   * reads the page's selection as it starts, which lays out the page again after every editor
   * already placed).
   */
  build(): EditorView {
    if (this.editor) return this.editor;
    unwatch(this, this.placeholder);
    const hooks = this.hooks;
    return new EditorView({
      state: EditorState.create({
        doc: this.pending,
        extensions: cellExtensions(this.kind, hooks, this.typed, {
          language: this.languageSlot.of(language(this.kind)),
          label: this.labelSlot.of(contentAttributes(this.label)),
          hint: this.hintSlot.of(placeholder(emptyHint(this.kind))),
        }),
      }),
    });
  }

  /** Puts `view` (from build) in the stand-in's place. */
  place(view: EditorView): EditorView {
    if (this.editor) return this.editor;
    this.editor = view;
    this.placeholder.replaceWith(this.editor.dom);
    if (!this.near) hearScrolls(this.editor, false);
    this.typed.attach(this.editor);
    if (this.errorLine !== null) this.editor.dispatch({ effects: setErrorLine.of(this.errorLine) });
    if (this.kind === "markdown") (window.requestIdleCallback ?? setTimeout)(() => this.upgradeMarkdown());
    return this.editor;
  }

  get text(): string {
    return this.editor ? this.editor.state.doc.toString() : this.pending;
  }

  /** Replaces the text (an undo at the notebook level, a load); no change event loops back. */
  setText(text: string): void {
    if (text === this.text) return;
    if (!this.editor) {
      this.pending = text;
      this.placeholder.textContent = text || " ";
      this.placeholder.classList.toggle("blank", !text);
      this.typed.changed();
      return;
    }
    this.editor.dispatch({ changes: { from: 0, to: this.editor.state.doc.length, insert: text } });
  }

  setKind(kind: CellKind): void {
    this.kind = kind;
    this.typed.setKind(kind);
    this.placeholder.dataset.hint = emptyHint(kind);
    if (!this.editor) return;
    this.editor.dispatch({ effects: [this.languageSlot.reconfigure(language(kind)), this.hintSlot.reconfigure(placeholder(emptyHint(kind)))] });
    if (kind === "markdown") this.upgradeMarkdown();
  }

  private upgradeMarkdown(): void {
    void loadMarkdown().then((extension) => {
      if (this.kind === "markdown" && !this.destroyed) this.editor?.dispatch({ effects: this.languageSlot.reconfigure(extension) });
    });
  }

  /** Names the editor for assistive technology ("Cell 3, defines tariffs, rates"). */
  setLabel(label: string): void {
    if (label === this.label) return;
    this.label = label;
    this.placeholder.setAttribute("aria-label", label);
    this.editor?.dispatch({ effects: this.labelSlot.reconfigure(contentAttributes(label)) });
  }

  /** Whether the editor (built) has the keyboard focus: edit mode. */
  get focused(): boolean {
    return this.editor?.hasFocus ?? false;
  }

  /** Highlights a 1-based line, or clears the highlight. */
  markLine(line: number | null): void {
    // Unchanged: no transaction (each one makes the editor measure the page again).
    if (line === this.errorLine) return;
    this.errorLine = line;
    this.editor?.dispatch({ effects: setErrorLine.of(line) });
  }

  /** Asks a built editor to measure its (wrapped) lines again; an unbuilt one has nothing to measure. */
  requestMeasure(): void {
    this.editor?.requestMeasure();
  }

  focus(): void {
    this.mount().focus();
  }

  /**
   * The cell left the notebook, its DOM waiting for idle time to go (cellView.ts `depart`):
   * from now on its editor is not built (ahead of need or near the viewport) and the type
   * checker no longer reads its text with the open notebook's. Built ahead in idle time, the
   * old notebook's editors measured themselves in its leaving sections (26–62 ms frames while
   * a picked file's preview was built), and the checker saw both notebooks' names as one.
   */
  retire(): void {
    if (this.retired) return;
    this.retired = true;
    unwatch(this, this.placeholder);
    if (this.editor) hearScrolls(this.editor, false);
    this.typed.remove();
  }

  destroy(): void {
    this.destroyed = true;
    this.retire();
    this.editor?.destroy();
    this.placeholder.remove();
  }
}

/**
 * A notebook command typed in the editor (run, move, insert…) acts on the cell, not on the
 * text, so a completion list left open by the last word typed goes with it: otherwise the
 * list outlived the run and took the next Esc, which then did not leave the editor.
 */
function closingCompletion(binding: KeyBinding): KeyBinding {
  const run = binding.run;
  if (!run || binding.key === "Escape") return binding;
  return {
    ...binding,
    run: (view) => {
      const done = run(view);
      if (done && completionStatus(view.state) !== null) closeCompletion(view);
      return done;
    },
  };
}

/**
 * Esc leaves the editor (the notebook's Escape binding) unless a completion list is shown, which
 * it closes first. A completion question still waiting for the type checker is withdrawn and
 * does not hold the key: autocomplete's own Escape would otherwise take it while nothing shows.
 */
function escapeLeaves(keys: readonly KeyBinding[]): Extension {
  const leave = keys.find((k) => k.key === "Escape")?.run;
  return Prec.highest(
    keymap.of([
      {
        key: "Escape",
        run: (view) => {
          if (!leave || completionStatus(view.state) === "active") return false;
          if (completionStatus(view.state) === "pending") closeCompletion(view);
          return leave(view);
        },
      },
    ]),
  );
}

let placeholderTemplate: HTMLPreElement | null = null;

/** A fresh stand-in for an editor not built yet (cloned: a thousand cells set its fixed attributes once). */
function placeholderElement(): HTMLPreElement {
  if (!placeholderTemplate) {
    placeholderTemplate = document.createElement("pre");
    placeholderTemplate.className = "cm-placeholder-text";
    placeholderTemplate.tabIndex = -1;
    placeholderTemplate.setAttribute("role", "textbox");
    placeholderTemplate.setAttribute("aria-multiline", "true");
  }
  return placeholderTemplate.cloneNode(false) as HTMLPreElement;
}
