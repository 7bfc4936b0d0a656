import { describe, expect, it } from "vitest";
import { makeCell, makeDoc } from "./document";
import { fromBase64, renderAttachment, renderedLength, toBase64, type CarriedAttachment } from "./fileAttachments";
import { isFormatError, parse, parseFile, serialize, type ParsedFile } from "./format";

const doc = makeDoc([makeCell('const flows = await FileAttachment("trade_flows.csv").csv();', "code", { id: "flows" })], { title: "Flows" });
const csv = new TextEncoder().encode("reporter,partner,year,value\nKG,RU,2010,1234.5\nKG,KZ,2010,456\n");

/** Bytes 0..255 repeated: every byte value, including ones that are not UTF-8. */
function allBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + 3) % 256);
}

function read(text: string): ParsedFile {
  const file = parseFile(text);
  if (isFormatError(file)) throw new Error(`line ${file.line}: ${file.message}`);
  return file;
}

describe("attachments carried in the notebook file", () => {
  it("a file with attachments round-trips: the same bytes, names and cells, and the same text written back", () => {
    const attachments: CarriedAttachment[] = [
      { name: "trade_flows.csv", size: csv.byteLength, bytes: csv },
      { name: "odd name (2) %.arrow", size: 1000, bytes: allBytes(1000) },
      { name: "empty.json", size: 0, bytes: new Uint8Array(0) },
    ];
    const text = serialize(doc, attachments);
    const back = read(text);
    expect(back.doc.cells).toEqual(doc.cells);
    expect(back.attachments.map((a) => a.name)).toEqual(attachments.map((a) => a.name));
    back.attachments.forEach((a, i) => expect([...a.bytes!]).toEqual([...attachments[i]!.bytes!]));
    expect(serialize(back.doc, back.attachments)).toBe(text);
  });

  it("the section is plain text: a marker naming the file and its size, base64 in 76-character comment lines, before the end marker", () => {
    const text = serialize(doc, [{ name: "a b.csv", size: 200, bytes: allBytes(200) }]);
    const lines = text.split("\n");
    const at = lines.indexOf("// %% attachment name=a%20b.csv size=200 encoding=base64");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]!.length).toBe(3 + 76);
    expect(text.endsWith("\n\n// %% end\n")).toBe(true);
  });

  it("a CRLF file with a byte-order mark keeps both around its attachment sections", () => {
    const crlf = parse("\uFEFF// caravan: 1\r\n// title: T\r\n\r\n// %% [code id=a]\r\n1\r\n\r\n// %% end\r\n");
    if (isFormatError(crlf)) throw new Error(crlf.message);
    const text = serialize(crlf, [{ name: "x.csv", size: csv.byteLength, bytes: csv }]);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    const back = read(text);
    expect(new TextDecoder().decode(back.attachments[0]!.bytes)).toBe(new TextDecoder().decode(csv));
    expect(serialize(back.doc, back.attachments)).toBe(text);
  });

  it("an attachment the sender left out comes back as its name and size, without bytes", () => {
    const back = read(serialize(doc, [{ name: "big.csv", size: 3_355_443 }]));
    expect(back.attachments).toEqual([{ name: "big.csv", size: 3_355_443 }]);
  });

  it("parse reads a file with attachments as its document alone", () => {
    const d = parse(serialize(doc, [{ name: "x.csv", size: csv.byteLength, bytes: csv }]));
    if (isFormatError(d)) throw new Error(d.message);
    expect(d.cells).toEqual(doc.cells);
  });

  it("a notebook without attachments is written exactly as before", () => {
    expect(serialize(doc, [])).toBe(serialize(doc));
    expect(serialize(doc)).not.toContain("attachment name=");
  });

  const good = serialize(doc, [{ name: "x.csv", size: csv.byteLength, bytes: csv }]);
  const marker = `// %% attachment name=x.csv size=${csv.byteLength} encoding=base64`;
  const cases: [string, string, RegExp][] = [
    ["truncated data", good.replace(/\n\/\/ [A-Za-z0-9+/=]+\n\n\/\/ %% end/, "\n\n// %% end"), /holds \d+ bytes, not the \d+ its marker says|not base64/],
    ["a size smaller than the data", good.replace(`size=${csv.byteLength}`, "size=3"), /holds more data than its size/],
    ["data that is not base64", good.replace(marker + "\n// ", marker + "\n// !!"), /not base64|more data/],
    ["a cell after the attachments", good.replace("// %% end", "// %% [code id=late]\n1\n\n// %% end"), /cells must come before the attachment sections/],
    ["the same name twice", good.replace("// %% end", marker.replace(/size=\d+ encoding=base64/, "size=0 omitted=true") + "\n\n// %% end"), /attachment "x.csv" is already carried on line \d+/],
    ["a name with a slash", good.replace("name=x.csv", "name=..%2Fx.csv"), /not a usable attachment name/],
    ["no size", good.replace(` size=${csv.byteLength}`, ""), /needs a name and a size/],
    ["both encoded and omitted", good.replace("encoding=base64", "encoding=base64 omitted=true"), /either included .* or omitted/],
    ["an unknown encoding", good.replace("encoding=base64", "encoding=hex"), /unknown attachment encoding "hex"/],
    ["data under an omitted marker", good.replace("encoding=base64", "omitted=true"), /marked omitted=true but holds data/],
    ["a size past the attachment limit", good.replace(`size=${csv.byteLength}`, `size=${64 * 1024 * 1024 + 1}`), /more than the 67,108,864 an attachment may hold/],
  ];
  it.each(cases)("a damaged section is refused with its line: %s", (_, text, message) => {
    const file = parseFile(text);
    expect(isFormatError(file)).toBe(true);
    if (!isFormatError(file)) return;
    expect(file.message).toMatch(message);
    expect(file.line).toBeGreaterThan(1);
  });

  it("more attachments than the limit stop at the first one past it", () => {
    const many = Array.from({ length: 4 }, (_, i) => ({ name: `f${i}.csv`, size: 1, bytes: new Uint8Array([65]) }));
    const file = parseFile(serialize(doc, many), { limits: { attachments: 3 } });
    expect(isFormatError(file) && file.message).toBe("more than 3 attachments: a notebook may carry at most 3");
  });

  it("base64 of every byte value round-trips, also past one encoding piece", () => {
    const bytes = allBytes(3 * 0x4000 + 5);
    expect([...fromBase64(toBase64(bytes))!]).toEqual([...bytes]);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });

  it.each([0, 1, 2, 3, 56, 57, 58, 1000])("the length of a section is known before it is written (%i bytes)", (size) => {
    const a: CarriedAttachment = { name: "é x.csv", size, bytes: allBytes(size) };
    for (const eol of ["\n", "\r\n"]) {
      expect(renderedLength(a, eol)).toBe(renderAttachment(a, eol).length);
      expect(renderedLength({ name: a.name, size }, eol)).toBe(renderAttachment({ name: a.name, size }, eol).length);
    }
  });
});
