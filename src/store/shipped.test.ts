import "fake-indexeddb/auto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serialize } from "../notebook/format";
import { openStores } from "./db";
import { isStoreError } from "./errors";
import { openShipped } from "./library";
import { listShipped } from "./shipped";

describe("shipped notebooks", () => {
  it("are listed with loaders for their exact text", async () => {
    const example = listShipped().find((n) => n.name === "format-example.ts");
    expect(example).toBeDefined();
    const text = await example!.load();
    expect(text).toBe(readFileSync(join(__dirname, "../../notebooks/format-example.ts"), "utf8"));
  });

  it("open as copies whose saved form is the original text", async () => {
    const stores = openStores("shipped");
    const example = listShipped().find((n) => n.name === "format-example.ts")!;
    const opened = await openShipped(stores, example.name, await example.load());
    if (isStoreError(opened)) throw new Error(opened.message);
    expect(serialize(opened.saved.doc)).toBe(await example.load());
  });
});
