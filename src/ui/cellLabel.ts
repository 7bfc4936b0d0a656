/**
 * How assistive technology names a cell and its editor: by position and by what the cell
 * defines ("Cell 3, defines tariffs, rates"), found by a light scan of the source (the label
 * is recomputed as the user types, so it must be cheap; it is never used for evaluation).
 */

const DECLARATION = /^(?:export\s+)?(?:const|let|var|function\*?|class|async\s+function\*?)\s+([A-Za-z_$][\w$]*|\{[^}]*\}|\[[^\]]*\])/gm;
const NAME = /^[A-Za-z_$][\w$]*$/;

/** The top-level names a cell's source declares, in order, without repeats. */
export function declaredNames(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(DECLARATION)) {
    const target = match[1]!;
    if (NAME.test(target)) names.push(target);
    else {
      // Destructuring: `{a, b: c, ...rest}` declares a, c and rest; `[x, , y]` declares x and y.
      for (const part of target.slice(1, -1).split(",")) {
        const name = part.split(":").pop()!.split("=")[0]!.replace("...", "").trim();
        if (NAME.test(name)) names.push(name);
      }
    }
  }
  return [...new Set(names)];
}

/** Up to this many names are read out; more are counted. */
const MAX_NAMES = 4;

/** The accessible name of cell number `position` (1-based) of kind `kind` with `source`. */
export function cellLabel(position: number, kind: "code" | "markdown", source: string): string {
  if (kind === "markdown") {
    const heading = /^#{1,6}\s+(.+)$/m.exec(source)?.[1]?.trim();
    return `Cell ${position}, Markdown${heading ? `: ${heading}` : source.trim() ? "" : ", empty"}`;
  }
  if (!source.trim()) return `Cell ${position}, empty`;
  const names = declaredNames(source);
  if (names.length === 0) return `Cell ${position}`;
  const shown = names.slice(0, MAX_NAMES).join(", ");
  const more = names.length > MAX_NAMES ? ` and ${names.length - MAX_NAMES} more` : "";
  return `Cell ${position}, defines ${shown}${more}`;
}
