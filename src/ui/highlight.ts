/**
 * Syntax colours for the editor as CSS variables (`--tok-*`, set for light and dark in
 * styles.css): one highlight style serves both themes. The tags and light colours are
 * CodeMirror's `defaultHighlightStyle`.
 */
import { HighlightStyle } from "@codemirror/language";
import { tags } from "@lezer/highlight";

/** The editor's highlight style, coloured by the page's theme variables. */
export const themedHighlightStyle = HighlightStyle.define([
  { tag: tags.meta, color: "var(--tok-meta)" },
  { tag: tags.link, textDecoration: "underline" },
  { tag: tags.heading, textDecoration: "underline", fontWeight: "bold" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strong, fontWeight: "bold" },
  { tag: tags.strikethrough, textDecoration: "line-through" },
  { tag: tags.keyword, color: "var(--tok-keyword)" },
  { tag: [tags.atom, tags.bool, tags.url, tags.contentSeparator, tags.labelName], color: "var(--tok-atom)" },
  { tag: [tags.literal, tags.inserted], color: "var(--tok-literal)" },
  { tag: [tags.string, tags.deleted], color: "var(--tok-string)" },
  { tag: [tags.regexp, tags.escape, tags.special(tags.string)], color: "var(--tok-regexp)" },
  { tag: tags.definition(tags.variableName), color: "var(--tok-definition)" },
  { tag: tags.local(tags.variableName), color: "var(--tok-local)" },
  { tag: [tags.typeName, tags.namespace], color: "var(--tok-type)" },
  { tag: tags.className, color: "var(--tok-class)" },
  { tag: [tags.special(tags.variableName), tags.macroName], color: "var(--tok-special)" },
  { tag: tags.definition(tags.propertyName), color: "var(--tok-property)" },
  { tag: tags.comment, color: "var(--tok-comment)" },
  { tag: tags.invalid, color: "var(--tok-invalid)" },
]);
