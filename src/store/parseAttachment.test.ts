import { describe, expect, it } from "vitest";
import { isStoreError } from "./errors";
import { checkDelimited, parseAttachment } from "./parseAttachment";

const text = (s: string) => new TextEncoder().encode(s);
const parseError = (name: string, s: string) => {
  const result = parseAttachment(name, text(s));
  if (!isStoreError(result) || result.kind !== "attachment") throw new Error(`expected an error for ${JSON.stringify(s)}`);
  return result;
};

describe("CSV header names", () => {
  it.each(Object.getOwnPropertyNames(Object.prototype))("refuses a column named %s, naming it and line 1", (column) => {
    const error = parseError("p.csv", `x,${column}\n1,2\n`);
    expect(error.line).toBe(1);
    expect(error.message).toContain(`"${column}"`);
    expect(error.message).toMatch(/^line 1: column 2 .*rename the column/);
  });

  it("refuses duplicate names, naming both column positions", () => {
    const error = parseError("d.csv", "a,b,a\n1,2,3\n");
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/line 1: columns 1 and 3 are both named "a"/);
  });

  it("refuses an empty name, naming its position (also when quoted)", () => {
    expect(parseError("e.csv", "a,\n1,2\n").message).toMatch(/line 1: column 2 has no name/);
    expect(parseError("e.csv", '"",b\n1,2\n').message).toMatch(/line 1: column 1 has no name/);
  });

  it("reads quoted names and names that merely resemble built-ins", () => {
    const result = parseAttachment("q.csv", text('"a,b",proto,Constructor\n1,2,3\n'));
    if (isStoreError(result)) throw new Error(result.message);
    expect(result.objects()).toEqual([{ "a,b": 1, proto: 2, Constructor: 3 }]);
  });
});

describe("CSV type inference", () => {
  it("sees every row: a text value after row 1,000 makes the column text instead of a missing value", () => {
    const rows = Array.from({ length: 1100 }, (_, i) => String(i));
    const result = parseAttachment("late.csv", text(`n\n${rows.join("\n")}\nabc\n`));
    if (isStoreError(result)) throw new Error(result.message);
    expect(result.numRows()).toBe(1101);
    expect(result.get("n", 1100)).toBe("abc");
    expect(result.get("n", 5)).toBe("5");
  });

  it("still reads an all-number column of more than 1,000 rows as numbers", () => {
    const rows = Array.from({ length: 1100 }, (_, i) => String(i));
    const result = parseAttachment("many.csv", text(`n\n${rows.join("\n")}\n`));
    if (isStoreError(result)) throw new Error(result.message);
    expect(result.get("n", 1099)).toBe(1099);
  });
});

describe("CSV quoting", () => {
  it.each([
    ["text after a closing quote", 'a,b\n1,"xy"z\n', 2],
    ["text after a closing quote, before a delimiter", 'a,b\n1,"x"y\n', 2],
    ["text after a quoted field with line breaks", 'a,b\n"p\nq",1\n2,"x\ny"z\n', 5],
    ["text after a quoted field with CRLF inside", 'a,b\r\n"p\r\nq",1\r\n2,"xy" \r\n', 4],
  ])("refuses %s, naming the line", (_what, s, line) => {
    const error = parseError("q.csv", s);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`^line ${line}: text follows the closing quote`));
  });

  it("still reads doubled quotes and quoted delimiters", () => {
    const result = parseAttachment("ok.csv", text('a,b\n"x ""y"", z",1\n'));
    if (isStoreError(result)) throw new Error(result.message);
    expect(result.objects()).toEqual([{ a: 'x "y", z', b: 1 }]);
  });
});

describe("checkDelimited with skip and comment", () => {
  it("skips lines before the header and counts lines in the original file", () => {
    const checked = checkDelimited("s.csv", "meta line\nmore,meta,x\n\na,b\n1,2\n3,4\n", ",", { skip: 3 });
    expect(checked).toEqual({ text: "a,b\n1,2\n3,4\n", rows: 2 });
    const error = checkDelimited("s.csv", "meta line\nmore,meta,x\na,b\n1,2\n3\n", ",", { skip: 2 });
    expect(isStoreError(error) && error.kind === "attachment" && [error.line, error.message]).toEqual([5, "line 5: row has 1 field; the header has 2"]);
  });

  it("ignores comment lines, with line numbers still those of the file", () => {
    const checked = checkDelimited("c.csv", "# c,d,e\na,b\n1,2\n# x\n3,4\n", ",", { comment: "#" });
    expect(checked).toEqual({ text: "a,b\n1,2\n3,4\n", rows: 2 });
    const error = checkDelimited("c.csv", "# c,d,e\na,b\n# x,y,z\n1\n", ",", { comment: "#" });
    expect(isStoreError(error) && error.kind === "attachment" && error.line).toBe(4);
  });

  it("does not treat the first row as a header when header is false", () => {
    expect(checkDelimited("h.csv", "a,a\n1,2\n", ",", { header: false })).toEqual({ text: "a,a\n1,2\n", rows: 2 });
  });
});
