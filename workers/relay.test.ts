import { describe, expect, it } from "vitest";
import { runInNewContext } from "node:vm";
import type { MessagePort as NodePort } from "node:worker_threads";
import { RELAY_MAX_EVENTS, RELAY_MS, RELAY_SOURCE } from "./relay";
import { parseSavedPortOffer } from "./protocol";
import { parseRelayOffer } from "./door";

type Message = { caravan: string; events?: { n: number }[]; records?: unknown[] };

/** Runs the relay's script in a fresh context; returns its message handler and what it sent the page and the host. */
function relay(connect = true) {
  const page = new MessageChannel();
  const host = new MessageChannel();
  const toPage: Message[] = [];
  const toHost: Message[] = [];
  (page.port2 as unknown as NodePort).on("message", (data: Message) => toPage.push(data));
  (host.port2 as unknown as NodePort).on("message", (data: Message) => toHost.push(data));
  const told: unknown[] = [];
  const context: Record<string, unknown> = { performance, setTimeout, clearTimeout, MessagePort, postMessage: (m: unknown) => told.push(m) };
  runInNewContext(RELAY_SOURCE, context);
  const receive = (data: unknown) => (context.onmessage as (event: { data: unknown }) => void)({ data });
  const ports = { page: page.port1, host: host.port1 };
  if (connect) receive(ports);
  const close = () => [page.port1, page.port2, host.port1, host.port2].forEach((p) => p.close());
  return { receive, toPage, toHost, close, ports, told };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const batch = (from: number, count: number) => ({ events: Array.from({ length: count }, (_, k) => ({ n: from + k })), transfer: [] });

describe("the relay", () => {
  it("passes every event on, in order, a burst in a few batches rather than one message each", async () => {
    const r = relay();
    for (let k = 0; k < 1000; k++) r.receive(batch(3 * k, 3));
    await settle(RELAY_MS * 4);
    expect(r.toPage.every((m) => m.caravan === "events")).toBe(true);
    expect(r.toPage.flatMap((m) => m.events!.map((e) => e.n))).toEqual(Array.from({ length: 3000 }, (_, n) => n));
    // The first batch leaves at once (nothing was sent lately); the rest wait for a timer, RELAY_MAX_EVENTS at most each.
    expect(r.toPage[0]!.events).toHaveLength(3);
    expect(r.toPage.length).toBeLessThanOrEqual(2 + Math.ceil(3000 / RELAY_MAX_EVENTS));
    expect(Math.max(...r.toPage.map((m) => m.events!.length))).toBeLessThanOrEqual(RELAY_MAX_EVENTS);
    r.close();
  });

  it("sends what comes after a quiet spell at once, and what the page needs later within RELAY_MS", async () => {
    const r = relay();
    r.receive(batch(0, 1));
    await settle(RELAY_MS * 3);
    r.receive(batch(1, 1));
    expect(r.toPage).toHaveLength(1); // (posting is asynchronous: the message is on its way)
    await settle(5);
    expect(r.toPage.map((m) => m.events![0]!.n)).toEqual([0, 1]);
    // Right after a message, the next waits, but not longer than RELAY_MS.
    r.receive(batch(2, 1));
    await settle(RELAY_MS + 15);
    expect(r.toPage.map((m) => m.events![0]!.n)).toEqual([0, 1, 2]);
    r.close();
  });

  it("transfers the buffers a batch carries", async () => {
    const r = relay();
    const buffer = new ArrayBuffer(8);
    r.receive({ events: [{ n: 0, bytes: buffer }], transfer: [buffer] });
    await settle(RELAY_MS);
    expect(buffer.byteLength).toBe(0);
    expect((r.toPage[0]!.events![0] as unknown as { bytes: ArrayBuffer }).bytes.byteLength).toBe(8);
    r.close();
  });

  it("passes every saved record on to the host, in order, batched", async () => {
    const r = relay();
    for (let k = 0; k < 500; k++) r.receive({ saved: { type: "saved", cell: `c${k}`, k } });
    await settle(RELAY_MS * 4);
    expect(r.toHost.every((m) => m.caravan === "saved")).toBe(true);
    expect(r.toHost.flatMap((m) => m.records as { k: number }[]).map((x) => x.k)).toEqual(Array.from({ length: 500 }, (_, k) => k));
    expect(r.toHost.length).toBeLessThanOrEqual(3);
    expect(r.toPage).toEqual([]);
    r.close();
  });

  it("ignores what comes before its ports", async () => {
    const r = relay(false);
    r.receive(batch(0, 1));
    r.receive({ saved: { cell: "early" } });
    r.receive(r.ports);
    r.receive(batch(1, 1));
    await settle(RELAY_MS * 2);
    expect(r.toPage.flatMap((m) => m.events!.map((e) => e.n))).toEqual([1]);
    expect(r.toHost).toEqual([]);
    r.close();
  });

  it("tells its kernel worker it is ready once it has its ports, not before", () => {
    const r = relay(false);
    r.receive(batch(0, 1));
    expect(r.told).toEqual([]);
    r.receive(r.ports);
    expect(r.told).toEqual(["ready"]);
    r.close();
  });
});

describe("the relay's port offers", () => {
  it("are taken only when shaped as such", () => {
    const { port1, port2 } = new MessageChannel();
    expect(parseSavedPortOffer({ caravan: "saved-port", port: port1 })).toBe(port1);
    expect(parseSavedPortOffer({ caravan: "saved-port", port: {} })).toBeNull();
    expect(parseSavedPortOffer({ caravan: "relay", port: port1 })).toBeNull();
    expect(parseSavedPortOffer(null)).toBeNull();
    expect(parseRelayOffer({ caravan: "relay", port: port1 })).toBe(port1);
    expect(parseRelayOffer({ caravan: "relay", port: "x" })).toBeNull();
    expect(parseRelayOffer({ caravan: "events", events: [] })).toBeNull();
    expect(parseRelayOffer([port1])).toBeNull();
    port1.close();
    port2.close();
  });
});
