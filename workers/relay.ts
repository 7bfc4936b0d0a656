/**
 * The relay: a tiny worker the kernel worker starts beside itself. Everything the kernel worker
 * sends the page (event batches and the answers to the page's calls) and what finished cells
 * computed (workers/saved.ts, for the sandbox host) leave through it.
 *
 * The page must hear of a cell's start before the cell's code runs, with every event still
 * waiting: if that code never returns, nothing else will leave the kernel worker, and the page
 * must name the cell and show the others as they are. So the kernel worker posts what waits
 * whenever a cell starts (workers/outbox.ts). Posted to the page, a chain of a thousand quick
 * cells cost the page's thread a thousand messages. Posted to the relay they cost the page
 * nothing, and the relay, whose own event loop is always free, passes them on in order: at once
 * after a quiet spell, else together at most every RELAY_MS. A cell stuck forever is still named
 * within RELAY_MS.
 *
 * One road: the answers to the page's calls take the relay too, after the events sent before
 * them. (With answers on the kernel port, Stop's answer could overtake a batch that still said
 * a cell was queued, which then undid "interrupted".)
 *
 * To the page the relay sends event batches as the kernel worker would
 * (`{caravan: "events", events}`) and answers as they are, on a port the kernel worker offers
 * the page once (`{caravan: "relay", port}`); the page checks them at its door like every other
 * message. To the host it sends `{caravan: "saved", records}` on a port offered the same way
 * (`{caravan: "saved-port", port}`).
 */
import type { SavedCell, WorkerBatch } from "./protocol";

/** Milliseconds between two batches the relay sends on one port. */
export const RELAY_MS = 16;
/**
 * Events the relay puts in one batch at most (well under the page's door limit): each batch is
 * a task on the page's thread (reading, checking and filing its events, ~20 µs each), and a
 * thousand cells queued at once in one batch made a task of 20 ms of CPU, twice that in wall
 * time when the machine's cores are busy. Events that transfer something arrive whole.
 */
export const RELAY_MAX_EVENTS = 250;

/**
 * The relay worker's code (a classic script, started from a blob: URL in the sandbox's own
 * opaque origin). Its first message carries its two ports (it answers "ready"); every later one
 * is a `RelayMessage`.
 */
export const RELAY_SOURCE = `"use strict";
let page = null, host = null;
let events = [], transfer = [], eventsTimer = 0, eventsSent = -Infinity;
let saved = [], savedTimer = 0, savedSent = -Infinity;
function sendEvents() {
  clearTimeout(eventsTimer);
  eventsTimer = 0;
  if (events.length === 0) return;
  page.postMessage({ caravan: "events", events }, transfer);
  events = [];
  transfer = [];
  eventsSent = performance.now();
}
function sendSaved() {
  savedTimer = 0;
  if (saved.length === 0) return;
  host.postMessage({ caravan: "saved", records: saved });
  saved = [];
  savedSent = performance.now();
}
/** Sends now after a quiet spell, else once ${RELAY_MS} ms have passed since the last message; returns the timer. */
function soon(sent, send) {
  const wait = ${RELAY_MS} - (performance.now() - sent);
  if (wait > 0) return setTimeout(send, wait);
  send();
  return 0;
}
onmessage = (event) => {
  const data = event.data;
  if (page === null) {
    if (data && data.page instanceof MessagePort && data.host instanceof MessagePort) {
      ({ page, host } = data);
      postMessage("ready");
    }
    return;
  }
  if (!data) return;
  if (Array.isArray(data.records) && data.records.length > 0) {
    for (const record of data.records) saved.push(record);
    if (savedTimer === 0) savedTimer = soon(savedSent, sendSaved);
  }
  if (Array.isArray(data.events) && data.events.length > 0) {
    if (data.transfer.length > 0) {
      // Events that transfer something (an output's bytes) go in one batch with what they transfer.
      if (events.length > 0 && events.length + data.events.length > ${RELAY_MAX_EVENTS}) sendEvents();
      for (const item of data.events) events.push(item);
      for (const item of data.transfer) transfer.push(item);
    } else {
      for (const item of data.events) {
        if (events.length >= ${RELAY_MAX_EVENTS}) sendEvents();
        events.push(item);
      }
    }
    if (eventsTimer === 0) eventsTimer = soon(eventsSent, sendEvents);
  }
  if (data.answer !== undefined) {
    // After every event sent before it.
    sendEvents();
    page.postMessage(data.answer, data.answerTransfer);
  }
};
`;

/** Milliseconds the kernel worker waits for its relay to run before it gives up on it. */
export const RELAY_WAIT_MS = 500;

/** What the kernel worker posts its relay: any of saved records, events (with what they transfer) and an answer. */
export interface RelayMessage {
  records?: SavedCell[];
  events?: WorkerBatch["events"];
  transfer?: Transferable[];
  answer?: unknown;
  answerTransfer?: Transferable[];
}

/** The kernel worker's side of the relay. */
export interface RelaySender {
  /** An event batch for the page (with what it transfers): the page gets every event, in order. */
  events(batch: WorkerBatch, transfer: Transferable[]): void;
  /** An answer to one of the page's calls (Comlink's message), after the events sent before it. */
  answer(message: unknown, transfer: Transferable[]): void;
  /**
   * A finished cell's saved values: the host gets every one, in order. A `quick` cell's record
   * waits in this worker for the next message to the relay (a quick cell is usually followed by
   * the next cell starting, whose events leave at once) or for this worker's next turn, whichever
   * is first; one that took a while goes at once, as it would cost a while to compute again.
   */
  saved(record: SavedCell, quick: boolean): void;
}

/** What the kernel worker hands its relay. */
export interface Relay extends RelaySender {
  /**
   * Resolves once the relay runs or has been given up (after RELAY_WAIT_MS); from then on
   * `ready` never changes. The kernel worker waits for it before it serves the page's calls
   * (so before its first cell runs): a worker's script loads with the help of the thread that
   * started it, so a relay taken up later could not be relied on while a cell holds that thread,
   * and a switch from posting directly to posting through the relay in the middle of a run could
   * let newer messages overtake older ones at the page.
   */
  readonly settled: Promise<void>;
  /** Whether the relay runs (after `settled`): false means post directly. */
  readonly ready: boolean;
}

/**
 * The kernel worker's side of the relay, posting with `post`: quick records wait for the next
 * post or for `later`'s zero-delay turn (one timer at a time, whatever the number of records);
 * everything else is posted at once with the records that wait. `later` is taken before cells run.
 */
export function relaySender(post: (message: RelayMessage, transfer: Transferable[]) => void, later: (run: () => void, ms: number) => unknown): RelaySender {
  let waiting: SavedCell[] = [];
  let timer = false;
  const records = (): SavedCell[] | undefined => {
    if (waiting.length === 0) return undefined;
    const out = waiting;
    waiting = [];
    return out;
  };
  const flushLater = (): void => {
    timer = false;
    const out = records();
    if (out) post({ records: out }, []);
  };
  return {
    events: (batch, transfer) => post({ records: records(), events: batch.events, transfer }, transfer),
    answer: (message, transfer) => post({ records: records(), answer: message, answerTransfer: transfer }, transfer),
    saved: (record, quick) => {
      waiting.push(record);
      if (!quick) return post({ records: records() }, []);
      if (!timer) {
        timer = true;
        later(flushLater, 0);
      }
    },
  };
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
 * Hands the relay `worker` (from spawnRelay) its ports and, once it runs, offers them to the page
 * (through `postToPage`, the kernel port's bound `postMessage`) and to the sandbox host (through
 * `postToHost`, the worker's own). Null without a worker: then everything is posted directly.
 * Everything it uses is taken now, before any cell runs.
 */
export function startRelay(
  worker: Worker | null,
  postToPage: (message: unknown, transfer: Transferable[]) => void,
  postToHost: (message: unknown, transfer: Transferable[]) => void,
): Relay | null {
  if (worker === null) return null;
  const post = Worker.prototype.postMessage;
  const terminate = Worker.prototype.terminate;
  const listen = EventTarget.prototype.addEventListener;
  const later = setTimeout;
  const toPage = new MessageChannel();
  const toHost = new MessageChannel();
  post.call(worker, { page: toPage.port2, host: toHost.port2 }, { transfer: [toPage.port2, toHost.port2] });
  let ready = false;
  const settled = new Promise<void>((resolve) => {
    const timer = later(() => {
      terminate.call(worker);
      resolve();
    }, RELAY_WAIT_MS);
    listen.call(worker, "message", (event) => {
      if (ready || (event as MessageEvent).data !== "ready") return;
      clearTimeout(timer);
      // Offered only now: the page and the host never hear of a relay that does not run.
      postToPage({ caravan: "relay", port: toPage.port1 }, [toPage.port1]);
      postToHost({ caravan: "saved-port", port: toHost.port1 }, [toHost.port1]);
      ready = true;
      resolve();
    });
  });
  const sender = relaySender((message, transfer) => post.call(worker, message, { transfer }), later);
  return {
    settled,
    get ready() {
      return ready;
    },
    ...sender,
  };
}
