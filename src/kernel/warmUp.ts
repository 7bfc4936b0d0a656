/**
 * A throwaway notebook run through a kernel of its own, so that V8 compiles the kernel's hot
 * code (the transpiler, the parser, the analysis, the scheduler) before a real notebook needs
 * it. A spare kernel worker does this while it waits for its notebook (workers/kernel.worker.ts).
 * A cold worker opening a 1,000-cell notebook spent ~0.3 s of its own thread and ~0.4 s of its
 * process's compiler threads on this code's first uses (Chromium trace, Maglev tasks), on the
 * two cores the page was drawing the notebook with.
 */
import { Kernel } from "./kernel";
import type { CellSpec } from "./types";

/** Groups of cells in the warm-up notebook (WARM_UP_GROUP_SIZE cells each). */
export const WARM_UP_GROUPS = 24;
/** The cells of one group: declarations with and without types, functions, markdown, an await. */
export const WARM_UP_GROUP_SIZE = 8;

/**
 * The warm-up notebook: WARM_UP_GROUPS groups of the kinds of cells notebooks are made of, each
 * group reading the one before, so that every cell runs. Nothing in it touches the global scope.
 */
export function warmUpCells(groups = WARM_UP_GROUPS): CellSpec[] {
  const cells: CellSpec[] = [];
  for (let g = 0; g < groups; g++) {
    const previous = g === 0 ? "1" : `warm${g - 1}`;
    const sources: [CellSpec["kind"], string][] = [
      ["code", `const warm${g}: number = ${previous} + ${g}`],
      ["code", `const label${g} = \`row \${warm${g}}\`;\nconst parts${g} = label${g}.split(" ").map((s) => s.length)`],
      ["code", `interface Row${g} { name: string; value: number }\nconst rows${g}: Row${g}[] = [{ name: "a", value: warm${g} }, { name: "b", value: warm${g} * 2 }]`],
      ["code", `function total${g}(rows: { value: number }[]): number {\n  let sum = 0;\n  for (const row of rows) sum += row.value;\n  return sum;\n}`],
      ["code", `const shares${g} = rows${g}.map((row) => ({ ...row, share: row.value / total${g}(rows${g}) }))`],
      ["code", `warm${g} > 10 ? { big: true, parts: parts${g} } : [warm${g}, "small", null]`],
      ["markdown", `## Part ${g}\n\nSome *text* with \`code\`, a [link](https://example.org) and \${warm${g}}.`],
      ["code", `const later${g} = await Promise.resolve(shares${g}.length + warm${g})`],
    ];
    sources.forEach(([kind, source], k) => cells.push({ id: `warm-up-${g}-${k}`, kind, source }));
  }
  return cells;
}

/**
 * Runs the warm-up notebook a group at a time, one group per task (`later(next)`), so that a
 * message waiting for the worker (its notebook) is never held up by more than a group's work.
 * Each value a cell shows is passed to `look` (the worker describes it as it would for the page).
 * Stops, and frees the notebook, as soon as `stop()` is true or the last group has run.
 */
export function warmUp(look: (value: unknown) => void, stop: () => boolean, later: (next: () => void) => void, groups = WARM_UP_GROUPS): void {
  const cells = warmUpCells(groups);
  const kernel = new Kernel({
    observer: (event) => {
      if (event.type === "value") look(event.value);
    },
  });
  let added = 0;
  const step = () => {
    if (stop() || added >= cells.length) return kernel.dispose();
    added += WARM_UP_GROUP_SIZE;
    kernel.setCells(cells.slice(0, added));
    later(step);
  };
  step();
}
