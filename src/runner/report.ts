/**
 * The runner's report as text: one line per cell that was compared, with the first
 * differing line of a mismatch and the message of an error, what the cell logged to its
 * console (at most REPORT_CONSOLE_LINES lines a cell), then a summary line.
 */
import type { CheckReport, CellCheck } from "./check";
import type { RunResult } from "./run";
import type { ConsoleState } from "../../workers/consoleMerge";

const LINE = 160;
/** Console lines a cell shows in the text report (`--json` has up to the app's cap). */
export const REPORT_CONSOLE_LINES = 20;

/** A cell's console as report lines: `log│ text`, `warn│ text ×3`, then what was left out. */
function consoleLines(log: ConsoleState): string[] {
  const out: string[] = [];
  for (const line of log.lines.slice(0, REPORT_CONSOLE_LINES)) {
    const rows = line.text.split("\n");
    const count = line.count > 1 ? ` ×${line.count}` : "";
    rows.forEach((row, i) => out.push(`              ${i === 0 ? line.level.padStart(5) : "     "}│ ${clip(row)}${i === rows.length - 1 ? count : ""}`));
  }
  const more = Math.max(0, log.lines.length - REPORT_CONSOLE_LINES) + log.omitted;
  if (more > 0) out.push(`                   … ${more} more console line${more === 1 ? "" : "s"}`);
  return out;
}

function clip(text: string | undefined): string {
  if (text === undefined) return "(no line)";
  const shown = text.replace(/\t/g, "→");
  return shown.length > LINE ? `${shown.slice(0, LINE)}…` : shown;
}

/** Characters of an error message the text report shows (a cell may throw megabytes; `--json` has it whole). */
export const REPORT_MESSAGE_CHARS = 2000;

function clipMessage(message: string): string {
  return message.length > REPORT_MESSAGE_CHARS ? `${message.slice(0, REPORT_MESSAGE_CHARS)}… (${(message.length - REPORT_MESSAGE_CHARS).toLocaleString("en")} more characters)` : message;
}

function cellLines(c: CellCheck): string[] {
  switch (c.status) {
    case "match":
      return [`  ok        ${c.id}`];
    case "mismatch":
      return [`  MISMATCH  ${c.id} (line ${c.difference.line})`, `              expected: ${clip(c.difference.expected)}`, `              actual:   ${clip(c.difference.actual)}`];
    case "error":
      return [`  ERROR     ${c.id} (${c.error.kind}): ${clipMessage(c.error.message)}`];
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
 * the file, so only errors fail (`written` says whether the file changed). With `run`, each
 * cell's console lines follow it.
 */
export function formatReport(name: string, report: CheckReport, update?: { written: boolean }, run?: RunResult): string {
  const lines = [`${name}`];
  const logs = new Map((run?.cells ?? []).filter((c) => c.console).map((c) => [c.id, c.console!]));
  for (const c of report.cells) {
    const own = cellLines(c);
    const log = logs.get(c.id);
    lines.push(...own);
    if (log) lines.push(...(own.length ? [] : [`  console   ${c.id}`]), ...consoleLines(log));
  }
  if (report.failure) lines.push(`  the runner failed: ${clipMessage(report.failure)}`);
  const { match, mismatch, error, new: fresh } = report.counts;
  const verdict = update ? (report.counts.error === 0 ? "UPDATED" : "FAIL") : report.ok ? "PASS" : "FAIL";
  lines.push(`${verdict}: ${match} match, ${mismatch} mismatch, ${error} error, ${fresh} new (${(report.elapsedMs / 1000).toFixed(1)} s${report.timedOut ? ", timed out" : ""})`);
  if (update) lines.push(update.written ? `outputs written to ${name}` : `${name} unchanged`);
  return lines.join("\n");
}
