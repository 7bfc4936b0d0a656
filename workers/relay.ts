/**
 * The saved-values relay: a tiny worker the kernel worker starts beside itself, which carries
 * what finished cells computed (workers/saved.ts) to the sandbox host in batches. The host
 * keeps those records so that after Stop finished cells come back instead of running again.
 * Posted one by one, a chain of a thousand quick cells would cost the host a thousand
 * messages, on a thread that is often the page's own (the sandbox frame shares the page's
 * process). Batched in the kernel worker, a record could wait there forever: a cell stuck
 * right after it would keep the worker from ever posting it. So each record goes to the relay
 * at once (cheap, and off the page's thread), and the relay, whose own event loop is always
 * free, passes them on in order, at most every RELAY_MS.
 */
import type { SavedCell } from "./protocol";

/** Milliseconds between two batches the relay passes on. */
export const RELAY_MS = 20;

/**
 * The relay worker's code (a classic script, started from a blob: URL in the sandbox's own
 * opaque origin). Its first message carries its port to the sandbox host; every later one is
 * a record, passed on as `{caravan: "saved", records}`.
 */
export const RELAY_SOURCE = `"use strict";
let host = null, saved = [], timer = 0, sent = -Infinity;
function send() {
  timer = 0;
  if (saved.length === 0) return;
  host.postMessage({ caravan: "saved", records: saved });
  saved = [];
  sent = performance.now();
}
onmessage = (event) => {
  const data = event.data;
  if (host === null) {
    if (data && data.host instanceof MessagePort) host = data.host;
    return;
  }
  saved.push(data);
  if (timer !== 0) return;
  const wait = ${RELAY_MS} - (performance.now() - sent);
  if (wait <= 0) send();
  else timer = setTimeout(send, wait);
};
`;

/** What the kernel worker hands its relay. */
export interface Relay {
  /** A finished cell's saved values: the host gets every one, in order, within RELAY_MS. */
  saved(record: SavedCell): void;
}

/**
 * Starts the relay and offers its port to the sandbox host through `postToHost` (the worker's
 * own bound `postMessage`: `{caravan: "saved-port", port}`). Returns null where workers cannot
 * start workers (then records are posted to the host directly). Everything it uses is taken
 * now, before any cell runs.
 */
export function startRelay(postToHost: (message: unknown, transfer: Transferable[]) => void): Relay | null {
  if (typeof Worker !== "function" || typeof MessageChannel !== "function") return null;
  const post = Worker.prototype.postMessage;
  let worker: Worker;
  try {
    const url = URL.createObjectURL(new Blob([RELAY_SOURCE], { type: "text/javascript" }));
    worker = new Worker(url, { name: "caravan-relay" });
  } catch {
    return null;
  }
  const toHost = new MessageChannel();
  post.call(worker, { host: toHost.port2 }, { transfer: [toHost.port2] });
  postToHost({ caravan: "saved-port", port: toHost.port1 }, [toHost.port1]);
  return { saved: (record) => post.call(worker, record) };
}
