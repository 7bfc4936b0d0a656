/**
 * Several tabs on one notebook. Each save is announced on a BroadcastChannel with the
 * store's revision number; a tab that hears of a newer revision than its own base either
 * has unsaved edits (a conflict: the UI offers reload, keep mine, or fork) or has none (it
 * can show the other tab's version, losing nothing). The revision check inside every write
 * (`writeNotebook`) is what guarantees no silent overwrite; the channel makes it prompt.
 */
import type { NotebookDoc } from "../notebook/document";
import type { Stores } from "./db";
import { isStoreError, type StoreError, type StoredNotebook } from "./errors";
import { readNotebook } from "./notebooks";

/** Every message between tabs, one kind per case. */
export type TabMessage =
  | { readonly type: "saved"; readonly notebook: string; readonly rev: number; readonly tab: string }
  | { readonly type: "opened"; readonly notebook: string; readonly tab: string }
  | { readonly type: "present"; readonly notebook: string; readonly tab: string }
  | { readonly type: "closed"; readonly notebook: string; readonly tab: string };

/** What a tab learns about the others. */
export type TabEvent =
  | { readonly kind: "conflict"; readonly message: string; readonly theirs: StoredNotebook; readonly mine: NotebookDoc }
  | { readonly kind: "updated"; readonly theirs: StoredNotebook }
  | { readonly kind: "peers"; readonly tabs: readonly string[] };

/** The part of a BroadcastChannel this module uses (tests pass a fake). */
export interface ChannelLike {
  postMessage(message: TabMessage): void;
  onmessage: ((event: { data: TabMessage }) => void) | null;
  close(): void;
}

/** Options of `createTabSync`. */
export interface TabSyncOptions {
  readonly stores: Stores;
  readonly notebookId: string;
  readonly tab: string;
  /** The revision this tab's document is based on, and whether it has unsaved edits (from autosave). */
  readonly state: () => { readonly baseRev: number; readonly dirty: boolean; readonly doc: NotebookDoc };
  readonly onEvent: (event: TabEvent) => void;
  readonly onError?: (error: StoreError) => void;
  readonly channel?: ChannelLike;
}

/** A tab's link to the other tabs. */
export interface TabSync {
  /** Tells the other tabs this tab saved revision `rev`. */
  announceSaved(rev: number): void;
  /** Other tabs that have this notebook open. */
  readonly peers: readonly string[];
  close(): void;
}

/** A fresh id for this tab. */
export function newTabId(): string {
  return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Opens the channel for one notebook in one tab and announces it. */
export function createTabSync(options: TabSyncOptions): TabSync {
  const channel: ChannelLike = options.channel ?? (new BroadcastChannel("caravan-tabs") as unknown as ChannelLike);
  const peers = new Set<string>();
  const me = { notebook: options.notebookId, tab: options.tab };
  const reportPeers = () => options.onEvent({ kind: "peers", tabs: [...peers].sort() });

  async function heardSave(rev: number) {
    const state = options.state();
    if (rev <= state.baseRev) return;
    // The message may be stale by now; the stored record is the truth.
    const theirs = await readNotebook(options.stores, options.notebookId);
    if (isStoreError(theirs)) return options.onError?.(theirs);
    const now = options.state();
    if (theirs.rev <= now.baseRev) return;
    options.onEvent(
      now.dirty
        ? { kind: "conflict", message: "this notebook was changed in another tab", theirs, mine: now.doc }
        : { kind: "updated", theirs },
    );
  }

  channel.onmessage = ({ data }) => {
    if (data.notebook !== options.notebookId || data.tab === options.tab) return;
    switch (data.type) {
      case "saved":
        void heardSave(data.rev);
        break;
      case "opened":
        channel.postMessage({ type: "present", ...me });
        peers.add(data.tab);
        reportPeers();
        break;
      case "present":
        peers.add(data.tab);
        reportPeers();
        break;
      case "closed":
        peers.delete(data.tab);
        reportPeers();
        break;
      default: {
        const never: never = data;
        return never;
      }
    }
  };
  channel.postMessage({ type: "opened", ...me });

  return {
    announceSaved(rev) {
      channel.postMessage({ type: "saved", rev, ...me });
    },
    get peers() {
      return [...peers].sort();
    },
    close() {
      channel.postMessage({ type: "closed", ...me });
      channel.onmessage = null;
      channel.close();
    },
  };
}
