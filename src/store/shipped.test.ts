import "fake-indexeddb/auto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serialize } from "../notebook/format";
import { openStores } from "./db";
import { isStoreError } from "./errors";
import { openShipped } from "./library";
import { listShipped, SHIPPED_CATALOGUE } from "./shipped";

const folder = join(__dirname, "../../notebooks");

describe("shipped notebooks", () => {
  it("are listed with loaders for their exact text", async () => {
    const example = listShipped().find((n) => n.name === "format-example.ts");
    expect(example).toBeDefined();
    const text = await example!.load();
    expect(text).toBe(readFileSync(join(folder, "format-example.ts"), "utf8"));
  });

  it("open as copies whose saved form is the original text", async () => {
    const stores = openStores("shipped");
    const example = listShipped().find((n) => n.name === "format-example.ts")!;
    const opened = await openShipped(stores, example.name, await example.load());
    if (isStoreError(opened)) throw new Error(opened.message);
    expect(serialize(opened.saved.doc)).toBe(await example.load());
  });

  it("are every notebook file, each with its file's title and a one-line description, the study first and the teaching notebooks next", () => {
    const onDisk = readdirSync(folder).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort();
    const listed = listShipped();
    expect(listed.map((n) => n.name).sort()).toEqual(onDisk);
    expect(listed.slice(0, 4).map((n) => n.name)).toEqual([
      "kyrgyzstan-customs-union.caravan.ts", "smart-and-gsim.caravan.ts", "textbook-cge.caravan.ts", "union-trade-explorer.caravan.ts",
    ]);
    for (const n of listed) {
      const header = /^\/\/ title: (.*)$/m.exec(readFileSync(join(folder, n.name), "utf8"))?.[1];
      expect(n.title, `${n.name}: the catalogue's title must be the file's // title: header`).toBe(header);
      expect(n.description, `${n.name} has no description in SHIPPED_CATALOGUE`).not.toBe("");
      expect(n.description).not.toContain("\n");
      expect(n.description.length).toBeLessThanOrEqual(180);
    }
  });

  it("catalogue only files that exist", () => {
    for (const c of SHIPPED_CATALOGUE) expect(listShipped().some((n) => n.name === c.name), c.name).toBe(true);
  });
});
