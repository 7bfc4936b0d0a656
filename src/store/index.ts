/**
 * Persistence, by name: what the UI imports. Each module has one job; see its header.
 */
export { openStores, type Stores } from "./db";
export { isStoreError, type StoreError, type StoredNotebook } from "./errors";
export { type NotebookMeta, type NotebookOrigin } from "./notebooks";
export { createAutosave, requestPersistentStorage, type Autosave, type AutosaveOptions } from "./autosave";
export {
  createNotebook,
  deleteNotebook,
  duplicateNotebook,
  emptyBin,
  importFile,
  importNotebook,
  listNotebooks,
  openNotebook,
  openShipped,
  renameNotebook,
  restoreNotebook,
  trustNotebook,
  type OpenedNotebook,
} from "./library";
export { listRevisions, readRevision, recordRevision, restoreTransaction, type RevisionInfo } from "./history";
export {
  attachFile,
  attachmentMime,
  attachmentService,
  attachmentType,
  carriedAttachments,
  listAttachments,
  omittedAttachmentMessage,
  readAttachment,
  recordOmittedAttachment,
  removeAttachment,
  storeCarriedAttachments,
  type AttachmentInfo,
  type AttachmentServiceReply,
  type AttachmentType,
} from "./attachments";
export { decodeShare, decodeShareFile, encodeShare, encodeShareWithAttachments, isShareLink, omittedMessage, openShareLink, readerRequested, SHARE_LIMIT, shareUrl, type SharedLink } from "./share";

export { notebookFileName, notebookFileWithAttachments, notebookFromHtmlExport, openFile, type FileOutcome, type NotebookFile } from "./files";
export { createTabSync, newTabId, type TabEvent, type TabMessage } from "./tabs";
export { listShipped, type ShippedNotebook } from "./shipped";
export { openSession, type NotebookSession, type SessionEvents, type SessionOptions } from "./session";
export { readIncomingFile, type IncomingFile } from "./incoming";
export { type JournalError } from "./journal";
