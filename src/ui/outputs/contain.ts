/**
 * Cell HTML, SVG and Markdown are shown inside a shadow root, in a box the page styles with
 * `contain: paint`: rules in an output apply only inside its shadow root, and a fixed or
 * absolutely positioned element is placed and clipped relative to the box. So an output can
 * neither restyle nor cover the toolbar, the consent control or other cells.
 *
 * The box (`.output-contained`) is a light-DOM element no output rule can reach; the shadow
 * host inside it can be restyled by `:host` rules, which is why the containment sits on the
 * box and not on the host.
 */
import { sanitize, type SanitizeProfile } from "./sanitize";

// The app's rules for rendered outputs, which do not cross into shadow roots by themselves.
const OUTPUT_CSS = `
:host { display: block; }
.output-markdown { font-size: 15px; line-height: 1.6; }
.output-markdown h1 { font-size: 1.6em; margin: 0.2em 0 0.3em; font-weight: 650; }
.output-markdown h2 { font-size: 1.3em; margin: 0.6em 0 0.3em; }
.output-markdown p { margin: 0.3em 0; }
.output-markdown code { font-family: var(--mono); font-size: 0.9em; background: var(--faint); padding: 1px 4px; border-radius: 3px; }
.output-markdown table { border-collapse: collapse; }
.output-markdown th, .output-markdown td { padding: 2px 8px; border-bottom: 1px solid var(--line); }
.output-plot svg, .output-html svg { max-width: 100%; height: auto; }
.output-plot { font-size: 10px; color: var(--text); }
/* Plot draws text and axes in currentColor; its halos and tips use --plot-background (white by default). */
.output-plot svg { --plot-background: var(--surface); }
/* Below the full width a chart is not shrunk below the width it was drawn at (its text
   stays legible) and scrolls inside its box instead; on a phone it keeps at least 520 px. */
.output-plot { overflow-x: auto; }
@media (max-width: 900px) { .output-plot > svg, .output-plot > figure > svg { font-size: 11px; min-width: var(--drawn-width, 0px); } }
@media (max-width: 640px) { .output-plot > svg, .output-plot > figure > svg { min-width: 520px; } }
a { color: var(--accent); }
`;

let sheet: CSSStyleSheet | undefined;

function outputSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(OUTPUT_CSS);
  }
  return sheet;
}

/** A contained output: `html` sanitised by `profile`, in an element of class `className` inside a shadow root inside a `.output-contained` box. */
export function containedHtml(html: string, className: string, profile: SanitizeProfile): HTMLElement {
  const box = document.createElement("div");
  box.className = "output-contained";
  box.dataset.profile = profile;
  const host = document.createElement("div");
  host.className = "output-host";
  const root = host.attachShadow({ mode: "open" });
  root.adoptedStyleSheets = [outputSheet()];
  const content = document.createElement("div");
  content.className = className;
  content.innerHTML = sanitize(html, profile);
  // Plot names its mark groups with aria-label, which a plain <g> may not carry: make them groups.
  for (const group of content.querySelectorAll("svg g[aria-label]:not([role])")) group.setAttribute("role", "group");
  root.append(content);
  box.append(host);
  return box;
}

/** The text of an element, including what its descendants' shadow roots hold. */
export function deepText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.nodeValue ?? "";
  const shadow = node instanceof Element && node.shadowRoot ? [...node.shadowRoot.childNodes] : [];
  return [...shadow, ...node.childNodes].map(deepText).join("");
}
