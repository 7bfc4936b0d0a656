/**
 * How an HTML export marks the notebook file it embeds, shared by the exporter
 * (`exportHtml.ts`, loaded on demand) and the importer (`files.ts`, always loaded).
 */
import { crc32 } from "./bytes";

/** The attribute that marks the embedded notebook file; its value is `crc32-` and eight hex digits. */
export const SOURCE_MARK = "data-caravan-source";

/** The checksum written beside the embedded file: CRC-32 of its UTF-8 bytes, eight hex digits. */
export function sourceChecksum(text: string): string {
  return crc32(new TextEncoder().encode(text)).toString(16).padStart(8, "0");
}
