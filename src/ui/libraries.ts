/**
 * The page's libraries in the order main.ts evaluates them, one group per task, ahead of the
 * app: each group's modules (and what they import that is not evaluated yet) are evaluated when
 * its import resolves. The groups are small (CodeMirror's state and its view each alone, the
 * TypeScript grammar with the parser it needs) so that each is a short task on a quiet machine.
 */
export const LIBRARY_STAGES: readonly (() => Promise<unknown>)[] = [
  () => import("@codemirror/state"),
  () => import("@codemirror/view"),
  () => import("@codemirror/language"),
  () => import("@codemirror/commands"),
  () => import("@codemirror/autocomplete"),
  () => import("@codemirror/lint"),
  () => import("@lezer/highlight"),
  () => import("@codemirror/lang-javascript"),
  () => import("marked"),
  () => import("dompurify"),
];
