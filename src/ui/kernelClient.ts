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
  private frame!: HTMLIFrameElement;
  private hostReady: Promise<void>;
  private code: Promise<Blob>;
  private port: MessagePort | null = null;
  private remote: Comlink.Remote<KernelApi> | null = null;
  private generation = 0;
  private ready: Promise<Comlink.Remote<KernelApi>>;
  private readonly codeVersion = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: KernelClientOptions,
  ) {
    let resolveReady!: () => void;
    this.hostReady = new Promise((resolve) => (resolveReady = resolve));
    window.addEventListener("message", (event) => {
      if (event.source !== this.frame.contentWindow || event.source === null) return;
      const reply = parseHostReply(event.data);
      if (!reply) return;
      switch (reply.type) {
        case "host-ready":
          // Never hand code to a frame that shares the app's origin (see createFrame).
          if (this.frame.contentDocument !== null) this.frame = this.createFrame(true);
          else {
            performance.mark("caravan:host-ready");
            resolveReady();
          }
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
    this.frame = this.createFrame(!navigator.serviceWorker?.controller);
    this.code = fetch(WORKER_URL)
      .then((r) => {
        if (!r.ok) throw new Error(`cannot load the kernel (${r.status})`);
        return r.blob();
      })
      .then((b) => {
        performance.mark("caravan:code-fetched");
        return new Blob([b], { type: "text/javascript" });
      });
    this.ready = this.start();
  }

  /**
   * The sandbox frame. Normally sandboxed by its attribute. A frame with that attribute is
   * never served by a service worker, so when the app runs from its offline cache the frame
   * is loaded without it and the page sandboxes itself with its `sandbox allow-scripts`
   * policy header (added by the service worker); the host-ready handler checks the result
   * is cross-origin and falls back to the attribute if not.
   */
  private createFrame(attribute: boolean): HTMLIFrameElement {
    this.frame?.remove();
    const frame = document.createElement("iframe");
    frame.className = "sandbox-frame";
    if (attribute) frame.setAttribute("sandbox", "allow-scripts");
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.title = "kernel sandbox";
    frame.src = SANDBOX_URL;
    this.container.append(frame);
    return frame;
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
    performance.mark("caravan:kernel-ready");
    return remote;
  }
}
