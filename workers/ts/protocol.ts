/**
 * Every message between the page and the language-service worker. The page sends cell
 * text only; the worker answers with plain diagnostics, completions, hover text and
 * signature help, which the page checks field by field (`readReply`) before using.
 */

/**
 * Page → worker. `cells` is every code cell in document order. `cancel` withdraws a question
 * the page no longer needs (the user typed on): if it is still queued it is answered
 * `failed` without being computed.
 */
export type TypesRequest =
  | { kind: "update"; cells: { id: string; text: string }[] }
  | { kind: "cancel"; request: number }
  | { kind: "diagnostics"; request: number }
  | { kind: "completions"; request: number; cell: string; pos: number }
  | { kind: "hover"; request: number; cell: string; pos: number }
  | { kind: "signature"; request: number; cell: string; pos: number }
  | { kind: "details"; request: number; cell: string; pos: number; name: string };

/** One diagnostic in a cell (offsets into the cell's text). */
export interface CellDiagnostic {
  from: number;
  to: number;
  severity: "error" | "warning" | "info";
  message: string;
  code: number;
}

/** One completion entry. */
export interface CompletionEntry {
  name: string;
  /** TypeScript's element kind: "const", "function", "method", "property", … */
  kind: string;
  /** The type or signature, when the service gives one. */
  detail?: string;
  documentation?: string;
}

/**
 * Worker → page. A check's diagnostics may come in several replies: those marked `partial`
 * carry the cells checked so far, and the last (unmarked) answers the question.
 */
export type TypesReply =
  | { kind: "diagnostics"; request: number; cells: Record<string, CellDiagnostic[]>; partial?: true }
  | { kind: "completions"; request: number; from: number; entries: CompletionEntry[] }
  | { kind: "hover"; request: number; info: { from: number; to: number; text: string; documentation: string } | null }
  | { kind: "signature"; request: number; info: { text: string; documentation: string; parameter: number } | null }
  | { kind: "details"; request: number; info: { detail: string; documentation: string } | null }
  | { kind: "failed"; request: number; message: string };

const MAX_TEXT = 100_000;
const MAX_ITEMS = 5_000;

const isInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown): v is string => typeof v === "string" && v.length <= MAX_TEXT;
const own = (o: object, key: string): unknown => (Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined);

function readDiagnostic(value: unknown): CellDiagnostic | null {
  if (typeof value !== "object" || value === null) return null;
  const from = own(value, "from"), to = own(value, "to"), severity = own(value, "severity"), message = own(value, "message"), code = own(value, "code");
  if (!isInt(from) || !isInt(to) || to < from || !isText(message) || !isInt(code)) return null;
  if (severity !== "error" && severity !== "warning" && severity !== "info") return null;
  return { from, to, severity, message, code };
}

function readEntry(value: unknown): CompletionEntry | null {
  if (typeof value !== "object" || value === null) return null;
  const name = own(value, "name"), kind = own(value, "kind"), detail = own(value, "detail"), documentation = own(value, "documentation");
  if (!isText(name) || !isText(kind)) return null;
  if (detail !== undefined && !isText(detail)) return null;
  if (documentation !== undefined && !isText(documentation)) return null;
  return { name, kind, ...(detail === undefined ? {} : { detail }), ...(documentation === undefined ? {} : { documentation }) };
}

/**
 * A worker reply rebuilt from its known fields, or null when anything is off (unknown kind,
 * wrong types, diagnostics for cells the page did not send, too much of anything).
 */
export function readReply(value: unknown, knownCells: ReadonlySet<string>): TypesReply | null {
  if (typeof value !== "object" || value === null) return null;
  const kind = own(value, "kind"), request = own(value, "request");
  if (!isInt(request)) return null;
  switch (kind) {
    case "diagnostics": {
      const cells = own(value, "cells");
      if (typeof cells !== "object" || cells === null) return null;
      const out: Record<string, CellDiagnostic[]> = Object.create(null);
      for (const [id, list] of Object.entries(cells)) {
        if (!knownCells.has(id) || !Array.isArray(list) || list.length > MAX_ITEMS) return null;
        const read = list.map(readDiagnostic);
        if (read.some((d) => d === null)) return null;
        out[id] = read as CellDiagnostic[];
      }
      return own(value, "partial") === true ? { kind, request, cells: out, partial: true } : { kind, request, cells: out };
    }
    case "completions": {
      const from = own(value, "from"), entries = own(value, "entries");
      if (!isInt(from) || !Array.isArray(entries) || entries.length > MAX_ITEMS) return null;
      const read = entries.map(readEntry);
      if (read.some((e) => e === null)) return null;
      return { kind, request, from, entries: read as CompletionEntry[] };
    }
    case "hover": {
      const info = own(value, "info");
      if (info === null) return { kind, request, info: null };
      if (typeof info !== "object" || info === undefined) return null;
      const from = own(info, "from"), to = own(info, "to"), text = own(info, "text"), documentation = own(info, "documentation");
      if (!isInt(from) || !isInt(to) || !isText(text) || !isText(documentation)) return null;
      return { kind, request, info: { from, to, text, documentation } };
    }
    case "signature": {
      const info = own(value, "info");
      if (info === null) return { kind, request, info: null };
      if (typeof info !== "object" || info === undefined) return null;
      const text = own(info, "text"), documentation = own(info, "documentation"), parameter = own(info, "parameter");
      if (!isText(text) || !isText(documentation) || !isInt(parameter)) return null;
      return { kind, request, info: { text, documentation, parameter } };
    }
    case "details": {
      const info = own(value, "info");
      if (info === null) return { kind, request, info: null };
      if (typeof info !== "object" || info === undefined) return null;
      const detail = own(info, "detail"), documentation = own(info, "documentation");
      if (!isText(detail) || !isText(documentation)) return null;
      return { kind, request, info: { detail, documentation } };
    }
    case "failed": {
      const message = own(value, "message");
      return isText(message) ? { kind, request, message } : null;
    }
    default:
      return null;
  }
}
