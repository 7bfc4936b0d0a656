import { describe, expect, it } from "vitest";
import { fileAttachment, type AttachmentSource } from "./builtins";

const serve = (text: string): AttachmentSource => async () => ({ ok: true, bytes: new TextEncoder().encode(text), mimeType: "text/plain" });

describe("FileAttachment in the kernel worker", () => {
  it("a CSV row with too few fields fails naming the file and its line", async () => {
    await expect(fileAttachment("tariffs.csv", serve("hs,tariff\n0101,5\n0102\n0103,7\n")).csv()).rejects.toThrow(/tariffs\.csv: line 3/);
  });

  it("a well-formed CSV parses into a table with typed columns", async () => {
    const table = await fileAttachment("t.csv", serve("hs,tariff\n0101,5\n0102,7.5\n")).csv();
    expect(table.numRows()).toBe(2);
    expect(table.array("tariff")).toEqual([5, 7.5]);
  });

  it("table() picks the parser from the file name (TSV here) and checks rows too", async () => {
    const table = await fileAttachment("t.tsv", serve("a\tb\n1\t2\n")).table();
    expect(table.objects()).toEqual([{ a: 1, b: 2 }]);
    await expect(fileAttachment("t.tsv", serve("a\tb\n1\t2\t3\n")).table()).rejects.toThrow(/t\.tsv: .*line 2/);
  });
});
