/**
 * The app's side of the sandbox: calls the kernel worker over a MessagePort with Comlink,
 * and reads the worker's events and answers through the door (workers/door.ts), from the
 * same port until the worker offers its relay's port (workers/relay.ts), then from that one
 * only: one road, so an answer never overtakes events sent before it.
 * The page hands the worker nothing callable: no proxies, no callbacks; attachments are
 * answered by calling the worker back. The sandbox frame and worker generation 0 come
 * from the boot (boot.ts), which `/boot.js` starts before the app's bundle runs.
 * `restart()` terminates a worker and starts a fresh one on a new port; whatever the old
 * one still sends is ignored.
 */
import * as Comlink from "comlink";
import { parseHostReply, type AttachmentReply, type KernelApi, type WorkerEvent } from "../../workers/protocol";
import { checkInspectReply, checkTableReply, parseRelayOffer, parseWorkerBatch } from "../../workers/door";
import type { InspectNode, TableReply, TableRequest } from "../display/types";
import { bootKernel, postToHost, type KernelBoot } from "./boot";
import { FloodMeter } from "./floodMeter";
import { whenIdle } from "./dom";

/** Callbacks the client forwards worker traffic to. */
export interface KernelClientOptions {
  /** Checked events of the current worker, in the order they arrived (attachment requests excepted). */
  onEvents(events: WorkerEvent[]): void;
  /** Whether the open notebook has a cell with this id (events for others are dropped). */
  knows(cell: string): boolean;
  attachment(name: string): Promise<AttachmentReply>;
  /** The worker of the current generation failed to load or crashed. */
  onCrash(message: string): void;
  /**
   * A worker answered for the first time and is still the current one (every generation, so a
   * worker replaced before it answered does not leave the page waiting for it).
   */
  onReady(): void;
  /** The worker kept flooding the page past the throttle: the client has stopped it. */
  onFlood(): void;
}

/** The kernel API as the page uses it: what comes back is checked too. */
export type KernelRemote = Omit<Comlink.Remote<KernelApi>, "inspect" | "table"> & {
  inspect(cell: string, ref: number): Promise<InspectNode | null>;
  table(cell: string, request: TableRequest): Promise<TableReply>;
};

/** The boot started by `/boot.js`, if it ran. */
function earlyBoot(): KernelBoot | undefined {
  const w = window as unknown as { caravanBoot?: KernelBoot };
  const boot = w.caravanBoot;
  delete w.caravanBoot;
  return boot;
}

/**
 * Milliseconds a start put off (`restart` with `later`) waits before it looks for the page's
 * idle time, and at most for that idle time after.
 */
export const LATER_START_MS = 1000;

/** One sandboxed kernel, restartable. */
export class KernelClient {
  /** Messages and events the door refused since the page opened. */
  dropped = 0;
  private readonly boot: KernelBoot;
  private port: MessagePort | null = null;
  /** The current worker's relay port (workers/relay.ts), once it has offered one. */
  private relay: MessagePort | null = null;
  private generation = 0;
  /** The generation whose spare has been asked for (a start consumes the spare). */
  private preparedFor = -1;
  private ready: Promise<KernelRemote>;
  private readonly startedGenerations = new Set<number>();
  private flood = new FloodMeter();

  constructor(private readonly options: KernelClientOptions) {
    this.boot = earlyBoot() ?? bootKernel();
    window.addEventListener("message", (event) => {
      if (event.source === null || event.source !== this.boot.frame().contentWindow) return;
      const reply = parseHostReply(event.data);
      if (!reply) return;
      switch (reply.type) {
        case "host-ready":
          return; // handled by the boot
        case "worker-error":
          // After the start an uncaught error comes from cell code (say, a throwing timer);
          // the kernel reports cell errors itself, so only a failed start is a crash.
          if (reply.generation === this.generation && !this.startedGenerations.has(reply.generation)) this.options.onCrash(reply.message);
          return;
        default: {
          const never: never = reply;
          void never;
        }
      }
    });
    this.ready = this.boot.port.then((port) => this.connect(port, 0));
  }

  /** The kernel API once the current worker answers (a worker whose start was put off starts now). */
  api(): Promise<KernelRemote> {
    this.startPutOff?.();
    return this.ready;
  }

  /** The generation of the current worker (increases with every restart). */
  get current(): number {
    return this.generation;
  }

  /** Whether the current worker has answered once (it has loaded and connected). */
  get started(): boolean {
    return this.startedGenerations.has(this.generation);
  }

  /**
   * Terminates the current worker and starts a fresh one; resolves when it answers. With
   * `keep` the same notebook goes on: the new worker reuses what finished cells computed.
   */
  restart(keep = false, { later = false }: { later?: boolean } = {}): Promise<KernelRemote> {
    const generation = this.stopCurrent();
    const start = () =>
      Promise.all([this.boot.code, this.boot.solverCode, this.boot.port]).then(([code, solverCode]) => {
        // Put off, and overtaken by another restart meanwhile: that one starts its own worker.
        if (generation !== this.generation) return this.ready;
        const channel = new MessageChannel();
        postToHost(this.boot.frame(), { type: "start", generation, code, solverCode, codeVersion: this.boot.codeVersion, port: channel.port2, keep }, [channel.port2]);
        return this.connect(channel.port1, generation);
      });
    this.startPutOff = null;
    if (!later) return (this.ready = start());
    // The old worker stops now; the new one starts when the kernel is first asked for, or
    // once the page has been idle after LATER_START_MS.
    let begin!: () => void;
    const asked = new Promise<void>((resolve) => (begin = resolve));
    const startNow = () => {
      if (this.startPutOff === startNow) this.startPutOff = null;
      begin();
    };
    this.startPutOff = startNow;
    setTimeout(() => whenIdle(startNow, 0, { timeout: LATER_START_MS }), LATER_START_MS);
    return (this.ready = asked.then(start));
  }

  /** A restart put off (`later`): starts the worker it waits for. */
  private startPutOff: (() => void) | null = null;

  /**
   * Asks the sandbox host to load a spare worker now, so the next restart (Stop) only hands
   * it a port. Called by the app when the notebook is quiet; once per worker generation.
   */
  prepareSpare(): void {
    if (this.preparedFor === this.generation) return;
    this.preparedFor = this.generation;
    void Promise.all([this.boot.code, this.boot.port]).then(([code]) =>
      postToHost(this.boot.frame(), { type: "prepare", generation: this.generation, code, codeVersion: this.boot.codeVersion }),
    );
  }

  /** Stops the current worker at once (nothing it sends is read any more); returns the next generation. */
  private stopCurrent(): number {
    const previous = this.generation;
    const generation = ++this.generation;
    this.port?.close();
    this.port = null;
    this.relay?.close();
    this.relay = null;
    // (Once the boot's port exists, generation 0 has been started and can be stopped.)
    void this.boot.port.then(() => postToHost(this.boot.frame(), { type: "terminate", generation: previous }));
    return generation;
  }

  private async connect(port: MessagePort, generation: number): Promise<KernelRemote> {
    if (generation !== this.generation) {
      port.close();
      return this.ready;
    }
    this.port = port;
    this.flood = new FloodMeter();
    // Comlink sends on the kernel port and hears the answers on the worker's road.
    const listeners = new Set<EventListenerOrEventListenerObject>();
    const endpoint: Comlink.Endpoint = {
      postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer ?? []),
      addEventListener: (_type: string, listener: EventListenerOrEventListenerObject) => void listeners.add(listener),
      removeEventListener: (_type: string, listener: EventListenerOrEventListenerObject) => void listeners.delete(listener),
      start: () => port.start(),
    };
    const remote = Comlink.wrap<KernelApi>(endpoint);
    let road = port;
    const arrive = (from: MessagePort, event: MessageEvent): void => {
      if (generation !== this.generation) return;
      if (from !== road) {
        this.dropped++;
        return;
      }
      const offered = from === port ? parseRelayOffer(event.data) : null;
      if (offered) {
        road = this.relay = offered;
        offered.addEventListener("message", (next: MessageEvent) => arrive(offered, next));
        offered.start();
        return;
      }
      for (const listener of listeners) typeof listener === "function" ? listener(event) : listener.handleEvent(event);
      this.receive(event.data, generation, remote);
    };
    port.addEventListener("message", (event: MessageEvent) => arrive(port, event));
    const checked: KernelRemote = new Proxy(remote, {
      get: (target, prop) =>
        prop === "inspect"
          ? async (cell: string, ref: number) => checkInspectReply(await target.inspect(cell, ref))
          : prop === "table"
            ? async (cell: string, request: TableRequest) => checkTableReply(await target.table(cell, request))
            : (target as unknown as Record<string | symbol, unknown>)[prop],
    }) as unknown as KernelRemote;
    await remote.ping();
    this.startedGenerations.add(generation);
    performance.mark("caravan:kernel-ready");
    if (generation === this.generation) this.options.onReady();
    return checked;
  }

  private receive(data: unknown, generation: number, remote: Comlink.Remote<KernelApi>): void {
    if (generation !== this.generation) return;
    const meter = this.flood.count(performance.now());
    if (meter === "stop") {
      this.stopCurrent();
      this.options.onFlood();
      return;
    }
    if (meter === "drop") {
      this.dropped++;
      return;
    }
    const result = parseWorkerBatch(data, (id) => this.options.knows(id));
    if (!result) return; // a Comlink reply
    this.dropped += result.dropped;
    const events: WorkerEvent[] = [];
    for (const event of result.events) {
      if (event.type === "attachment") void this.answer(remote, generation, event.request, event.name);
      else events.push(event);
    }
    if (events.length) this.options.onEvents(events);
  }

  private async answer(remote: Comlink.Remote<KernelApi>, generation: number, request: number, name: string): Promise<void> {
    let reply: AttachmentReply;
    try {
      reply = await this.options.attachment(name);
    } catch (error) {
      reply = { ok: false, message: (error as Error).message };
    }
    if (generation !== this.generation) return;
    // A copy for the worker: the page's own bytes stay usable.
    if (reply.ok) reply = { ok: true, bytes: reply.bytes.slice(), mimeType: reply.mimeType };
    await remote.attachmentReply(request, reply.ok ? Comlink.transfer(reply, [reply.bytes.buffer as ArrayBuffer]) : reply).catch(() => {});
  }
}
