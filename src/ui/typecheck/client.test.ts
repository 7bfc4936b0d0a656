import { describe, expect, test } from "vitest";
import type { TypesRequest } from "../../../workers/ts/protocol";
import { TypesClient } from "./client";

/** A worker that records what it is sent and answers only when told. */
function fakeWorker() {
  const sent: TypesRequest[] = [];
  const worker = {
    onmessage: null as ((event: MessageEvent) => void) | null,
    postMessage: (message: TypesRequest) => void sent.push(message),
    terminate: () => {},
    reply: (data: unknown) => worker.onmessage?.({ data } as MessageEvent),
  };
  return { worker, sent };
}

describe("questions to the language-service worker", () => {
  test("an answer resolves the question it names", async () => {
    const { worker, sent } = fakeWorker();
    const client = new TypesClient(worker);
    client.update([{ id: "a", text: "aq." }]);
    const asked = client.ask<"completions">({ kind: "completions", cell: "a", pos: 3 }, 1000);
    const request = (sent[1] as { request: number }).request;
    worker.reply({ kind: "completions", request, from: 3, entries: [{ name: "from", kind: "function" }] });
    expect(await asked).toEqual({ kind: "completions", request, from: 3, entries: [{ name: "from", kind: "function" }] });
  });

  test("a question aborted by typing on resolves to null and is withdrawn from the worker", async () => {
    const { worker, sent } = fakeWorker();
    const client = new TypesClient(worker);
    client.update([{ id: "a", text: "aq.f" }]);
    const abort = new AbortController();
    const asked = client.ask<"completions">({ kind: "completions", cell: "a", pos: 4 }, 10_000, abort.signal);
    const request = (sent[1] as { request: number }).request;
    abort.abort();
    expect(await asked).toBeNull();
    expect(sent[2]).toEqual({ kind: "cancel", request });
    // A late answer to the withdrawn question is ignored.
    worker.reply({ kind: "completions", request, from: 3, entries: [] });
  });

  test("a question already aborted is never sent", async () => {
    const { worker, sent } = fakeWorker();
    const client = new TypesClient(worker);
    const abort = new AbortController();
    abort.abort();
    expect(await client.ask<"hover">({ kind: "hover", cell: "a", pos: 0 }, 1000, abort.signal)).toBeNull();
    expect(sent).toEqual([]);
  });

  test("a withdrawn answer (failed) resolves to null", async () => {
    const { worker, sent } = fakeWorker();
    const client = new TypesClient(worker);
    const asked = client.ask<"completions">({ kind: "completions", cell: "a", pos: 0 }, 1000);
    worker.reply({ kind: "failed", request: (sent[0] as { request: number }).request, message: "withdrawn" });
    expect(await asked).toBeNull();
  });

  test("partial diagnostics reach the listener while the question stays open; the last reply answers it", async () => {
    const { worker, sent } = fakeWorker();
    const client = new TypesClient(worker);
    const partial: string[][] = [];
    client.onPartial = (reply) => partial.push(Object.keys(reply.cells));
    client.update([{ id: "a", text: "x" }, { id: "b", text: "y" }]);
    let answered = false;
    const asked = client.ask<"diagnostics">({ kind: "diagnostics" }, 1000).then((r) => ((answered = true), r));
    const request = (sent[1] as { request: number }).request;
    worker.reply({ kind: "diagnostics", request, cells: { a: [] }, partial: true });
    await Promise.resolve();
    expect(partial).toEqual([["a"]]);
    expect(answered).toBe(false);
    worker.reply({ kind: "diagnostics", request, cells: { a: [], b: [] } });
    expect(await asked).toEqual({ kind: "diagnostics", request, cells: { a: [], b: [] } });
    // A partial reply to a question nobody waits for is not passed on.
    worker.reply({ kind: "diagnostics", request, cells: { b: [] }, partial: true });
    expect(partial).toEqual([["a"]]);
  });
});
