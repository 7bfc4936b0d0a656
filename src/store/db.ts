/**
 * The IndexedDB databases behind persistence, through idb-keyval (one object store per
 * database, as idb-keyval makes them). A prefix keeps tests and apps apart.
 */
import { createStore, type UseStore } from "idb-keyval";
import { isStoreError, storageError, type StoreError } from "./errors";

/** The stores persistence uses: notebook records, library entries, revisions, attached files. */
export interface Stores {
  readonly notebooks: UseStore;
  readonly library: UseStore;
  readonly history: UseStore;
  readonly attachments: UseStore;
}

/** Opens (lazily: nothing touches IndexedDB until the first read or write) the stores under `prefix`. */
export function openStores(prefix = "caravan"): Stores {
  return {
    notebooks: createStore(`${prefix}-notebooks`, "records"),
    library: createStore(`${prefix}-library`, "entries"),
    history: createStore(`${prefix}-history`, "revisions"),
    attachments: createStore(`${prefix}-attachments`, "files"),
  };
}

/** Runs a storage operation, turning a throw or rejection (quota, private mode, no IndexedDB) into a `storage` error. */
export async function attempt<T>(operation: () => Promise<T>): Promise<T | StoreError> {
  try {
    return await operation();
  } catch (error) {
    return isStoreError(error) ? error : storageError(error);
  }
}
