/**
 * The runner's worker thread. It runs in its own thread so that a cell that never returns
 * (`while (true) {}`) can be stopped: the main thread terminates the worker at the timeout.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { RunMessage, RunRequest } from "./protocol";

// A headless run has no frames: the kernel pulls a generator's next value on the next
// animation frame, so each generator gives exactly its first value (set before the kernel loads).
(globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame = () => 0;

// A cell awaiting a promise that never settles leaves Node nothing to wait for, and the
// thread would exit; it must stay up until the main thread ends it at the timeout.
setInterval(() => {}, 1 << 30);

const send = (message: RunMessage) => parentPort!.postMessage(message);
try {
  const { runSession } = await import("./session");
  await runSession(workerData as RunRequest, send);
} catch (error) {
  send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
}
