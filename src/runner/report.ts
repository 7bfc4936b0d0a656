/**
 * The runner's report as text: one line per cell that was compared, with the first
 * differing line of a mismatch and the message of an error, then a summary line.
 */
import type { CheckReport, CellCheck } from "./check";

const LINE = 160;

function clip(text: string | undefined): string {
  if (text === undefined) return "(no line)";
  const shown = text.replace(/\t/g, "→");
  return shown.length > LINE ? `${shown.slice(0, LINE)}…` : shown;
}

function cellLines(c: CellCheck): string[] {
  switch (c.status) {
    case "match":
      return [`  ok        ${c.id}`];
    case "mismatch":
      return [`  MISMATCH  ${c.id} (line ${c.difference.line})`, `              expected: ${clip(c.difference.expected)}`, `              actual:   ${clip(c.difference.actual)}`];
    case "error":
      return [`  ERROR     ${c.id} (${c.error.kind}): ${c.error.message}`];
    case "new":
      return [`  new       ${c.id}: no saved output (--update saves it): ${clip(c.actual.split("\n")[0])}`];
    case "skip":
      return [];
    default: {
      const never: never = c;
      return never;
    }
  }
}

/**
 * The report for notebook `name`. With `update`, mismatches and new outputs were written to
 * the file, so only errors fail (`written` says whether the file changed).
 */
export function formatReport(name: string, report: CheckReport, update?: { written: boolean }): string {
  const lines = [`${name}`];
  for (const c of report.cells) lines.push(...cellLines(c));
  if (report.failure) lines.push(`  the runner failed: ${report.failure}`);
  const { match, mismatch, error, new: fresh } = report.counts;
  const verdict = update ? (report.counts.error === 0 ? "UPDATED" : "FAIL") : report.ok ? "PASS" : "FAIL";
  lines.push(`${verdict}: ${match} match, ${mismatch} mismatch, ${error} error, ${fresh} new (${(report.elapsedMs / 1000).toFixed(1)} s${report.timedOut ? ", timed out" : ""})`);
  if (update) lines.push(update.written ? `outputs written to ${name}` : `${name} unchanged`);
  return lines.join("\n");
}
