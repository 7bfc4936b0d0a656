import { describe, expect, it } from "vitest";
import { runInNewContext } from "node:vm";
import type { MessagePort as NodePort } from "node:worker_threads";
import { RELAY_MAX_EVENTS, RELAY_MS, RELAY_SOURCE, relaySender, type RelayMessage } from "./relay";
import { parseSavedPortOffer, type SavedCell } from "./protocol";
import { parseRelayOffer } from "./door";

type Message = { caravan?: string; events?: { n: number }[]; records?: unknown[]; id?: string };

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

  it("splits a large message of events into batches of RELAY_MAX_EVENTS, in order; events that transfer stay together", async () => {
    const r = relay();
    r.receive(batch(0, 4 * RELAY_MAX_EVENTS + 7));
    const buffers = Array.from({ length: RELAY_MAX_EVENTS + 5 }, () => new ArrayBuffer(4));
    r.receive({ events: buffers.map((bytes, k) => ({ n: 4 * RELAY_MAX_EVENTS + 7 + k, bytes })), transfer: buffers });
    await settle(RELAY_MS * 4);
    const sizes = r.toPage.map((m) => m.events!.length);
    expect(r.toPage.flatMap((m) => m.events!.map((e) => e.n))).toEqual(Array.from({ length: 5 * RELAY_MAX_EVENTS + 12 }, (_, n) => n));
    expect(sizes.slice(0, 4)).toEqual([RELAY_MAX_EVENTS, RELAY_MAX_EVENTS, RELAY_MAX_EVENTS, RELAY_MAX_EVENTS]);
    expect(sizes).toContain(RELAY_MAX_EVENTS + 5);
    expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
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
    for (let k = 0; k < 500; k++) r.receive({ records: [{ type: "saved", cell: `c${k}`, k }] });
    await settle(RELAY_MS * 4);
    expect(r.toHost.every((m) => m.caravan === "saved")).toBe(true);
    expect(r.toHost.flatMap((m) => m.records as { k: number }[]).map((x) => x.k)).toEqual(Array.from({ length: 500 }, (_, k) => k));
    expect(r.toHost.length).toBeLessThanOrEqual(3);
    expect(r.toPage).toEqual([]);
    r.close();
  });

  it("sends an answer after every event that came before it, at once, with what it transfers", async () => {
    const r = relay();
    r.receive(batch(0, 1));
    r.receive(batch(1, 2)); // waits for the relay's timer: a batch just left
    const buffer = new ArrayBuffer(4);
    r.receive({ answer: { id: "a1", value: buffer }, answerTransfer: [buffer] });
    await settle(5);
    expect(r.toPage.map((m) => (m.id ? `answer ${m.id}` : `events ${m.events!.map((e) => e.n).join(",")}`))).toEqual(["events 0", "events 1,2", "answer a1"]);
    expect(buffer.byteLength).toBe(0);
    r.receive(batch(3, 1));
    await settle(RELAY_MS * 2);
    expect(r.toPage.at(-1)!.events!.map((e) => e.n)).toEqual([3]);
    r.close();
  });

  it("takes records, events and an answer from one message, each to its port", async () => {
    const r = relay();
    r.receive({ records: [{ type: "saved", cell: "a" }], events: [{ n: 0 }], transfer: [], answer: { id: "x" }, answerTransfer: [] });
    await settle(RELAY_MS);
    expect(r.toPage).toEqual([{ caravan: "events", events: [{ n: 0 }] }, { id: "x" }]);
    expect(r.toHost).toEqual([{ caravan: "saved", records: [{ type: "saved", cell: "a" }] }]);
    r.close();
  });

  it("ignores what comes before its ports", async () => {
    const r = relay(false);
    r.receive(batch(0, 1));
    r.receive({ records: [{ cell: "early" }] });
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

describe("the kernel worker's side of the relay", () => {
  const saved = (k: number) => ({ type: "saved", cell: `c${k}`, source: "", result: { ok: true, display: k, declared: [] } }) as SavedCell;
  const events = (k: number) => ({ caravan: "events" as const, events: [{ type: "status" as const, cell: `c${k}`, status: "running" as const, at: k }] });
  const sender = () => {
    const posts: RelayMessage[] = [];
    let timers = 0;
    const relay = relaySender((m) => posts.push(m), (run, ms) => (timers++, setTimeout(run, ms)));
    return { posts, relay, timers: () => timers };
  };

  it("sends quick cells' records with the next events, in order: one post per starting cell, one timer in all", () => {
    const { posts, relay, timers } = sender();
    for (let k = 0; k < 5; k++) {
      relay.events(events(k), []);
      relay.saved(saved(k), true);
    }
    expect(posts.map((m) => [m.events![0]!.type === "status" && m.events![0]!.cell, (m.records ?? []).map((r) => r.cell)])).toEqual([
      ["c0", []],
      ["c1", ["c0"]],
      ["c2", ["c1"]],
      ["c3", ["c2"]],
      ["c4", ["c3"]],
    ]);
    expect(timers()).toBe(1);
  });

  it("sends quick records on the worker's next turn when nothing follows, a slow cell's at once, and answers with what waits", async () => {
    const { posts, relay } = sender();
    relay.saved(saved(1), true);
    relay.saved(saved(2), true);
    expect(posts).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(posts).toEqual([{ records: [saved(1), saved(2)] }]);
    relay.saved(saved(3), true);
    relay.saved(saved(4), false);
    expect(posts.at(-1)).toEqual({ records: [saved(3), saved(4)] });
    relay.saved(saved(5), true);
    relay.answer({ id: "p" }, []);
    expect(posts.at(-1)).toEqual({ records: [saved(5)], answer: { id: "p" }, answerTransfer: [] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(posts).toHaveLength(3);
  });
});
