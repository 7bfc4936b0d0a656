/**
 * How a function is shown: its own name and its parameters, read from its source text
 * (`ƒ foo(a, b)`, `ƒ (x)` for an anonymous arrow, `class Foo` for a class), so the
 * inspector and the saved text show what the author wrote.
 */

/** Characters of a parameter list kept before it is cut with `…`. */
export const MAX_PARAMS = 60;

/** `ƒ name(params)` for a function, `class Name` for a class. */
export function functionText(fn: Function): string {
  let source = "";
  try {
    source = Function.prototype.toString.call(fn);
  } catch {
    // A revoked proxy or an exotic callable: name only.
  }
  const name = typeof fn.name === "string" ? fn.name : "";
  if (/^class\b/.test(source)) return `class ${name || "anonymous"}`;
  const params = parameters(source);
  return `ƒ ${name}(${params ?? ""})`;
}

/** The text between the parameter list's parentheses (or the lone arrow parameter), whitespace collapsed. */
function parameters(source: string): string | null {
  if (!source || source.includes("[native code]")) return null;
  const arrow = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (arrow) return arrow[1]!;
  const open = source.indexOf("(");
  if (open < 0) return null;
  let depth = 0;
  let quote = "";
  for (let i = open; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (--depth === 0) {
        const text = source.slice(open + 1, i).replace(/\/\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ").trim();
        return text.length > MAX_PARAMS ? `${text.slice(0, MAX_PARAMS - 1)}…` : text;
      }
    }
  }
  return null;
}
