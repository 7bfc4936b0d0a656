/**
 * Byte helpers shared by share links: base64url, CRC-32, and deflate-raw through the
 * platform's CompressionStream (browsers and Node 20 both have it).
 */

/** Encodes bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes base64url (padding optional); undefined when the text is not base64url. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let table: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3), as zip and PNG use. */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = table[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Thrown by `inflateRaw` when the output would pass its limit (nothing past it is produced). */
export class OutputLimitError extends RangeError {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
    this.name = "OutputLimitError";
  }
}

// Input is fed in small pieces and output is counted as it comes, so a decompression bomb
// stops at the limit after producing about one piece's worth more, never its full size.
const PIECE = 1024;

async function pump(bytes: Uint8Array, stream: TransformStream<Uint8Array, Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let stopped = false;
  const feed = (async () => {
    for (let at = 0; at < bytes.length && !stopped; at += PIECE) await writer.write(bytes.subarray(at, at + PIECE));
    if (!stopped) await writer.close();
  })();
  feed.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        stopped = true;
        await reader.cancel().catch(() => undefined);
        await writer.abort().catch(() => undefined);
        throw new OutputLimitError(maxBytes);
      }
      chunks.push(value);
    }
    await feed;
  } finally {
    stopped = true;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Compresses with raw DEFLATE. */
export function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  return pump(bytes, new CompressionStream("deflate-raw") as unknown as TransformStream<Uint8Array, Uint8Array>, Infinity);
}

/** Decompresses raw DEFLATE; rejects on damaged input, or with `OutputLimitError` as soon as the output passes `maxBytes`. */
export function inflateRaw(bytes: Uint8Array, maxBytes = 16 * 1024 * 1024): Promise<Uint8Array> {
  return pump(bytes, new DecompressionStream("deflate-raw") as unknown as TransformStream<Uint8Array, Uint8Array>, maxBytes);
}
