/**
 * Declared types for the variable list, from the type checker (the language-service worker
 * the editors already use): the quick info of a name where its cell declares it. Used for
 * names whose value the page never sees (a cell showing another expression, or declaring
 * several names). Static, so it needs no value from the kernel worker.
 */
import { askTypesIn } from "../typecheck/session";

/** How long one question may take before the list goes on without its answer. */
const ASK_MS = 4000;
/** Longest type text shown. */
const TYPE_CHARS = 48;

/** Where `name` first occurs as a whole identifier in `source` (not after a `.`), or -1. */
export function declarationOffset(source: string, name: string): number {
  const escaped = name.replace(/[$]/g, "\\$");
  const match = new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`).exec(source);
  return match ? match.index : -1;
}

/**
 * The type in a quick-info text: `const x: number` → `number`; `function f(a: number): string`
 * → `(a: number) => string`; `class C` → `class`. Long types are cut.
 */
export function typeFromQuickInfo(text: string, name: string): string | null {
  const flat = text.replace(/\s+/g, " ").trim();
  let type: string | null = null;
  const variable = /^(?:\(\w+\) )?(?:const|let|var|import|\(alias\))?\s*[\w$]+(?:<[^>]*>)?: (.*)$/.exec(flat);
  const fn = new RegExp(`^function ${name.replace(/[$]/g, "\\$")}(?:<[^(]*>)?\\((.*)\\): (.*)$`).exec(flat);
  if (fn) type = `(${fn[1]}) => ${fn[2]}`;
  else if (/^class /.test(flat)) type = "class";
  else if (variable) type = variable[1]!;
  if (!type) return null;
  return type.length > TYPE_CHARS ? `${type.slice(0, TYPE_CHARS - 1)}…` : type;
}

const known = new Map<string, string | null>();

/** The type found earlier for `name` in this text (undefined: not asked yet). */
export function cachedStaticType(source: string, name: string): string | null | undefined {
  return known.get(`${name}\u0000${source}`);
}

/** The declared type of `name` in the cell at `root` with text `source`, or null if the checker cannot say. */
export async function staticType(root: HTMLElement, source: string, name: string): Promise<string | null> {
  const key = `${name}\u0000${source}`;
  if (known.has(key)) return known.get(key)!;
  const editor = root.querySelector(".cell-editor");
  const at = declarationOffset(source, name);
  if (!editor || at < 0) return null;
  const answer = await askTypesIn(editor, "hover", at + 1, ASK_MS);
  if (!answer) return null;
  const type = answer.info ? typeFromQuickInfo(answer.info.text, name) : null;
  known.set(key, type);
  return type;
}
