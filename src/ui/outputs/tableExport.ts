/**
 * Getting a table view out of the page: CSV downloaded through a Blob URL made here from
 * the text the worker wrote (no notebook code runs in the page), TSV to the clipboard.
 */

/** Rows copied to the clipboard at most (pasting more into a spreadsheet is rarely meant). */
export const COPY_LIMIT = 100_000;
/** Rows downloaded at most (the worker also stops at MAX_EXPORT_CHARS characters). */
export const DOWNLOAD_LIMIT = 100_000_000;

/** Saves `text` as a file named `name`. */
export function downloadText(text: string, name: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the blob once started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Puts the text `pending` resolves to on the clipboard. Called in the click's handler, so
 * the browser still counts the click as the user's permission while the worker writes it.
 */
export async function copyText(pending: Promise<string | null>): Promise<boolean> {
  const clipboard = navigator.clipboard;
  if (!clipboard) return false;
  if (typeof ClipboardItem === "function" && typeof clipboard.write === "function") {
    const blob = pending.then((text) => {
      if (text === null) throw new Error("nothing to copy");
      return new Blob([text], { type: "text/plain" });
    });
    try {
      await clipboard.write([new ClipboardItem({ "text/plain": blob })]);
      return true;
    } catch {
      // Some browsers refuse a pending item; the text itself may still go through.
    }
  }
  const text = await pending;
  if (text === null) return false;
  try {
    await clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
