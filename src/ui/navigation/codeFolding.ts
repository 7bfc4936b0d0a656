/**
 * Code folding inside a cell's editor: CodeMirror's fold gutter over the language's syntax
 * tree (blocks, objects, arrays, functions), with its keys (Ctrl-Shift-[ folds,
 * Ctrl-Shift-] unfolds, Ctrl-Alt-[ / Ctrl-Alt-] all).
 */
import { foldGutter, foldKeymap } from "@codemirror/language";
import type { Extension } from "@codemirror/state";
import { keymap } from "@codemirror/view";

/** The fold gutter and its keys, for every cell editor. */
export function codeFolding(): Extension {
  return [foldGutter({ openText: "⌄", closedText: "›" }), keymap.of(foldKeymap)];
}
