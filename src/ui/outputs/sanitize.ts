/**
 * The one place cell-produced HTML enters the app's DOM. DOMPurify strips scripts, event
 * handlers, `javascript:` URLs, frames and forms' actions; the app's CSP is the second wall.
 */
import DOMPurify from "dompurify";
import { marked } from "marked";

const FORBID_TAGS = ["script", "iframe", "frame", "object", "embed", "base", "meta", "link", "form"];

// Links in outputs open in a new tab, without a handle back to the app or a referrer, so a
// click can never navigate the notebook away.
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

/** Sanitised HTML (or SVG) for `innerHTML`. */
export function sanitize(html: string): string {
  return DOMPurify.sanitize(html, { FORBID_TAGS, ADD_ATTR: ["target"] }) as string;
}

/** Markdown rendered with marked, then sanitised. */
export function markdownToHtml(markdown: string): string {
  return sanitize(marked.parse(markdown, { async: false, gfm: true }) as string);
}

/** An element holding sanitised HTML. */
export function htmlElement(html: string, className: string): HTMLElement {
  const div = document.createElement("div");
  div.className = className;
  div.innerHTML = sanitize(html);
  return div;
}
