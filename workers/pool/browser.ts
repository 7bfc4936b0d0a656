/**
 * Solver workers in the browser: started by the kernel worker from the solver bundle
 * (workers/solver.worker.ts) that the sandbox host handed it as a Blob, through a blob: URL
 * the kernel worker made (same opaque origin). No fetch and no new origin: the sandbox has
 * neither.
 */
import { SOLVER_WORKER_NAME, parseSolverReply, type SolverRequest } from "../protocol";
import type { SpawnSolver } from "./pool";
import { solverHandler } from "./serve";

/**
 * A SpawnSolver for the kernel worker. Everything it uses (the script URL, `Worker` and its
 * methods) is taken now, before any cell runs, so cell code that replaces them later does
 * not see the pool's traffic.
 */
export function browserSpawner(url: string): SpawnSolver {
  const WorkerClass = Worker;
  const post = Worker.prototype.postMessage;
  const terminate = Worker.prototype.terminate;
  const listen = EventTarget.prototype.addEventListener;
  return (listener) => {
    const worker = new WorkerClass(url, { name: SOLVER_WORKER_NAME });
    listen.call(worker, "message", (event) => {
      const reply = parseSolverReply((event as MessageEvent).data);
      if (reply) listener.message(reply);
    });
    listen.call(worker, "error", (event) => {
      event.preventDefault();
      listener.error((event as ErrorEvent).message || "the solver worker failed to load");
    });
    return {
      post: (request: SolverRequest, transfer: Transferable[] = []) => post.call(worker, request, { transfer }),
      terminate: () => terminate.call(worker),
    };
  };
}

/** Serves the pool in a solver worker (workers/solver.worker.ts). */
export function serveSolverWorker(): void {
  const reply = self.postMessage.bind(self) as (message: unknown, transfer?: Transferable[]) => void;
  const handle = solverHandler((message, transfer) => reply(message, transfer ?? []));
  self.addEventListener("message", (event: MessageEvent) => handle(event.data as SolverRequest));
}

/** The browser's core count (the kernel worker's `navigator`). */
export function browserCores(): number | undefined {
  return typeof navigator !== "undefined" ? navigator.hardwareConcurrency : undefined;
}
