import { describe, expect, it } from "vitest";
import { runInNewContext } from "node:vm";
import type { MessagePort as NodePort } from "node:worker_threads";
import { RELAY_MS, RELAY_SOURCE } from "./relay";
import { parseSavedPortOffer } from "./protocol";

type Message = { caravan: string; records: { k: number }[] };

/** Runs the relay's script in a fresh context; returns its message handler, what it sent the host and what it told its kernel worker. */
function relay(connect = true) {
  const host = new MessageChannel();
  const toHost: Message[] = [];
  (host.port2 as unknown as NodePort).on("message", (data: Message) => toHost.push(data));
  const told: unknown[] = [];
  const context: Record<string, unknown> = { performance, setTimeout, clearTimeout, MessagePort, postMessage: (m: unknown) => told.push(m) };
  runInNewContext(RELAY_SOURCE, context);
  const receive = (data: unknown) => (context.onmessage as (event: { data: unknown }) => void)({ data });
  const ports = { host: host.port1 };
  if (connect) receive(ports);
  return { receive, toHost, told, ports, close: () => (host.port1.close(), host.port2.close()) };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const record = (k: number) => ({ saved: { type: "saved", cell: `c${k}`, k } });

describe("the saved-values relay", () => {
  it("passes every record on, in order, a burst in a few batches rather than one message each", async () => {
    const r = relay();
    for (let k = 0; k < 1000; k++) r.receive(record(k));
    await settle(RELAY_MS * 4);
    expect(r.toHost.every((m) => m.caravan === "saved")).toBe(true);
    expect(r.toHost.flatMap((m) => m.records.map((x) => x.k))).toEqual(Array.from({ length: 1000 }, (_, k) => k));
    // The first record leaves at once (nothing was sent lately); the rest wait for one timer.
    expect(r.toHost[0]!.records).toHaveLength(1);
    expect(r.toHost.length).toBeLessThanOrEqual(3);
    r.close();
  });

  it("sends a record that comes after a quiet spell at once, and one right after a batch within RELAY_MS", async () => {
    const r = relay();
    r.receive(record(0));
    await settle(RELAY_MS * 3);
    r.receive(record(1));
    await settle(5);
    expect(r.toHost.map((m) => m.records[0]!.k)).toEqual([0, 1]);
    r.receive(record(2));
    await settle(RELAY_MS + 15);
    expect(r.toHost.map((m) => m.records[0]!.k)).toEqual([0, 1, 2]);
    r.close();
  });

  it("ignores what comes before its port, and tells its kernel worker it is ready only once it has it", async () => {
    const r = relay(false);
    r.receive(record(0));
    expect(r.told).toEqual([]);
    r.receive(r.ports);
    expect(r.told).toEqual(["ready"]);
    r.receive(record(1));
    await settle(RELAY_MS * 2);
    expect(r.toHost.flatMap((m) => m.records.map((x) => x.k))).toEqual([1]);
    r.close();
  });
});

describe("the host's port offer", () => {
  it("is taken only when shaped as such", () => {
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
