/**
 * The saved-values relay: a tiny worker the kernel worker starts beside itself, which carries
 * what finished cells computed (workers/saved.ts) to the sandbox host, so that after Stop
 * finished cells come back instead of running again.
 *
 * Posted one by one, a chain of a thousand quick cells costs the host's thread a thousand
 * messages. Batched in the kernel worker, a record could wait there forever: a cell stuck right
 * after it would keep the worker from ever posting it. So each record goes to the relay at once
 * (cheap), and the relay, whose own event loop is always free, passes them on in order: at once
 * after a quiet spell, else together at most every RELAY_MS, as `{caravan: "saved", records}` on
 * a port the kernel worker offers the host once (`{caravan: "saved-port", port}`).
 *
 * Event batches for the page do not take this road: the page's calls are answered on the kernel
 * port, and events must reach the page in order with those answers (Stop reads both).
 */
import type { SavedCell } from "./protocol";

/** Milliseconds between two batches the relay sends. */
export const RELAY_MS = 16;

/**
 * The relay worker's code (a classic script, started from a blob: URL in the sandbox's own
 * opaque origin). Its first message carries its port to the host (it answers "ready"); every
 * later one is a saved record (`{saved}`).
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
    if (data && data.host instanceof MessagePort) {
      host = data.host;
      postMessage("ready");
    }
    return;
  }
  if (data.saved === undefined) return;
  saved.push(data.saved);
  if (timer !== 0) return;
  const wait = ${RELAY_MS} - (performance.now() - sent);
  if (wait > 0) timer = setTimeout(send, wait);
  else send();
};
`;

/** Milliseconds the kernel worker waits for its relay to run before it gives up on it. */
export const RELAY_WAIT_MS = 500;

/** What the kernel worker hands its relay. */
export interface Relay {
  /**
   * Resolves once the relay runs or has been given up (after RELAY_WAIT_MS); from then on
   * `ready` never changes. The kernel worker waits for it before its first cell runs: a
   * worker's script loads with the help of the thread that started it, so a relay taken up
   * later could not be relied on while a cell holds that thread, and a switch from posting
   * directly to posting through the relay in the middle of a run could let an older record
   * of a cell overtake a newer one at the host.
   */
  readonly settled: Promise<void>;
  /** Whether the relay runs (after `settled`): false means post directly. */
  readonly ready: boolean;
  /** A finished cell's saved values: the host gets every one, in order. */
  saved(record: SavedCell): void;
}

/**
 * Starts the relay worker (its script loads while the kernel worker evaluates its own bundle),
 * or returns null where workers cannot start workers.
 */
export function spawnRelay(): Worker | null {
  if (typeof Worker !== "function" || typeof MessageChannel !== "function") return null;
  try {
    const url = URL.createObjectURL(new Blob([RELAY_SOURCE], { type: "text/javascript" }));
    return new Worker(url, { name: "caravan-relay" });
  } catch {
    return null;
  }
}

/**
 * Hands the relay `worker` (from spawnRelay) its port and, once it runs, offers the other end to
 * the sandbox host through `postToHost` (the worker's own bound `postMessage`). Null without a
 * worker: then records are posted directly. Everything it uses is taken now, before any cell runs.
 */
export function startRelay(worker: Worker | null, postToHost: (message: unknown, transfer: Transferable[]) => void): Relay | null {
  if (worker === null) return null;
  const post = Worker.prototype.postMessage;
  const terminate = Worker.prototype.terminate;
  const listen = EventTarget.prototype.addEventListener;
  const later = setTimeout;
  const toHost = new MessageChannel();
  post.call(worker, { host: toHost.port2 }, { transfer: [toHost.port2] });
  let ready = false;
  const settled = new Promise<void>((resolve) => {
    const timer = later(() => {
      terminate.call(worker);
      resolve();
    }, RELAY_WAIT_MS);
    listen.call(worker, "message", (event) => {
      if (ready || (event as MessageEvent).data !== "ready") return;
      clearTimeout(timer);
      // Offered only now: the host never hears of a relay that does not run.
      postToHost({ caravan: "saved-port", port: toHost.port1 }, [toHost.port1]);
      ready = true;
      resolve();
    });
  });
  return {
    settled,
    get ready() {
      return ready;
    },
    saved: (record) => post.call(worker, { saved: record }),
  };
}
