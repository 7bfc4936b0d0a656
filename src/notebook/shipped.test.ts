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
