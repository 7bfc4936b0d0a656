import { describe, expect, it } from "vitest";
import { EventOutbox, FLUSH_MS } from "./outbox";
import type { WorkerBatch } from "./protocol";

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const running = (k: number) => ({ type: "status" as const, cell: `c${k}`, status: "running" as const, at: k });
const done = (k: number) => ({ type: "status" as const, cell: `c${k}`, status: "done" as const, at: k + 0.5 });
const label = (batch: WorkerBatch) => batch.events.map((e) => (e.type === "status" ? `${e.cell}:${e.status}` : e.type));

describe("the event outbox", () => {
  it("posts what waits whenever a cell starts, so a cell that never returns strands nothing", () => {
    const posted: WorkerBatch[] = [];
    const box = new EventOutbox((m) => posted.push(m));
    for (let k = 0; k < 3; k++) {
      box.send(running(k));
      box.send(done(k));
    }
    // The third cell is stuck after it started: the page already has the others done.
    box.send(running(3));
    expect(posted.map(label)).toEqual([["c0:running"], ["c0:done", "c1:running"], ["c1:done", "c2:running"], ["c2:done", "c3:running"]]);
  });

  it("still posts what is left after the last cell started, within FLUSH_MS (the timer set before survives the flushes)", async () => {
    const posted: WorkerBatch[] = [];
    const box = new EventOutbox((m) => posted.push(m));
    box.send(running(0));
    for (let k = 0; k < 200; k++) {
      box.send(done(k));
      box.send(running(k + 1));
    }
    box.send(done(200));
    expect(label(posted.at(-1)!)).toEqual(["c199:done", "c200:running"]);
    await settle(FLUSH_MS * 2);
    expect(label(posted.at(-1)!)).toEqual(["c200:done"]);
  });
  it("posts a pass as one batch: a cell coming back from its saved value is never posted queued or running", () => {
    const posted: WorkerBatch[] = [];
    const box = new EventOutbox((m) => posted.push(m));
    const queued = (k: number) => ({ type: "status" as const, cell: `c${k}`, status: "queued" as const, at: k });
    box.batch(() => {
      for (let k = 0; k < 3; k++) box.send(queued(k));
      for (let k = 0; k < 3; k++) {
        box.send(running(k), { canHang: false });
        box.send(done(k));
      }
      expect(posted).toEqual([]);
    });
    expect(posted.map(label)).toEqual([["c0:done", "c1:done", "c2:done"]]);
  });

  it("in a pass, a cell that runs code of its own still posts what waits before it starts", async () => {
    const posted: WorkerBatch[] = [];
    const box = new EventOutbox((m) => posted.push(m));
    box.batch(() => {
      box.send(running(0), { canHang: false });
      box.send(done(0));
      box.send(running(1));
    });
    expect(posted.map(label)).toEqual([["c0:done", "c1:running"]]);
    box.send(done(1));
    await settle(FLUSH_MS * 2);
    expect(posted.map(label)).toEqual([["c0:done", "c1:running"], ["c1:done"]]);
  });

  it("a pass that leaves nothing posts nothing and does not delay the next event", () => {
    const posted: WorkerBatch[] = [];
    const box = new EventOutbox((m) => posted.push(m));
    box.batch(() => undefined);
    // The first event after a quiet while leaves at once (no batch was posted just before).
    box.send(done(0));
    expect(posted.map(label)).toEqual([["c0:done"]]);
  });
});
