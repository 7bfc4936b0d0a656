/**
 * The app's side of the sandbox: talks to the kernel worker over a MessagePort with
 * Comlink. The sandbox frame and worker generation 0 come from the boot (boot.ts), which
 * `/boot.js` starts before the app's bundle runs. `restart()` terminates a stuck worker
 * and starts a fresh one on a new port; calls to the old one are dropped.
 */
import * as Comlink from "comlink";
import { parseHostReply, type AppServices, type AttachmentReply, type KernelApi, type WorkerEvent } from "../../workers/protocol";
import { bootKernel, postToHost, type KernelBoot } from "./boot";

/** Callbacks the client forwards worker traffic to. */
export interface KernelClientOptions {
  onEvent(event: WorkerEvent): void;
  attachment(name: string): Promise<AttachmentReply>;
  /** The worker of the current generation failed to load or crashed. */
  onCrash(message: string): void;
}

/** The boot started by `/boot.js`, if it ran. */
function earlyBoot(): KernelBoot | undefined {
  const w = window as unknown as { caravanBoot?: KernelBoot };
  const boot = w.caravanBoot;
  delete w.caravanBoot;
  return boot;
}

/** One sandboxed kernel, restartable. */
export class KernelClient {
  private readonly boot: KernelBoot;
  private port: MessagePort | null = null;
  private generation = 0;
  private ready: Promise<Comlink.Remote<KernelApi>>;
  private readonly initialised = new Set<number>();

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
          // After initialisation an uncaught error comes from cell code (say, a throwing
          // timer); the kernel reports cell errors itself, so only a failed start is a crash.
          if (reply.generation === this.generation && !this.initialised.has(reply.generation)) this.options.onCrash(reply.message);
          return;
        default: {
          const never: never = reply;
          void never;
        }
      }
    });
    this.ready = this.boot.port.then((port) => this.connect(port, 0));
  }

  /** The kernel API once the current worker is initialised. */
  api(): Promise<Comlink.Remote<KernelApi>> {
    return this.ready;
  }

  /** The generation of the current worker (increases with every restart). */
  get current(): number {
    return this.generation;
  }

  /** Terminates the current worker and starts a fresh one; resolves when it is initialised. */
  restart(): Promise<Comlink.Remote<KernelApi>> {
    const previous = this.generation;
    const generation = ++this.generation;
    this.ready = Promise.all([this.boot.code, this.boot.port]).then(([code]) => {
      // (Waiting for the boot's port means generation 0 was started before it is stopped.)
      postToHost(this.boot.frame(), { type: "terminate", generation: previous });
      this.port?.close();
      const channel = new MessageChannel();
      postToHost(this.boot.frame(), { type: "start", generation, code, codeVersion: this.boot.codeVersion, port: channel.port2 }, [channel.port2]);
      return this.connect(channel.port1, generation);
    });
    return this.ready;
  }

  private async connect(port: MessagePort, generation: number): Promise<Comlink.Remote<KernelApi>> {
    this.port = port;
    const remote = Comlink.wrap<KernelApi>(port);
    const services: AppServices = {
      event: (event) => {
        if (generation === this.generation) this.options.onEvent(event);
      },
      attachment: (name) => this.options.attachment(name),
    };
    await remote.init(Comlink.proxy(services));
    this.initialised.add(generation);
    performance.mark("caravan:kernel-ready");
    return remote;
  }
}
