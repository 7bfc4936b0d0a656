import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isFormatError, parse, serialize } from "./format";

const folder = join(__dirname, "../../notebooks");
const files = readdirSync(folder).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

describe("the shipped notebooks", () => {
  it("include at least the format example", () => {
    expect(files).toContain("format-example.ts");
  });
  it.each(files)("%s reads without error and writes back byte for byte", (file) => {
    const text = readFileSync(join(folder, file), "utf8");
    const doc = parse(text);
    if (isFormatError(doc)) throw new Error(`${file}:${doc.line}: ${doc.message}`);
    expect(doc.cells.length).toBeGreaterThan(0);
    expect(serialize(doc)).toBe(text);
  });
});

describe("the documented example", () => {
  it("in FORMAT.md reads as three cells with modes and outputs, and writes back byte for byte", () => {
    const md = readFileSync(join(__dirname, "FORMAT.md"), "utf8");
    const text = /```ts\n([\s\S]*?)```/.exec(md)![1]!;
    const doc = parse(text);
    if (isFormatError(doc)) throw new Error(`FORMAT.md:${doc.line}: ${doc.message}`);
    expect(doc.cells.map((c) => [c.id, c.kind, c.mode, c.output])).toEqual([
      ["intro", "markdown", "auto", undefined],
      ["tariff", "code", "auto", "0.25"],
      ["price", "code", "manual", "125"],
    ]);
    expect(serialize(doc)).toBe(text);
    expect(doc.layout).toBeUndefined();
  });
});
