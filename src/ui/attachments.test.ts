import { afterEach, describe, expect, test, vi } from "vitest";
import { attachmentNames, fetchShippedAhead, shippedAttachment } from "./attachments";

describe("shipped attachments fetched ahead", () => {
  afterEach(() => vi.unstubAllGlobals());

  test("the names a notebook's cells pass as literals, in order, once each; computed names are not guessed", () => {
    const names = attachmentNames([
      'const a = await FileAttachment("study/sectors.csv").csv();',
      "const b = FileAttachment('study/facts.csv'); const c = FileAttachment(`study/sectors.csv`);",
      "const d = FileAttachment(name); const e = FileAttachment(`study/${x}.csv`); const f = FileAttachment(\"a b.csv\");",
    ]);
    expect(names).toEqual(["study/sectors.csv", "study/facts.csv"]);
  });

  test("a file fetched ahead answers the first request without another fetch; the next request fetches again", async () => {
    const fetched: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => {
      fetched.push(url);
      return new Response("x,y\n1,2\n", { headers: { "Content-Type": "text/csv; charset=utf-8" } });
    });
    fetchShippedAhead(["study/sectors.csv"]);
    expect(fetched).toEqual(["/data/study/sectors.csv"]);
    const first = await shippedAttachment("study/sectors.csv");
    expect(first.ok && new TextDecoder().decode(first.bytes)).toBe("x,y\n1,2\n");
    expect(fetched).toHaveLength(1);
    const second = await shippedAttachment("study/sectors.csv");
    expect(second.ok && second.mimeType).toBe("text/csv");
    expect(fetched).toHaveLength(2);
  });

  test("names that are not plain data paths are never fetched, ahead or on request", async () => {
    const fetched: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => (fetched.push(url), new Response("")));
    fetchShippedAhead(["../secret", "a/../../b"]);
    const reply = await shippedAttachment("../secret");
    expect(reply.ok).toBe(false);
    expect(fetched).toEqual([]);
  });
});
