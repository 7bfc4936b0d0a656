/**
 * Data files carried inside a notebook file, so a notebook shared by link or as a file
 * keeps its data. Each is one section after the cells:
 *
 *     // %% attachment name=trade_flows.csv size=1234 encoding=base64
 *     // cmVwb3J0ZXIscGFydG5lcix5ZWFyLHZhbHVlCktHLFJVLDIwMTAsMTIzNAo=
 *
 * or, for a file the sender could not include (too large for a link), only its name and size:
 *
 *     // %% attachment name=big.csv size=3355443 omitted=true
 *
 * Names are percent-encoded (`encodeURIComponent`) so a marker stays one line of key=value
 * attributes. The bytes are base64 in lines of 76 characters, so the file stays plain text.
 */

/** A data file carried by a notebook file: its bytes, or only its name and size when the sender left it out. */
export interface CarriedAttachment {
  readonly name: string;
  /** Size of the file in bytes (also for one left out). */
  readonly size: number;
  /** The file's bytes; absent when the sender did not include the file. */
  readonly bytes?: Uint8Array;
}

/** Characters of base64 per line of an attachment section. */
export const BASE64_LINE = 76;

/** Why a name cannot name a carried attachment, or undefined when it can. */
export function attachmentNameProblem(name: string): string | undefined {
  if (name.trim() === "" || /[/\\\u0000-\u001f]/.test(name) || name.length > 200) return `"${name}" is not a usable attachment name`;
  return undefined;
}

/** The marker line of an attachment section (without its line ending). */
export function attachmentMarker(a: CarriedAttachment): string {
  const how = a.bytes ? "encoding=base64" : "omitted=true";
  return `// %% attachment name=${encodeURIComponent(a.name)} size=${a.bytes ? a.bytes.byteLength : a.size} ${how}`;
}

/** The canonical text of one attachment section: marker, base64 lines, blank line. */
export function renderAttachment(a: CarriedAttachment, eol: string = "\n"): string {
  const out = [attachmentMarker(a)];
  if (a.bytes) {
    const data = toBase64(a.bytes);
    for (let at = 0; at < data.length; at += BASE64_LINE) out.push("// " + data.slice(at, at + BASE64_LINE));
  }
  out.push("");
  return out.map((l) => l + eol).join("");
}

/**
 * The length of `renderAttachment(a, eol)` without building it (the text is ASCII: names
 * are percent-encoded), so a caller can budget a large file before encoding it.
 */
export function renderedLength(a: CarriedAttachment, eol: string = "\n"): number {
  const marker = attachmentMarker(a).length + eol.length;
  if (!a.bytes) return marker + eol.length;
  const data = 4 * Math.ceil(a.bytes.byteLength / 3);
  const lines = Math.ceil(data / BASE64_LINE);
  return marker + data + lines * (3 + eol.length) + eol.length;
}

/** Standard base64 (with padding) of bytes; works on large inputs (encoded in pieces). */
export function toBase64(bytes: Uint8Array): string {
  let text = "";
  // A multiple of 3 bytes per piece, so the pieces' encodings concatenate without padding inside.
  const piece = 3 * 0x4000;
  for (let at = 0; at < bytes.length; at += piece) {
    const part = bytes.subarray(at, at + piece);
    let binary = "";
    for (let i = 0; i < part.length; i += 0x2000) binary += String.fromCharCode(...part.subarray(i, i + 0x2000));
    text += btoa(binary);
  }
  return text;
}

/** Bytes of standard base64 text, or undefined when it is not valid base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
