/**
 * The one place cell-produced HTML enters the app's DOM, with one DOMPurify profile per use:
 *  - `preview`: a notebook not yet consented to. Nothing that can restyle or act on the page
 *    survives: no `<style>`, `style=`, class or id, forms or controls, meta, base, link or
 *    frames; URLs only as links, fragments and data: images.
 *  - `output`: after consent. Styles are allowed (the output is contained, see `contain.ts`)
 *    but fetch nothing; still no script, forms, meta, base, link, frames or popovers.
 *  - `export`: for the static HTML export, as `output` with URLs limited as in `preview`
 *    (the exporter's own filter runs after it).
 * The app's CSP is the second wall.
 */
import createDOMPurify, { type Config } from "dompurify";
import { markdownHtml } from "../../display/markdownHtml";
import { inertCss } from "../../store/inertHtml";

/** Which rules cleaning follows (see the module comment). */
export type SanitizeProfile = "preview" | "output" | "export";

// A `select` styled `appearance: base-select` opens its picker in the top layer, which no containment
// clips: one click on it covered the whole page, toolbar included. Outputs get no `select` (widgets
// draw their own, outside the output).
const ACTIVE_TAGS = ["script", "iframe", "frame", "frameset", "object", "embed", "base", "meta", "link", "form", "portal", "dialog", "template", "noscript", "select", "selectedcontent"];
const ACTIVE_ATTRS = ["formaction", "action", "popover", "popovertarget", "popovertargetaction", "autofocus", "accesskey", "srcdoc", "http-equiv", "ping", "srcset"];
const LOCAL_URLS = /^(?:https?:|mailto:|#|data:image\/)/i;

const CONFIGS: Record<SanitizeProfile, Config> = {
  preview: {
    FORBID_TAGS: [...ACTIVE_TAGS, "style", "input", "button", "textarea", "option", "label", "fieldset"],
    FORBID_ATTR: [...ACTIVE_ATTRS, "style", "class", "id", "name", "tabindex"],
    ALLOWED_URI_REGEXP: LOCAL_URLS,
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ["target"],
  },
  output: { FORBID_TAGS: ACTIVE_TAGS, FORBID_ATTR: ACTIVE_ATTRS, ADD_ATTR: ["target"], FORCE_BODY: true },
  export: { FORBID_TAGS: ACTIVE_TAGS, FORBID_ATTR: ACTIVE_ATTRS, ALLOWED_URI_REGEXP: LOCAL_URLS, ALLOW_DATA_ATTR: false, ADD_ATTR: ["target"], FORCE_BODY: true },
};

function purifier(profile: SanitizeProfile) {
  const purify = createDOMPurify(window);
  // Links in outputs open in a new tab, without a handle back to the app or a referrer, so a
  // click can never navigate the notebook away: every element that can be followed (HTML `a` and
  // `area`, SVG `a`, by `href` or `xlink:href`), whatever target it asked for; any other element
  // loses its `target`. (SVG links and image maps kept `target="_top"` and took the app's tab.)
  purify.addHook("afterSanitizeAttributes", (node) => {
    const followable = /^(a|area)$/i.test(node.tagName) && (node.hasAttribute("href") || node.hasAttribute("xlink:href"));
    if (followable) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
      node.setAttribute("referrerpolicy", "no-referrer");
    } else if (node.hasAttribute("target")) node.removeAttribute("target");
    if (profile !== "preview" && node.hasAttribute("style")) node.setAttribute("style", inertCss(node.getAttribute("style")!));
  });
  // Styles stay (contained), but cannot fetch anything: no @import, no remote url().
  purify.addHook("uponSanitizeElement", (node, data) => {
    if (data.tagName === "style" && profile !== "preview") node.textContent = inertCss(node.textContent ?? "");
  });
  return purify;
}

const purifiers = new Map<SanitizeProfile, ReturnType<typeof createDOMPurify>>();

/** Sanitised HTML (or SVG) for `innerHTML`, by `profile` (`output` unless said). */
export function sanitize(html: string, profile: SanitizeProfile = "output"): string {
  let purify = purifiers.get(profile);
  if (!purify) purifiers.set(profile, (purify = purifier(profile)));
  return purify.sanitize(html, CONFIGS[profile]) as string;
}

/** HTML for the static export: the `export` profile (pass this to `exportHtml` as its sanitiser). */
export function sanitizeForExport(html: string): string {
  return sanitize(html, "export");
}

/** Markdown rendered with marked (within limits: src/display/markdownHtml.ts), then sanitised by `profile`. */
export function markdownToHtml(markdown: string, profile: SanitizeProfile = "output"): string {
  return sanitize(markdownHtml(markdown), profile);
}
