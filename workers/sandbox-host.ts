/**
 * The sandbox host: a classic script in `sandbox.html`, which the app loads in an
 * `<iframe sandbox="allow-scripts">` (opaque origin, so no access to the app's storage,
 * cookies or DOM). It does one thing: start and stop the kernel worker on request.
 * Bundled by esbuild as an IIFE (see workers/vite-plugins.ts).
 */
import { parseHostRequest, type ConnectMessage, type HostReply, type HostRequest } from "./protocol";

let worker: Worker | null = null;
let workerUrl: string | null = null;
let generation = -1;

function reply(message: HostReply): void {
  // The parent's origin is the app's; the target "*" is needed because this document has an
  // opaque origin and cannot name it, and the replies carry nothing secret.
  parent.postMessage(message, "*");
}

function stop(): void {
  worker?.terminate();
  worker = null;
  if (workerUrl) URL.revokeObjectURL(workerUrl);
  workerUrl = null;
}

function start(code: Blob, port: MessagePort, gen: number): void {
  stop();
  generation = gen;
  workerUrl = URL.createObjectURL(code);
  const current = new Worker(workerUrl, { name: `caravan-kernel-${gen}` });
  worker = current;
  current.onerror = (event) => {
    event.preventDefault();
    if (worker === current) reply({ type: "worker-error", generation: gen, message: event.message || "kernel worker failed" });
  };
  // The worker never talks to the host after connecting: messages from it are ignored.
  current.onmessage = null;
  const connect: ConnectMessage = { type: "connect", port };
  current.postMessage(connect, [port]);
}

function handle(request: HostRequest): void {
  switch (request.type) {
    case "start":
      start(request.code, request.port, request.generation);
      return;
    case "terminate":
      if (request.generation === generation) stop();
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
