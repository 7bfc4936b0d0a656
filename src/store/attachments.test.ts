import "fake-indexeddb/auto";
import { table, toArrowIPC } from "arquero";
import { describe, expect, it } from "vitest";
import { attachFile, attachmentService, copyAttachments, listAttachments, readAttachment, removeAttachment } from "./attachments";
import { openStores } from "./db";
import { isStoreError } from "./errors";
import { parseAttachment } from "./parseAttachment";

const text = (s: string) => new TextEncoder().encode(s);

describe("attached files", () => {
  it("are stored per notebook, listed by name, read back by name, and removed", async () => {
    const stores = openStores("att1");
    await attachFile(stores, "nb", "tariffs.csv", text("a,b\n1,2\n"), 5);
    await attachFile(stores, "nb", "flows.json", text("[]"), 6);
    await attachFile(stores, "other", "x.csv", text("z\n"), 7);
    expect(await listAttachments(stores, "nb")).toEqual([
      { name: "flows.json", type: "json", size: 2, addedAt: 6 },
      { name: "tariffs.csv", type: "csv", size: 8, addedAt: 5 },
    ]);
    expect(await readAttachment(stores, "nb", "tariffs.csv")).toEqual(text("a,b\n1,2\n"));
    await removeAttachment(stores, "nb", "tariffs.csv");
    expect(await readAttachment(stores, "nb", "tariffs.csv")).toMatchObject({ kind: "attachment", message: 'no attached file named "tariffs.csv"' });
  });

  it("are copied to another notebook", async () => {
    const stores = openStores("att2");
    await attachFile(stores, "a", "t.tsv", text("x\ty\n"));
    await copyAttachments(stores, "a", "b");
    expect(await readAttachment(stores, "b", "t.tsv")).toEqual(text("x\ty\n"));
  });

  const refused: [name: string, message: RegExp][] = [
    ["model.parquet", /Parquet files are not supported/],
    ["notes.txt", /expected a \.csv, \.tsv, \.json or \.arrow file/],
    ["../up.csv", /not a usable file name/],
  ];
  it.each(refused)("refuses %s", async (name, message) => {
    const result = await attachFile(openStores("att3"), "nb", name, text("x"));
    expect(isStoreError(result) && result.message).toMatch(message);
  });
});

describe("parsing attached files", () => {
  const arrow = toArrowIPC(table({ country: ["FR", "DE"], tariff: [0.1, 0.2] })) as Uint8Array;
  const good: [name: string, bytes: Uint8Array, rows: object[]][] = [
    ["t.csv", text("country,tariff\nFR,0.1\n\nDE,0.2\n"), [{ country: "FR", tariff: 0.1 }, { country: "DE", tariff: 0.2 }]],
    ["t.csv", text('name,note\n"Smith, J.","said ""hi""\nthen left"\r\n'), [{ name: "Smith, J.", note: 'said "hi"\nthen left' }]],
    ["t.tsv", text("country\ttariff\nFR\t0.1\n"), [{ country: "FR", tariff: 0.1 }]],
    ["t.json", text('[{"country":"FR","tariff":0.1}]'), [{ country: "FR", tariff: 0.1 }]],
    ["t.json", text('{"country":["FR"],"tariff":[0.1]}'), [{ country: "FR", tariff: 0.1 }]],
    ["t.arrow", arrow, [{ country: "FR", tariff: 0.1 }, { country: "DE", tariff: 0.2 }]],
  ];
  it.each(good)("reads %s into a table", (name, bytes, rows) => {
    const result = parseAttachment(name, bytes);
    if (isStoreError(result)) throw new Error(result.message);
    expect(result.objects()).toEqual(rows);
  });

  const bad: [what: string, name: string, bytes: Uint8Array, line: number | undefined, message: RegExp][] = [
    ["a short row", "t.csv", text("a,b\n1,2\n3\n"), 3, /line 3: row has 1 field; the header has 2/],
    ["a long row after a multi-line field", "t.csv", text('a,b\n"x\ny",2\n3,4,5\n'), 4, /line 4: row has 3 fields; the header has 2/],
    ["an unclosed quote", "t.csv", text('a,b\n1,"open\n2,3\n'), 2, /line 2: a quoted field starts here and is never closed/],
    ["a TSV row with commas only", "t.tsv", text("a\tb\n1,2\n"), 2, /line 2: row has 1 field/],
    ["an empty file", "t.csv", text(" \n"), undefined, /is empty/],
    ["bad JSON", "t.json", text('[{"a":1}\n{"a":2}]'), 2, /line 2: not valid JSON/],
    ["JSON that is not a table", "t.json", text("42"), undefined, /array of row objects or an object of column arrays/],
    ["bytes that are not Arrow", "t.arrow", new Uint8Array([1, 2, 3]), undefined, /not a valid Arrow IPC file/],
    ["text that is not UTF-8", "t.csv", new Uint8Array([0x61, 0xff, 0x0a]), undefined, /not UTF-8 text/],
  ];
  it.each(bad)("reports %s clearly", (_what, name, bytes, line, message) => {
    const result = parseAttachment(name, bytes);
    expect(isStoreError(result)).toBe(true);
    if (!isStoreError(result) || result.kind !== "attachment") return;
    expect(result.message).toMatch(message);
    expect(result.line).toBe(line);
  });
});

describe("the FileAttachment service", () => {
  it("answers with the open notebook's bytes and type, or a message", async () => {
    const stores = openStores("att4");
    await attachFile(stores, "nb", "t.csv", text("a\n1\n"));
    const service = attachmentService(stores, () => "nb");
    expect(await service("t.csv")).toEqual({ ok: true, bytes: text("a\n1\n"), mimeType: "text/csv" });
    expect(await service("missing.csv")).toEqual({ ok: false, message: 'no attached file named "missing.csv"' });
  });
});
