import { describe, expect, it } from "vitest";
import { runInNewContext } from "node:vm";
import type { MessagePort as NodePort } from "node:worker_threads";
import { RELAY_MS, RELAY_SOURCE } from "./relay";
import { parseSavedPortOffer } from "./protocol";

/** Runs the relay's script in a fresh context; returns its message handler and what it posted to the host. */
function relay() {
  const { port1, port2 } = new MessageChannel();
  const batches: unknown[][] = [];
  (port2 as unknown as NodePort).on("message", (data: { caravan: string; records: unknown[] }) => {
    expect(data.caravan).toBe("saved");
    batches.push(data.records);
  });
  const context: Record<string, unknown> = { performance, setTimeout, MessagePort };
  runInNewContext(RELAY_SOURCE, context);
  const receive = (data: unknown) => (context.onmessage as (event: { data: unknown }) => void)({ data });
  receive({ host: port1 });
  return { receive, batches, close: () => (port1.close(), port2.close()) };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the saved-values relay", () => {
  it("passes every record on, in order, and a burst in a few batches rather than one message each", async () => {
    const r = relay();
    for (let k = 0; k < 1000; k++) r.receive({ type: "saved", cell: `c${k}`, k });
    await settle(RELAY_MS * 4);
    const all = r.batches.flat() as { k: number }[];
    expect(all.map((record) => record.k)).toEqual(Array.from({ length: 1000 }, (_, k) => k));
    // The first record leaves at once (nothing was sent lately), the rest wait for one timer.
    expect(r.batches.length).toBeLessThanOrEqual(3);
    expect(r.batches[0]).toHaveLength(1);
    r.close();
  });

  it("sends a record that comes after a quiet spell at once", async () => {
    const r = relay();
    r.receive({ type: "saved", cell: "a" });
    await settle(RELAY_MS * 3);
    const before = r.batches.length;
    r.receive({ type: "saved", cell: "b" });
    await settle(5);
    expect(r.batches.length).toBe(before + 1);
    expect(r.batches.at(-1)).toEqual([{ type: "saved", cell: "b" }]);
    r.close();
  });

  it("ignores what comes before its port", async () => {
    const { port1, port2 } = new MessageChannel();
    const batches: unknown[][] = [];
    (port2 as unknown as NodePort).on("message", (data: { records: unknown[] }) => batches.push(data.records));
    const context: Record<string, unknown> = { performance, setTimeout, MessagePort };
    runInNewContext(RELAY_SOURCE, context);
    const receive = (data: unknown) => (context.onmessage as (event: { data: unknown }) => void)({ data });
    receive({ type: "saved", cell: "early" });
    receive({ host: port1 });
    receive({ type: "saved", cell: "late" });
    await settle(RELAY_MS * 2);
    expect(batches.flat()).toEqual([{ type: "saved", cell: "late" }]);
    port1.close();
    port2.close();
  });
});

describe("parseSavedPortOffer", () => {
  it("takes only a port offered as such", () => {
    const { port1, port2 } = new MessageChannel();
    expect(parseSavedPortOffer({ caravan: "saved-port", port: port1 })).toBe(port1);
    expect(parseSavedPortOffer({ caravan: "saved-port", port: {} })).toBeNull();
    expect(parseSavedPortOffer({ caravan: "relay", port: port1 })).toBeNull();
    expect(parseSavedPortOffer(null)).toBeNull();
    expect(parseSavedPortOffer({ type: "saved", cell: "a" })).toBeNull();
    port1.close();
    port2.close();
  });
});
