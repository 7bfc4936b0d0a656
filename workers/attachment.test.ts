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

describe("FileAttachment csv() options and checks", () => {
  it("csv({ skip }) skips lines before the header instead of failing on them", async () => {
    const table = await fileAttachment("s.csv", serve("meta line\nmore,meta,x\na,b\n1,2\n")).csv({ skip: 2 });
    expect(table.objects()).toEqual([{ a: 1, b: 2 }]);
    await expect(fileAttachment("s.csv", serve("meta line\nmore,meta,x\na,b\n1,2\n3\n")).csv({ skip: 2 })).rejects.toThrow(/s\.csv: line 5: row has 1 field/);
  });

  it("csv({ comment }) ignores comment lines instead of failing on them", async () => {
    const table = await fileAttachment("c.csv", serve("# c,d,e\na,b\n1,2\n# x\n3,4\n")).csv({ comment: "#" });
    expect(table.objects()).toEqual([{ a: 1, b: 2 }, { a: 3, b: 4 }]);
  });

  it("csv() refuses unusable header names and text after a closing quote", async () => {
    await expect(fileAttachment("p.csv", serve("__proto__,b\n1,2\n")).csv()).rejects.toThrow(/p\.csv: line 1: column 1 is named "__proto__".*rename/);
    await expect(fileAttachment("d.csv", serve("a,a\n1,2\n")).csv()).rejects.toThrow(/d\.csv: line 1: columns 1 and 2 are both named "a"/);
    await expect(fileAttachment("q.csv", serve('a,b\n1,"xy"z\n')).csv()).rejects.toThrow(/q\.csv: line 2: text follows the closing quote/);
  });

  it("csv() infers types from every row, and csv({ header: false }) still works", async () => {
    const rows = Array.from({ length: 1100 }, (_, i) => String(i));
    const table = await fileAttachment("late.csv", serve(`n\n${rows.join("\n")}\nabc\n`)).csv();
    expect(table.get("n", 1100)).toBe("abc");
    const plain = await fileAttachment("h.csv", serve("1,2\n3,4\n")).csv({ header: false });
    expect(plain.objects()).toEqual([{ col1: 1, col2: 2 }, { col1: 3, col2: 4 }]);
  });
});
