/**
 * The kernel worker: a thin Comlink wrapper around the Kernel. It turns kernel events
 * into display descriptors and posts them to the app, as plain data in batches, on the
 * port the sandbox host handed it. Bundled by esbuild as one IIFE and started from a blob:
 * URL in the sandbox.
 *
 * Cell code runs in this same global scope, so everything that reaches the page is held
 * in closures of this module (the IIFE), never in globals or object properties, and the
 * port's methods are bound before any cell runs: a cell that replaces
 * `MessagePort.prototype.postMessage` or walks the builtins finds no way to the port.
 */
// First: the relay's script loads while the rest of this bundle evaluates.
import { earlyRelay } from "./relayEarly";
import * as Comlink from "comlink";
import { Kernel } from "../src/kernel/index";
import * as solvers from "../src/solvers/index";
import type { KernelEvent } from "../src/kernel/types";
import { describe } from "../src/display/describe";
import { textOutput } from "../src/display/text";
import { Inspector } from "../src/display/inspect";
import { isWidget, widgetValue, type Widget } from "../src/display/widgets";
import { builtins, bundledModules, solverBuiltins } from "./builtins";
import { SolverPool, defaultPoolSize } from "./pool/pool";
import { browserCores, browserSpawner } from "./pool/browser";
import { inProcessSpawner } from "./pool/inprocess";
import { EventOutbox } from "./outbox";
import { startRelay } from "./relay";
import { ConsoleCapture } from "./console";
import { type AttachmentReply, type ConnectMessage, type KernelApi, type SavedCell } from "./protocol";
import { QUICK_SAVE_MAX_BYTES, SAVE_AFTER_MS, SAVE_MAX_BYTES, restoredCell, saveError, saveValues } from "./saved";
import type { WidgetInput } from "../src/display/types";
import { usePrecompiled } from "../src/kernel/precompiled";
import { preloadTranspiler } from "../src/kernel/transpile";
import { warmUp } from "../src/kernel/warmUp";
import precompiledCells from "caravan:precompiled";

// The default notebook's cells as the build compiled them (used only for identical text).
usePrecompiled(precompiledCells);

/** Starts the kernel on `port` (called once, for the host's first "connect"), reusing what `saved` kept. */
function serve(port: MessagePort, saved: readonly SavedCell[], solverCode: Blob | null): void {
  // Bound now, before any cell code runs: later changes to MessagePort.prototype are not seen.
  const post = MessagePort.prototype.postMessage.bind(port) as (message: unknown, transfer?: Transferable[]) => void;
  const listen = MessagePort.prototype.addEventListener.bind(port) as MessagePort["addEventListener"];
  const unlisten = MessagePort.prototype.removeEventListener.bind(port) as MessagePort["removeEventListener"];
  const start = MessagePort.prototype.start.bind(port);
  // Taken now, before cell code could replace it: what finished cells computed goes to the host.
  const postToHost = self.postMessage.bind(self) as (message: unknown, transfer?: Transferable[]) => void;
  // Events and answers go to the page, and saved values to the host, through the relay
  // (workers/relay.ts) once it runs, else directly; the calls come in on the kernel port.
  const relay = startRelay(earlyRelay, post, postToHost);
  const answer = (message: unknown, transfer: Transferable[] = []): void => (relay?.ready ? relay.answer(message, transfer) : post(message, transfer));
  const endpoint: Comlink.Endpoint = { postMessage: answer, addEventListener: listen, removeEventListener: unlisten, start };
  const outbox = new EventOutbox((batch, transfer = []) => (relay?.ready ? relay.events(batch, transfer) : post(batch, transfer)));
  const views = new Map<string, Widget>();
  const inspectors = new Map<string, Inspector>();
  const pendingInputs = new Map<string, WidgetInput>();
  const attachmentWaiters = new Map<number, (reply: AttachmentReply) => void>();
  let nextRequest = 1;
  /** Per cell: its source as last sent, and when its current run started. */
  const sources = new Map<string, string>();
  const started = new Map<string, number>();
  const restorable = new Map(saved.map((record) => [record.cell, record]));
  /** Restored cells whose first value is the host's own record: not encoded and sent back again. */
  const keptByHost = new Set<string>();
  const tellHost = (record: SavedCell, quick: boolean): void => (relay?.ready ? relay.saved(record, quick) : postToHost(record));

  const readAttachment = (name: string): Promise<AttachmentReply> =>
    new Promise((resolve) => {
      const request = nextRequest++;
      attachmentWaiters.set(request, resolve);
      outbox.send({ type: "attachment", request, name: String(name), at: performance.now() });
    });

  // The solver pool: solver workers started lazily from the solver bundle the host handed
  // over (workers/solver.worker.ts, workers/pool/browser.ts), or in this thread without it.
  const solverUrl = solverCode && typeof Worker === "function" ? URL.createObjectURL(solverCode) : null;
  const pool = new SolverPool(solverUrl ? browserSpawner(solverUrl) : inProcessSpawner(), defaultPoolSize(browserCores()));
  const pooled = solverBuiltins(solvers, pool);
  // Each cell run reads its own `console`: what it logs shows under the cell (workers/console.ts).
  const capture = new ConsoleCapture((event) => outbox.send(event));
  /** When the kernel last reported anything (see preloadWhenQuiet). */
  let lastEventAt = now();
  const kernel = new Kernel({
    builtins: builtins(readAttachment, pooled.global),
    modules: bundledModules(pooled.global),
    scoped: { ...pooled.scoped, console: (scope) => capture.console(scope.cell, scope.invalidation) },
    observer: onKernelEvent,
    onCallback: (cell: string) => outbox.send({ type: "activity", cell, at: performance.now() }),
    restore: (cell, source, compiled) => {
      const record = restorable.get(cell);
      restorable.delete(cell);
      const restored = record && record.source === source ? restoredCell(record, compiled) : null;
      if (restored) keptByHost.add(cell);
      return restored;
    },
  });
  // An error thrown later by a cell's timer or a rejection nobody handled shows on the cell
  // whose work it was (never on another); one the kernel cannot place stays with the host.
  self.addEventListener("error", (event) => {
    if (kernel.reportUnhandled(event.error ?? event.message)) event.preventDefault();
  });
  self.addEventListener("unhandledrejection", (event) => {
    if (kernel.reportUnhandled(event.reason, event.promise)) event.preventDefault();
  });

  /** Loads the transpiler once the kernel has sent no event for PRELOAD_AFTER_QUIET_MS (its first computation is over). */
  function preloadWhenQuiet(): void {
    const wait = lastEventAt + PRELOAD_AFTER_QUIET_MS - now();
    if (wait > 0) return void later(preloadWhenQuiet, wait);
    preloadTranspiler();
  }

  function onKernelEvent(event: KernelEvent): void {
    lastEventAt = now();
    switch (event.type) {
      case "status":
        if (event.status === "running") started.set(event.cell, event.at);
        if (event.status === "queued") capture.end(event.cell);
        // A cell whose saved values come back runs none of its own code and cannot hang.
        outbox.send({ type: "status", cell: event.cell, status: event.status, at: event.at }, { canHang: !keptByHost.has(event.cell) });
        return;
      case "progress":
        outbox.send({ type: "progress", cell: event.cell, fraction: event.fraction, label: event.label, at: event.at });
        return;
      case "error":
        // An error is kept like a value (quick or not), so Stop does not run a failed cell again:
        // a quick one only when its message is small. (A restored error is never saved again.)
        if (keptByHost.delete(event.cell)) {
          outbox.send({ type: "error", cell: event.cell, error: event.error, at: event.at });
          return;
        }
        if (event.error.kind === "exception" && sources.has(event.cell)) {
          const { name, message, line, column } = event.error;
          const quick = !tookAWhile(event.cell, event.at);
          const record = quick && message.length * 2 > QUICK_SAVE_MAX_BYTES ? null : saveError(event.cell, sources.get(event.cell)!, Object.assign(new Error(message), { name: name ?? "Error" }), { line, column });
          if (record) tellHost(record, quick);
        }
        outbox.send({ type: "error", cell: event.cell, error: event.error, at: event.at });
        return;
      case "markdown":
        outbox.send({ type: "display", cell: event.cell, display: { kind: "markdown", markdown: event.markdown }, at: event.at });
        return;
      case "value":
        // A cell that took a while is kept whatever its size (up to the cap); a quick one only
        // when its values are small: cheap to copy, and it may have waited on a file the page
        // would have to send again after Stop.
        if (keptByHost.delete(event.cell)) return showValue(event.cell, event.value, event.at);
        if (sources.has(event.cell)) save(event.cell, event.value, event.names, !tookAWhile(event.cell, event.at));
        return showValue(event.cell, event.value, event.at);
      default: {
        const never: never = event;
        void never;
      }
    }
  }

  function tookAWhile(cell: string, at: number): boolean {
    const start = started.get(cell);
    return start !== undefined && sources.has(cell) && at - start >= SAVE_AFTER_MS;
  }

  /** Sends the host what a cell computed, when it can be kept (a `quick` one only when small). */
  function save(cell: string, display: unknown, names: string[], quick: boolean): void {
    try {
      const record = saveValues(cell, sources.get(cell)!, display, names.map((name) => kernel.value(name)), quick ? QUICK_SAVE_MAX_BYTES : SAVE_MAX_BYTES);
      if (record) tellHost(record, quick);
    } catch {
      // Saving is an optimisation: a value that cannot be encoded just runs again after Stop.
    }
  }

  function showValue(cell: string, value: unknown, at: number): void {
    // A value that throws when read (a proxy whose traps throw) is reported on its cell, never thrown here.
    try {
      showReadable(cell, value, at);
    } catch (error) {
      outbox.send({ type: "error", cell, error: { kind: "exception", cell, message: `cannot display value: ${messageOf(error)}` }, at });
    }
  }

  function showReadable(cell: string, value: unknown, at: number): void {
    if (isWidget(value)) {
      views.set(cell, value);
      const restored = pendingInputs.get(cell);
      pendingInputs.delete(cell);
      if (restored) {
        // The widget shows the restored value at once; its readers re-run with it.
        value.value = widgetValue(value, restored);
        queueMicrotask(() => kernel.setViewValue(cell, value.value));
      }
    } else views.delete(cell);
    const inspector = new Inspector();
    inspectors.set(cell, inspector);
    let display;
    try {
      display = describe(value, inspector);
    } catch (error) {
      outbox.send({ type: "error", cell, error: { kind: "exception", cell, message: `cannot display value: ${messageOf(error)}` }, at });
      return;
    }
    outbox.send({ type: "display", cell, display, text: outputText(value), at });
  }

  const api: KernelApi = {
    async setCells(cells) {
      sources.clear();
      for (const cell of cells) if (cell.kind === "code") sources.set(cell.id, cell.source);
      // One batch for the pass: after Stop, a cell coming back from its saved value is not
      // shown queued and running on the way to its value.
      outbox.batch(() => kernel.setCells(cells));
      if (!transpilerLoaded) {
        // Once the notebook has computed: its first edit then finds the transpiler compiled.
        transpilerLoaded = true;
        preloadWhenQuiet();
      }
    },
    async runCell(id) {
      kernel.runCell(id);
    },
    async markInterrupted(id) {
      outbox.batch(() => kernel.markInterrupted(id));
    },
    async stopComputing() {
      const cells = kernel.computing();
      outbox.batch(() => {
        for (const id of cells) kernel.markInterrupted(id);
      });
      return cells;
    },
    async widgetInput(id, input) {
      const view = views.get(id);
      if (view) kernel.setViewValue(id, widgetValue(view, input));
    },
    async restoreWidgets(inputs) {
      for (const [id, input] of inputs) {
        const view = views.get(id);
        if (!view) {
          pendingInputs.set(id, input);
          continue;
        }
        kernel.setViewValue(id, widgetValue(view, input));
        showValue(id, view, performance.now());
      }
    },
    async inspect(cell, ref) {
      return inspectors.get(cell)?.expand(ref) ?? null;
    },
    async table(cell, request) {
      const reply = inspectors.get(cell)?.table(request.ref)?.answer(request) ?? { kind: "gone" };
      return reply.kind === "rows" ? Comlink.transfer(reply, [reply.ipc.buffer as ArrayBuffer]) : reply;
    },
    async attachmentReply(request, reply) {
      const waiter = attachmentWaiters.get(request);
      attachmentWaiters.delete(request);
      waiter?.(reply);
    },
    async idle() {
      await kernel.idle();
    },
    async ping() {
      return Date.now();
    },
  };
  // The page's calls are served once the relay runs or has been given up, so events, answers and
  // saved values take one road from the first cell on (workers/relay.ts); until then they wait in the port.
  const expose = () => Comlink.expose(Object.freeze(api), endpoint);
  if (relay) void relay.settled.then(expose);
  else expose();
}

// The worker's own timer and clock, taken when it starts, before any cell could replace the globals
// (a cell that did would otherwise be handed the kernel's callbacks).
const later = globalThis.setTimeout.bind(globalThis);
const now = performance.now.bind(performance);

// Cells cannot close the kernel's worker: a closed worker is silent with no running cell to blame,
// so the page blamed an innocent cell, and the notebook closed it again after every Stop and reload.
// The kernel itself never closes (the host terminates it). Replaced before any cell runs, for good.
{
  const scope = (globalThis as { DedicatedWorkerGlobalScope?: { prototype: object } }).DedicatedWorkerGlobalScope;
  const refuse = function close(): never {
    throw new Error("close() is not available in a notebook: the kernel's worker stays open (Stop restarts it)");
  };
  // A global's operations are its own properties (WebIDL [Global]); the prototype's too, for good measure.
  for (const target of scope ? [globalThis, scope.prototype] : []) {
    if ("close" in target) Object.defineProperty(target, "close", { value: refuse, writable: false, configurable: false, enumerable: true });
  }
}

/** Whether this worker has loaded, or is about to load, the transpiler ahead of need (preloadTranspiler). */
let transpilerLoaded = false;
/** How long the kernel is quiet (no event) before it loads the transpiler: its notebook has computed and been drawn. */
const PRELOAD_AFTER_QUIET_MS = 1500;
/** How long a worker waits for its port before it takes itself for a spare and loads the transpiler. */
const PRELOAD_AS_SPARE_MS = 250;

{
  let connected = false;
  // A spare worker (workers/sandbox-host.ts) waits for its port, maybe for minutes: it loads the
  // transpiler meanwhile, so that a restart recompiles the notebook without waiting for it, and
  // runs a throwaway notebook (src/kernel/warmUp.ts), so that the next notebook opened, or the
  // restart after Stop, finds the kernel's code compiled: a group of cells a task, until connected.
  later(() => {
    if (connected || transpilerLoaded) return;
    transpilerLoaded = true;
    preloadTranspiler();
    warmUp(lookAsThePageWould, () => connected, (next) => later(next, 0));
  }, PRELOAD_AS_SPARE_MS);
  self.addEventListener("message", (event: MessageEvent<ConnectMessage>) => {
    // Only the host's first "connect" counts; later messages (e.g. from cell code) are ignored.
    if (connected || event.data?.type !== "connect" || !(event.data.port instanceof MessagePort)) return;
    connected = true;
    serve(event.data.port, Array.isArray(event.data.saved) ? event.data.saved : [], event.data.solverCode instanceof Blob ? event.data.solverCode : null);
  });
}

/** What the worker does with a value it shows (describe it, and its text for saved outputs), for the warm-up. */
function lookAsThePageWould(value: unknown): void {
  try {
    describe(value, new Inspector());
  } catch {
    // The warm-up's values are plain; a failure here only means less was warmed.
  }
  outputText(value);
}

/** A thrown value's message, as text, whatever it is (its `message` may itself throw when read). */
function messageOf(error: unknown): string {
  try {
    const message = (error as { message?: unknown } | null)?.message;
    return typeof message === "string" ? message : String(error);
  } catch {
    return "a value that cannot be read";
  }
}

/** The canonical text of a value for saved outputs; a value that cannot be described has none. */
function outputText(value: unknown): string | undefined {
  try {
    return textOutput(value);
  } catch {
    return undefined;
  }
}
