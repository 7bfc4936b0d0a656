/**
 * The sandbox host: a classic script in `sandbox.html`, which the app loads in an
 * `<iframe sandbox="allow-scripts">` (opaque origin, so no access to the app's storage,
 * cookies or DOM). It does one thing: start and stop the kernel worker on request.
 * Bundled by esbuild as an IIFE (see workers/vite-plugins.ts).
 */
import { parseHostRequest, parseSavedCell, parseSavedPortOffer, type ConnectMessage, type HostReply, type HostRequest, type SavedCell } from "./protocol";

interface Running {
  worker: Worker;
  url: string;
}

let current: Running | null = null;
// A worker that has already loaded the kernel bundle and waits for its port: a restart
// only has to hand it over, instead of parsing a megabyte of JavaScript again.
let spare: (Running & { version: string }) | null = null;
let generation = -1;
/**
 * What finished cells of the current notebook computed (workers/saved.ts), by cell id: the
 * worker is the notebook's own code, so this is its own data, kept here so a restarted worker
 * can reuse it. Bounded in count; forgotten when another notebook starts.
 */
const saved = new Map<string, SavedCell>();
const MAX_SAVED = 5000;

function reply(message: HostReply): void {
  // The parent's origin is the app's; the target "*" is needed because this document has an
  // opaque origin and cannot name it, and the replies carry nothing secret.
  parent.postMessage(message, "*");
}

function spawn(code: Blob): Running {
  const url = URL.createObjectURL(code);
  const worker = new Worker(url, { name: "caravan-kernel" });
  // The worker tells the host only what its finished cells computed; anything else is ignored.
  const keep = (data: unknown): void => {
    if (current?.worker !== worker) return;
    const record = parseSavedCell(data);
    if (!record) return;
    saved.delete(record.cell);
    if (saved.size < MAX_SAVED) saved.set(record.cell, record);
  };
  let relayed = false;
  worker.onmessage = (event: MessageEvent) => {
    // Its relay (workers/relay.ts) brings them in batches, on a port the worker offers once.
    const port = parseSavedPortOffer(event.data);
    if (port) {
      if (relayed) return port.close();
      relayed = true;
      port.onmessage = (batch: MessageEvent) => {
        const data = batch.data as { caravan?: unknown; records?: unknown } | null;
        if (typeof data !== "object" || data === null || data.caravan !== "saved" || !Array.isArray(data.records)) return;
        for (const record of data.records.slice(0, MAX_SAVED)) keep(record);
      };
      return;
    }
    keep(event.data);
  };
  return { worker, url };
}

function stop(): void {
  if (!current) return;
  current.worker.terminate();
  URL.revokeObjectURL(current.url);
  current = null;
}

function start(code: Blob, solverCode: Blob, version: string, port: MessagePort, gen: number, keep: boolean): void {
  stop();
  if (!keep) saved.clear();
  generation = gen;
  const next = spare && spare.version === version ? spare : spawn(code);
  if (next === spare) spare = null;
  current = { worker: next.worker, url: next.url };
  next.worker.onerror = (event) => {
    event.preventDefault();
    if (current?.worker === next.worker) reply({ type: "worker-error", generation: gen, message: event.message || "kernel worker failed" });
  };
  const connect: ConnectMessage = { type: "connect", port, saved: [...saved.values()], solverCode };
  next.worker.postMessage(connect, [port]);
  if (gen === 0) setTimeout(loadLocaleData, 0);
}

/**
 * Makes the process load its locale data while the first worker compiles its code: the first
 * `Intl` formatter a process makes costs tens of milliseconds (more on a busy machine), and
 * the worker makes one when its code starts (Plot's default format, the value display). The
 * data is the process's, so the worker then finds it loaded. Nothing here reaches the worker.
 */
function loadLocaleData(): void {
  new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 }).format(1.5);
  new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short" }).format(0);
}

/** Loads a spare worker from `code` (the app asks once its notebook has gone quiet). */
function prepare(code: Blob, version: string): void {
  if (spare?.version === version) return;
  if (spare) {
    spare.worker.terminate();
    URL.revokeObjectURL(spare.url);
  }
  spare = { ...spawn(code), version };
}

function handle(request: HostRequest): void {
  switch (request.type) {
    case "start":
      start(request.code, request.solverCode, request.codeVersion, request.port, request.generation, request.keep);
      return;
    case "terminate":
      if (request.generation === generation) stop();
      return;
    case "prepare":
      prepare(request.code, request.codeVersion);
      return;
    default: {
      const never: never = request;
      void never;
    }
  }
}

addEventListener("message", (event: MessageEvent) => {
  // Only the embedding app may drive the host.
  if (event.source !== parent) return;
  const request = parseHostRequest(event.data);
  if (request) handle(request);
});

reply({ type: "host-ready" });
