/**
 * The export's last wall: a small, DOM-free filter that makes sanitised HTML or SVG inert
 * before it is written into an exported page, whatever sanitiser ran first. It keeps only
 * markup that can neither act (script, forms, refresh, frames) nor fetch anything when the
 * page is opened: URLs survive only as in-page fragments, `data:image/` and, on links the
 * reader clicks, `http(s):` and `mailto:`; CSS loses `@import` and every non-data `url()`.
 *
 * It scans tags itself, honouring quoted attribute values, and errs on the side of removal:
 * anything it cannot read as a plain tag or text is dropped, never passed through.
 */

/** Elements removed with everything up to their closing tag. */
const DROP_WITH_CONTENT = new Set([
  "script", "iframe", "object", "embed", "frame", "frameset", "noscript", "noembed", "noframes", "template",
  "foreignobject", "xmp", "plaintext", "form", "select", "textarea", "dialog", "portal", "math", "applet",
]);
/** Elements removed alone (their content, if any, is kept and filtered). */
const DROP_TAG = new Set(["meta", "link", "base", "input", "button", "option", "fieldset", "keygen", "isindex", "slot", "head", "html", "body", "title"]);
/** Attributes that act or navigate on their own. */
const DROP_ATTR = /^(on.*|formaction|action|srcdoc|srcset|http-equiv|ping|popover.*|content|autofocus|is|data-caravan.*)$/;
/** Attributes holding a URL. */
const URL_ATTR = /^(href|xlink:href|src|poster|background|cite|data|codebase|longdesc|lowsrc|dynsrc|usemap|manifest|formaction|action|itemtype|profile)$/;

/** Makes sanitised HTML or SVG inert for a page opened offline (see the module comment). */
export function inertHtml(html: string): string {
  let out = "";
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    const next = html[lt + 1] ?? "";
    if (/[A-Za-z]/.test(next)) {
      const tag = readTag(html, lt);
      if (!tag) {
        out += "&lt;";
        i = lt + 1;
        continue;
      }
      i = tag.end;
      if (DROP_WITH_CONTENT.has(tag.name)) {
        const close = html.toLowerCase().indexOf(`</${tag.name}`, i);
        const gt = close < 0 ? -1 : html.indexOf(">", close);
        i = gt < 0 ? html.length : gt + 1;
        continue;
      }
      if (DROP_TAG.has(tag.name)) continue;
      out += writeTag(tag);
    } else if (next === "/") {
      const m = /^<\/([A-Za-z][^\s/>]*)[^>]*>/.exec(html.slice(lt, lt + 200));
      if (!m) {
        // An end tag we cannot read: drop it to the next `>`.
        const gt = html.indexOf(">", lt);
        i = gt < 0 ? html.length : gt + 1;
        continue;
      }
      const name = m[1]!.toLowerCase();
      if (!DROP_TAG.has(name) && !DROP_WITH_CONTENT.has(name)) out += `</${name}>`;
      i = lt + m[0].length;
    } else if (next === "!" || next === "?") {
      // Comments, doctypes, CDATA, processing instructions: removed up to the next `>`; what
      // follows is filtered as markup (so a comment the browser would end early hides nothing).
      const gt = html.indexOf(">", lt);
      i = gt < 0 ? html.length : gt + 1;
    } else {
      out += "&lt;";
      i = lt + 1;
    }
  }
  return out;
}

interface Tag {
  name: string;
  attrs: [name: string, value: string | undefined][];
  selfClosing: boolean;
  end: number;
}

function readTag(html: string, at: number): Tag | undefined {
  const nameMatch = /^<([A-Za-z][^\s/>]*)/.exec(html.slice(at, at + 100));
  if (!nameMatch) return undefined;
  let i = at + nameMatch[0].length;
  const attrs: Tag["attrs"] = [];
  const attr = /\s*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"'`=<]+))?|\s*\//y;
  for (;;) {
    const rest = /^\s*(\/?)>/.exec(html.slice(i, i + 50));
    if (rest && rest.index === 0) return { name: nameMatch[1]!.toLowerCase(), attrs, selfClosing: rest[1] === "/", end: i + rest[0].length };
    attr.lastIndex = i;
    const m = attr.exec(html);
    if (!m || m[0].length === 0) return undefined;
    if (m[1] !== undefined) {
      const raw = m[2];
      attrs.push([m[1], raw === undefined ? undefined : raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw]);
    }
    i = attr.lastIndex;
  }
}

function writeTag(tag: Tag): string {
  let s = `<${tag.name}`;
  for (const [written, value] of tag.attrs) {
    // Checked in lower case; written as given (SVG's viewBox keeps its capital).
    const name = written.toLowerCase();
    if (DROP_ATTR.test(name)) continue;
    let v = value;
    if (v !== undefined && URL_ATTR.test(name) && !safeUrl(v, tag.name === "a" && name === "href")) continue;
    // Presentation attributes (fill, filter, mask, clip-path…) take `url()` too.
    if (v !== undefined && (name === "style" || /url|\\|image-set/i.test(decodeEntities(v)))) v = inertCss(decodeEntities(v));
    s += v === undefined ? ` ${written}` : ` ${written}="${v.replace(/&(?![a-zA-Z#][\w#]*;)/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}"`;
  }
  return s + (tag.selfClosing ? "/>" : ">");
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos|colon|lpar|rpar|bsol|sol);?/gi, (_, e: string) => {
    const named: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'", colon: ":", lpar: "(", rpar: ")", bsol: "\\", sol: "/" };
    const lower = e.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16) || 0xfffd);
    if (lower.startsWith("#")) return String.fromCodePoint(Number(lower.slice(1)) || 0xfffd);
    return named[lower] ?? "";
  });
}

function safeUrl(value: string, clickable: boolean): boolean {
  const url = decodeEntities(value).replace(/[\u0000-\u0020\u007f-\u00a0]/g, "").toLowerCase();
  if (url.startsWith("#") || url.startsWith("data:image/")) return true;
  return clickable && (url.startsWith("https:") || url.startsWith("http:") || url.startsWith("mailto:"));
}

/**
 * CSS that fetches nothing: escapes decoded (so no spelling hides `url`), `@import` removed, non-data
 * `url()`, `image-set()` and `src()` made invalid. Repeated until nothing changes: a removal must not
 * join what surrounds it into what was removed (`@imp@import;ort` was `@import` after one pass).
 */
export function inertCss(css: string): string {
  for (let pass = 0; pass < 32; pass++) {
    const next = inertCssOnce(css);
    if (next === css) return css;
    css = next;
  }
  // Still changing after 32 passes: nothing of it is kept.
  return "";
}

function inertCssOnce(css: string): string {
  return css
    .replace(/\\([0-9a-fA-F]{1,6})\s?/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16) || 0xfffd))
    .replace(/\\/g, "")
    .replace(/@import[^;]*;?/gi, "")
    // Every `url(` is judged on its own (closed or not, nested or not): one that does not
    // start with data: or # becomes `none(`, an invalid function the browser ignores.
    .replace(/url\s*\(\s*['"]?\s*(?!data:|#)/gi, "none(")
    .replace(/(-webkit-)?image-set\s*\(/gi, "none(")
    .replace(/\bsrc\s*\(/gi, "none(")
    .replace(/expression\s*\(/gi, "none(");
}

/**
 * Applies `inertCss` to the text of `<style>` elements in already filtered markup. Inside
 * SVG a style's text is read with character references decoded, so references are removed first:
 * no reference can spell `url` there.
 */
export function inertStyleElements(html: string): string {
  return html.replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style>|$)/gi, (_, open: string, css: string, close: string) => open + inertCss(css.replace(/&[#\w]*;?/g, "")) + close);
}
