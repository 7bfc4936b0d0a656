/**
 * What happens to safety copies (journal entries, see `journal.ts`) when a notebook opens.
 * An entry that extends exactly the stored revision holds the newest work: it is applied.
 * Any other entry is older than what the store holds and is never applied over it: if the
 * store lacks something in it, it is kept as a labelled revision in History; then it goes.
 */
import type { NotebookDoc } from "../notebook/document";
import { isStoreError, type StoredNotebook } from "./errors";
import type { Stores } from "./db";
import { recordRevision } from "./history";
import { applyJournal, journalContainedIn, readJournals, removeJournalKey, sameCell, takeLegacyCopy, type StorageLike } from "./journal";

/** The document to open and what became of the safety copies found. */
export interface Recovery {
  readonly doc: NotebookDoc;
  /** Entries whose edits are now in `doc` (not yet saved: the caller saves them). */
  readonly applied: number;
  /** Entries kept in History instead. */
  readonly setAside: number;
}

/** Applies or sets aside every safety copy of `saved`'s notebook; entries are removed once dealt with. */
export async function recoverJournals(stores: Stores, storage: StorageLike | undefined, saved: StoredNotebook, now: number): Promise<Recovery> {
  let doc = saved.doc;
  let applied = 0;
  let setAside = 0;
  const keep = async (copy: NotebookDoc, label: string): Promise<boolean> => {
    const kept = await recordRevision(stores, copy, { now: now + setAside, label });
    if (isStoreError(kept)) return false;
    setAside++;
    return true;
  };
  for (const { key, entry } of readJournals(storage, saved.doc.id)) {
    if (entry.baseRev === saved.rev) {
      doc = applyJournal(doc, entry);
      applied++;
      removeJournalKey(storage, key);
    } else if (journalContainedIn(saved.doc, entry)) {
      removeJournalKey(storage, key);
    } else {
      // Older than the stored work: recoverable from History, never the notebook itself.
      const when = new Date(entry.writtenAt).toISOString().replace("T", " ").slice(0, 19);
      if (await keep(applyJournal(saved.doc, entry), `safety copy set aside (written ${when} UTC over revision ${entry.baseRev}; the notebook was at ${saved.rev})`)) removeJournalKey(storage, key);
    }
  }
  const legacy = takeLegacyCopy(storage, saved.doc.id);
  if (legacy && !(legacy.title === saved.doc.title && legacy.cells.length === saved.doc.cells.length && legacy.cells.every((c, i) => sameCell(c, saved.doc.cells[i]!)))) {
    await keep({ ...saved.doc, cells: legacy.cells, title: legacy.title }, "safety copy from an earlier version, set aside");
  }
  return { doc, applied, setAside };
}
