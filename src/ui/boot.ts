/**
 * Starts the kernel as early as possible: creates the sandbox frame, fetches the kernel
 * worker's code and, once the sandbox host is ready, starts worker generation 0 on a new
 * MessageChannel. Run from a tiny script in <head> (`/boot.js`, see boot-entry.ts) so the
 * worker parses its megabyte of JavaScript while the app's own bundle loads and builds
 * the UI; the KernelClient adopts the result.
 */
import { parseHostReply, type HostRequest } from "../../workers/protocol";

/** URL of the sandbox page and of the bundled kernel worker (same origin as the app). */
export const SANDBOX_URL = "/sandbox.html";
export const WORKER_URL = "/kernel-worker.js";
/** URL of the solver workers' bundle, which the kernel starts its pool from. */
export const SOLVER_URL = "/solver-worker.js";

/** What the boot hands the KernelClient. */
export interface KernelBoot {
  /** The sandbox frame (replaced if the first one turned out not to be isolated). */
  frame(): HTMLIFrameElement;
  code: Promise<Blob>;
  /** The solver workers' code, passed to every kernel worker for its pool. */
  solverCode: Promise<Blob>;
  /** Names the code so the host may reuse a worker prepared from it. */
  codeVersion: string;
  /** The app's end of the channel to worker generation 0, once it has been started. */
  port: Promise<MessagePort>;
}

/**
 * The sandbox frame. Normally sandboxed by its attribute. A frame with that attribute is
 * never served by a service worker, so when the app runs from its offline cache the frame
 * is loaded without it and the page sandboxes itself with its `sandbox allow-scripts`
 * policy header (added by the service worker); `isolated` checks the result.
 */
function createFrame(attribute: boolean): HTMLIFrameElement {
  const frame = document.createElement("iframe");
  frame.className = "sandbox-frame";
  if (attribute) frame.setAttribute("sandbox", "allow-scripts");
  frame.setAttribute("aria-hidden", "true");
  frame.tabIndex = -1;
  frame.title = "kernel sandbox";
  frame.src = SANDBOX_URL;
  // Hidden without a stylesheet: the app's CSS may not have loaded yet.
  frame.style.cssText = "position:absolute;width:0;height:0;border:0;visibility:hidden";
  // boot.js runs in <head>, before <body> exists.
  (document.body ?? document.documentElement).append(frame);
  return frame;
}

/** True when the frame's document is cross-origin to the app (its origin is opaque). */
function isolated(frame: HTMLIFrameElement): boolean {
  return frame.contentDocument === null;
}

/** Posts a request to the sandbox host. */
export function postToHost(frame: HTMLIFrameElement, message: HostRequest, transfer: Transferable[] = []): void {
  // The sandbox has an opaque origin, which no target origin string can name.
  frame.contentWindow?.postMessage(message, "*", transfer);
}

/** Starts the sandbox and kernel worker generation 0 (see file comment). */
export function bootKernel(): KernelBoot {
  let frame = createFrame(!navigator.serviceWorker?.controller);
  const codeVersion = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const code = fetch(WORKER_URL)
    .then((r) => {
      if (!r.ok) throw new Error(`cannot load the kernel (${r.status})`);
      return r.blob();
    })
    .then((b) => {
      performance.mark("caravan:code-fetched");
      return new Blob([b], { type: "text/javascript" });
    });
  const solverCode = fetch(SOLVER_URL).then((r) => {
    if (!r.ok) throw new Error(`cannot load the solvers (${r.status})`);
    return r.blob().then((b) => new Blob([b], { type: "text/javascript" }));
  });
  const hostReady = new Promise<void>((resolve) => {
    const listen = (event: MessageEvent) => {
      if (event.source === null || event.source !== frame.contentWindow) return;
      if (parseHostReply(event.data)?.type !== "host-ready") return;
      // Never hand code to a frame that shares the app's origin.
      if (!isolated(frame)) {
        frame.remove();
        frame = createFrame(true);
        return;
      }
      window.removeEventListener("message", listen);
      performance.mark("caravan:host-ready");
      resolve();
    };
    window.addEventListener("message", listen);
  });
  const port = Promise.all([code, solverCode, hostReady]).then(([blob, solvers]) => {
    const channel = new MessageChannel();
    postToHost(frame, { type: "start", generation: 0, code: blob, solverCode: solvers, codeVersion, port: channel.port2, keep: false }, [channel.port2]);
    return channel.port1;
  });
  return { frame: () => frame, code, solverCode, codeVersion, port };
}
