/**
 * The sizes Caravan accepts from outside (share links, files, HTML exports, attachments).
 * Each is checked before or while the input is decoded, so a hostile input stops at the
 * limit instead of freezing the page; the error names the limit. The study notebook
 * (17 KB, 40 cells) sits far inside every one of them.
 */
export const LIMITS = {
  /** Longest share link fragment (`#share=…`) made or opened, in characters. */
  shareLinkChars: 64_000,
  /** Largest notebook text a share link may expand to, in bytes (checked while inflating). */
  shareTextBytes: 4 * 1024 * 1024,
  /** Largest notebook file (`.ts`) opened, in bytes. */
  notebookFileBytes: 16 * 1024 * 1024,
  /** Largest HTML export re-imported, in bytes (outputs make exports bigger than notebooks). */
  exportFileBytes: 64 * 1024 * 1024,
  /** Largest data file attached, in bytes (also for one carried inside a notebook file). */
  attachmentBytes: 64 * 1024 * 1024,
  /** Most data files carried inside one notebook file or share link (checked while parsing). */
  attachments: 100,
  /**
   * Most cells in one notebook (checked while parsing). The page builds an editor per cell
   * up front, about 3 ms a cell on a quiet machine, so 1,000 cells open in a few seconds
   * and more would freeze the page; the study notebook has 40.
   */
  cells: 1_000,
  /** Longest cell (source, or saved output), in characters (checked while parsing). */
  cellChars: 4_000_000,
} as const;

/** The limits' type, for callers that pass tighter ones (tests). */
export type Limits = { readonly [K in keyof typeof LIMITS]: number };

/** A byte count as people say it: "4 MB", "640 KB", "900 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** A count with thousands separators: "1,000". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
