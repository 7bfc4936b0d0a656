/**
 * The app's side of the sandbox: creates the `sandbox="allow-scripts"` iframe (opaque
 * origin), hands its host the kernel worker's code and one end of a MessageChannel, and
 * talks to the worker over the other end with Comlink. `restart()` terminates a stuck
 * worker and starts a fresh one on a new port; calls to the old one are dropped.
 */
import * as Comlink from "comlink";
import { parseHostReply, type AppServices, type HostRequest, type KernelApi, type WorkerEvent, type AttachmentReply } from "../../workers/protocol";

/** URL of the sandbox page and of the bundled kernel worker (same origin as the app). */
export const SANDBOX_URL = "/sandbox.html";
export const WORKER_URL = "/kernel-worker.js";

/** Callbacks the client forwards worker traffic to. */
export interface KernelClientOptions {
  onEvent(event: WorkerEvent): void;
  attachment(name: string): Promise<AttachmentReply>;
  /** The worker of the current generation failed to load or crashed. */
  onCrash(message: string): void;
}

/** One sandboxed kernel, restartable. */
export class KernelClient {
  private frame: HTMLIFrameElement;
  private hostReady: Promise<void>;
  private code: Promise<Blob>;
  private port: MessagePort | null = null;
  private remote: Comlink.Remote<KernelApi> | null = null;
  private generation = 0;
  private ready: Promise<Comlink.Remote<KernelApi>>;
  private readonly codeVersion = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

  constructor(
    container: HTMLElement,
    private readonly options: KernelClientOptions,
  ) {
    this.frame = document.createElement("iframe");
    this.frame.className = "sandbox-frame";
    this.frame.setAttribute("sandbox", "allow-scripts");
    this.frame.setAttribute("aria-hidden", "true");
    this.frame.title = "kernel sandbox";
    this.hostReady = new Promise((resolve) => {
      window.addEventListener("message", (event) => {
        if (event.source !== this.frame.contentWindow) return;
        const reply = parseHostReply(event.data);
        if (!reply) return;
        switch (reply.type) {
          case "host-ready":
            resolve();
            return;
          case "worker-error":
            if (reply.generation === this.generation) this.options.onCrash(reply.message);
            return;
          default: {
            const never: never = reply;
            void never;
          }
        }
      });
    });
    this.frame.src = SANDBOX_URL;
    container.append(this.frame);
    this.code = fetch(WORKER_URL).then((r) => {
      if (!r.ok) throw new Error(`cannot load the kernel (${r.status})`);
      return r.blob();
    }).then((b) => new Blob([b], { type: "text/javascript" }));
    this.ready = this.start();
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
    this.post({ type: "terminate", generation: this.generation });
    this.port?.close();
    this.port = null;
    this.remote = null;
    this.generation++;
    this.ready = this.start();
    return this.ready;
  }

  private post(message: HostRequest, transfer: Transferable[] = []): void {
    // The sandbox has an opaque origin, which no target origin string can name.
    this.frame.contentWindow?.postMessage(message, "*", transfer);
  }

  private async start(): Promise<Comlink.Remote<KernelApi>> {
    const generation = this.generation;
    const [code] = await Promise.all([this.code, this.hostReady]);
    const channel = new MessageChannel();
    this.post({ type: "start", generation, code, codeVersion: this.codeVersion, port: channel.port2 }, [channel.port2]);
    this.port = channel.port1;
    const remote = Comlink.wrap<KernelApi>(channel.port1);
    this.remote = remote;
    const services: AppServices = {
      event: (event) => {
        if (generation === this.generation) this.options.onEvent(event);
      },
      attachment: (name) => this.options.attachment(name),
    };
    await remote.init(Comlink.proxy(services));
    return remote;
  }
}
