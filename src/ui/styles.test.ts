/**
 * The page's style sheets are balanced: one unclosed block (a lost `}` in a merge) silently
 * nests every later rule, and every sheet bundled after it, inside a media query.
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** CSS files under src/ui, recursively. */
function sheets(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sheets(new URL(`${entry.name}/`, dir)) : entry.name.endsWith(".css") ? [new URL(entry.name, dir)] : [],
  );
}

/** The line of the first `}` without an opening, or of the first block never closed; null when balanced. */
function unbalanced(css: string): string | null {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " ")).replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (s) => s.replace(/[^\n]/g, " "));
  const open: number[] = [];
  let line = 1;
  for (const ch of text) {
    if (ch === "\n") line++;
    else if (ch === "{") open.push(line);
    else if (ch === "}" && open.pop() === undefined) return `a } without a block on line ${line}`;
  }
  return open.length ? `the block opened on line ${open[open.length - 1]} is never closed` : null;
}

describe("style sheets", () => {
  const files = sheets(new URL("./", import.meta.url));
  it("there are style sheets to check", () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(`${file.pathname.split("/src/ui/")[1]} has balanced blocks`, () => {
      expect(unbalanced(readFileSync(file, "utf8"))).toBeNull();
    });
  }
  it("the check finds a lost closing brace", () => {
    expect(unbalanced("@media (max-width: 640px) {\n  .a { color: red; }\n\n.b { display: none; }\n")).toBe("the block opened on line 1 is never closed");
  });
});
