/**
 * Everything that can go wrong in persistence, as tagged plain data (it crosses to the UI and
 * survives structured cloning). Functions return these instead of throwing.
 */
import type { NotebookDoc } from "../notebook/document";
import type { FormatError } from "../notebook/format";

/** A notebook as stored: the document, the store's revision counter, and who wrote it when. */
export interface StoredNotebook {
  readonly doc: NotebookDoc;
  /** Increases by one with every write to the store, from any tab; the basis of conflict checks. */
  readonly rev: number;
  /** The tab that wrote it. */
  readonly tab: string;
  readonly savedAt: number;
}

/** Why a storage operation did not happen. */
export type StoreError =
  | { readonly kind: "storage"; readonly cause: "quota" | "unavailable" | "unknown"; readonly message: string }
  | { readonly kind: "conflict"; readonly message: string; readonly theirs: StoredNotebook; readonly mine: NotebookDoc }
  | { readonly kind: "not-found"; readonly id: string; readonly message: string }
  | { readonly kind: "share"; readonly message: string }
  | { readonly kind: "too-large"; readonly size: number; readonly limit: number; readonly message: string }
  | { readonly kind: "attachment"; readonly name: string; readonly message: string; readonly line?: number }
  | FormatError;

const KINDS = new Set(["storage", "conflict", "not-found", "share", "too-large", "attachment", "format"]);

/** Tells an error value from a result. */
export function isStoreError(value: unknown): value is StoreError {
  return typeof value === "object" && value !== null && KINDS.has((value as { kind?: string }).kind ?? "") && typeof (value as { message?: unknown }).message === "string";
}

/** Maps a thrown storage failure (DOMException or missing IndexedDB) to a `storage` error. */
export function storageError(error: unknown): StoreError {
  const name = (error as { name?: string } | null)?.name ?? "";
  const text = (error as { message?: string } | null)?.message ?? String(error);
  if (name === "QuotaExceededError" || /quota/i.test(text)) return { kind: "storage", cause: "quota", message: "the browser's storage is full; your work is kept in this tab only" };
  if (name === "InvalidStateError" || name === "SecurityError" || name === "ReferenceError" || /indexedDB/i.test(text)) {
    return { kind: "storage", cause: "unavailable", message: "the browser refuses storage (private mode?); your work is kept in this tab only" };
  }
  return { kind: "storage", cause: "unknown", message: `saving failed (${name || "error"}: ${text}); your work is kept in this tab only` };
}
