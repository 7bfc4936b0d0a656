import { describe, expect, test } from "vitest";
import * as aq from "arquero";
import { Columns } from "./values";
import { delimited, field } from "./delimited";

describe("delimited text", () => {
  test.each([
    ["plain", ",", "plain"],
    ["a,b", ",", '"a,b"'],
    ['say "hi"', ",", '"say ""hi"""'],
    ["two\nlines", ",", '"two\nlines"'],
    ["a,b", "\t", "a,b"],
    ["a\tb", "\t", '"a\tb"'],
  ])("field %j with separator %j is written %j", (text, separator, expected) => {
    expect(field(text, separator)).toBe(expected);
  });

  const t = aq.table({ "name, full": ["Côte d'Ivoire", 'The "Bahamas"', null], value: [0.1 + 0.2, -0, 1e21], day: [new Date("2020-01-01"), null, new Date("2020-01-01T12:30:00Z")] });
  const columns = new Columns(t as never);

  test("CSV has a quoted header, values in full, empty nulls and CRLF line ends", () => {
    const { text, rows, truncated } = delimited(columns, [0, 1, 2], ",", 10);
    expect(text).toBe(['"name, full",value,day', "Côte d'Ivoire,0.30000000000000004,2020-01-01", '"The ""Bahamas""",0,', ",1e+21,2020-01-01T12:30:00.000Z", ""].join("\r\n"));
    expect({ rows, truncated }).toEqual({ rows: 3, truncated: false });
  });

  test("the rows come in the order given, up to the limit", () => {
    const { text, rows, truncated } = delimited(columns, [2, 0], "\t", 1);
    expect(text).toBe("name, full\tvalue\tday\r\n\t1e+21\t2020-01-01T12:30:00.000Z\r\n");
    expect({ rows, truncated }).toEqual({ rows: 1, truncated: true });
  });

  test("the character cap stops before the row that would pass it", () => {
    const { rows, truncated } = delimited(columns, [0, 1, 2], ",", 10, 80);
    expect(rows).toBe(1);
    expect(truncated).toBe(true);
  });
});
