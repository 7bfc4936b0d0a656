/**
 * Solver workers in Node (the headless runner, benchmarks, tests): worker_threads running
 * the same handler as the browser's solver workers.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { parseSolverReply } from "../protocol";
import { SolverPool, defaultPoolSize, type SpawnSolver } from "./pool";

/** A SpawnSolver whose workers are worker threads (workers/pool/node-entry.mjs). */
export function nodeSpawner(): SpawnSolver {
  return (listener) => {
    const worker = new Worker(new URL("./node-entry.mjs", import.meta.url), { stdout: false, stderr: false });
    worker.on("message", (data) => {
      const reply = parseSolverReply(data);
      if (reply) listener.message(reply);
    });
    worker.on("error", (error) => listener.error(error.message));
    return {
      post: (request, transfer = []) => worker.postMessage(request, transfer as never),
      terminate: () => void worker.terminate(),
    };
  };
}

/** A pool of worker threads, sized to the machine (cores less one, at least 1) unless `size` is given. */
export function nodePool(size = defaultPoolSize(availableParallelism())): SolverPool {
  return new SolverPool(nodeSpawner(), size);
}
