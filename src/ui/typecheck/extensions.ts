/**
 * The editor side of type checking: completions from the checker while typing (after an
 * identifier character or `.`, as in an IDE) and on Ctrl-Space, the type and documentation
 * of an identifier on hover, and a call's signature while its arguments are typed.
 * Diagnostics arrive by `setDiagnostics` (session.ts), which @codemirror/lint shows as
 * underlines with the message on hover, and problems.ts lists under the editor.
 *
 * Completion is kept cheap: @codemirror/autocomplete waits for a pause in typing
 * (`TYPING_DELAY_MS`), filters an open list itself as the word grows (`validFor`), and aborts
 * a query the user has typed past, which withdraws it from the worker's queue.
 */
import { autocompletion, type Completion, type CompletionContext, type CompletionResult, type CompletionSource } from "@codemirror/autocomplete";
import { syntaxTree } from "@codemirror/language";
import { StateEffect, StateField, type Extension } from "@codemirror/state";
import { EditorView, hoverTooltip, showTooltip, type Tooltip } from "@codemirror/view";
import { problemsList } from "./problems";
import { askDetails, askTypes, type TypedCell } from "./session";

/**
 * How long the editor waits for an answer before showing nothing. Typing never waits on it: a
 * question the user types past is aborted (and withdrawn), so a long wait only matters when the
 * checker is busy re-checking after an edit, when a late list is better than none.
 */
const COMPLETION_MS = 8_000;
const HOVER_MS = 2_000;
const SIGNATURE_MS = 1_000;
/**
 * Pause in typing before the list is asked for: short, so the list follows a `.` at once, and
 * shorter than the checker's pause (session.ts), so the question is answered before the
 * re-check of the edit starts in the worker (a cell's check is not interrupted).
 */
const TYPING_DELAY_MS = 50;
/** Syntax nodes where typing never opens the list (Ctrl-Space still does). */
const QUIET_NODES = new Set(["LineComment", "BlockComment"]);

// TypeScript's element kinds → CodeMirror's completion icons.
const ICONS: Record<string, string> = {
  const: "constant", let: "variable", var: "variable", "local var": "variable", parameter: "variable",
  function: "function", "local function": "function", method: "method", property: "property", getter: "property", setter: "property",
  class: "class", interface: "interface", type: "type", enum: "enum", module: "namespace", alias: "function", keyword: "keyword",
};

function block(className: string, text: string): HTMLElement {
  const element = document.createElement("div");
  element.className = className;
  element.textContent = text;
  return element;
}

/**
 * Whether typing (not Ctrl-Space) should open the list at the context's position: after an
 * identifier character or a `.` that follows an expression, and not in a comment or a number.
 */
export function completesWhileTyping(context: CompletionContext): boolean {
  const before = context.state.sliceDoc(Math.max(0, context.pos - 64), context.pos);
  const word = /[A-Za-z_$][\w$]*$/.exec(before);
  const member = /[\w$)\]]\s*\.$/.test(before) || /[\w$)\]]\s*\.[A-Za-z_$][\w$]*$/.test(before);
  if (!word && !member) return false;
  // `1.5`, `0x1f`: a number, not a name.
  if (/(?:^|[^\w$])\d[\w.]*$/.test(before)) return false;
  return !QUIET_NODES.has(syntaxTree(context.state).resolveInner(context.pos, -1).name);
}

/** The info box of a completion entry whose details were not in the list: its type, then its documentation. */
async function lateInfo(cell: TypedCell, pos: number, name: string): Promise<Node | null> {
  const info = (await askDetails(cell, pos, name, HOVER_MS))?.info;
  if (!info || (!info.detail && !info.documentation)) return null;
  const dom = document.createElement("div");
  dom.className = "cm-types-hover";
  dom.append(block("cm-types-signature", info.detail));
  if (info.documentation) dom.append(block("cm-types-doc", info.documentation));
  return dom;
}

/** The completion source for one cell: the checker's entries, or null when it has none. */
export function typesCompletionSource(cell: TypedCell): CompletionSource {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    if (!context.explicit && !completesWhileTyping(context)) return null;
    const abort = new AbortController();
    context.addEventListener("abort", () => abort.abort(), { onDocChange: true });
    const answer = await askTypes(cell, "completions", context.pos, COMPLETION_MS, abort.signal);
    if (!answer || context.aborted || answer.entries.length === 0) return null;
    const options: Completion[] = answer.entries.map((e, i) => ({
      label: e.name,
      type: ICONS[e.kind] ?? "text",
      ...(e.detail ? { detail: e.detail.split("\n")[0]!.slice(0, 120) } : {}),
      // An entry past the ones the list came with asks for its type and documentation when selected.
      ...(e.documentation ? { info: e.documentation } : e.detail === undefined ? { info: () => lateInfo(cell, context.pos, e.name) } : {}),
      boost: -Math.floor(i / 20),
    }));
    return { from: answer.from, options, validFor: /^[\w$]*$/ };
  };
}

/** The type and documentation of the identifier under the pointer. */
function typesHover(cell: TypedCell): Extension {
  return hoverTooltip(async (_view, pos) => {
    const answer = await askTypes(cell, "hover", pos, HOVER_MS);
    const info = answer?.info;
    if (!info) return null;
    return {
      pos: info.from,
      end: info.to,
      above: true,
      create: () => {
        const dom = document.createElement("div");
        dom.className = "cm-types-hover";
        dom.append(block("cm-types-signature", info.text));
        if (info.documentation) dom.append(block("cm-types-doc", info.documentation));
        return { dom };
      },
    };
  });
}

const setSignature = StateEffect.define<Tooltip | null>();

const signatureField = StateField.define<Tooltip | null>({
  create: () => null,
  update(tooltip, tr) {
    for (const effect of tr.effects) if (effect.is(setSignature)) return effect.value;
    if (!tooltip) return null;
    let closed = false;
    tr.changes.iterChanges((_fa, _ta, _fb, _tb, inserted) => (closed ||= inserted.toString() === ")"));
    if (closed) return null;
    // Leaving the call's line closes it; edits keep it in place until the next answer.
    const head = tr.state.selection.main.head;
    if (tr.state.doc.lineAt(head).number !== tr.state.doc.lineAt(Math.min(tooltip.pos, tr.state.doc.length)).number) return null;
    return tr.docChanged ? { ...tooltip, pos: tr.changes.mapPos(tooltip.pos) } : tooltip;
  },
  provide: (field) => showTooltip.from(field),
});

/** Shows the signature of the call being typed, after `(` or `,`; closes after `)`. */
function typesSignature(cell: TypedCell): Extension {
  let asked = 0;
  return [
    signatureField,
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      let typed = "";
      update.changes.iterChanges((_fa, _ta, _fb, _tb, inserted) => (typed = inserted.toString()));
      const view = update.view;
      if (typed !== "(" && typed !== ",") return;
      const pos = update.state.selection.main.head;
      const ticket = ++asked;
      void askTypes(cell, "signature", pos, SIGNATURE_MS).then((answer) => {
        if (ticket !== asked || view.state.selection.main.head !== pos) return;
        const info = answer?.info ?? null;
        view.dispatch({
          effects: setSignature.of(
            info && {
              pos,
              above: true,
              create: () => {
                const dom = document.createElement("div");
                dom.className = "cm-types-hover cm-types-call";
                dom.append(block("cm-types-signature", info.text));
                if (info.documentation) dom.append(block("cm-types-doc", info.documentation));
                return { dom };
              },
            },
          ),
        });
      });
    }),
    EditorView.domEventHandlers({ blur: (_event, view) => void view.dispatch({ effects: setSignature.of(null) }) }),
  ];
}

const typesTheme = EditorView.baseTheme({
  ".cm-types-hover": { maxWidth: "560px", padding: "4px 8px", fontSize: "12.5px" },
  ".cm-types-signature": { fontFamily: "var(--mono, monospace)", whiteSpace: "pre-wrap" },
  ".cm-types-doc": { marginTop: "4px", whiteSpace: "pre-wrap", color: "#444" },
});

/**
 * The cell's completion: the checker's entries (they include the cell's own names and the
 * keywords); while the checker is not running or has nothing, the language's own sources
 * (local names, keywords, snippets). One source object for the editor's life: the completion
 * plugin tells sources apart by identity, and a new one would restart its open queries.
 */
function typesCompletion(cell: TypedCell): Extension {
  const types = typesCompletionSource(cell);
  const source: CompletionSource = async (context) => {
    const answer = await types(context);
    if (answer || context.aborted) return answer;
    const own = context.state.languageDataAt<CompletionSource>("autocomplete", context.pos);
    for (const fallback of own) {
      const result = await fallback(context);
      if (result && result.options.length > 0) return result;
    }
    return null;
  };
  return autocompletion({ activateOnTyping: true, activateOnTypingDelay: TYPING_DELAY_MS, override: [source] });
}

/** Everything a code cell's editor needs from the checker (its completion configuration included). */
export function typesExtensions(cell: TypedCell): Extension {
  return [typesCompletion(cell), typesHover(cell), typesSignature(cell), problemsList(), typesTheme];
}
