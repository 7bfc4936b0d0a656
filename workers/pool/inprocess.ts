/**
 * Solver "workers" that run in this thread, one macrotask per task: the pool's logic can be
 * tested without threads, and a platform with no workers still gets the same results.
 * Terminating one drops its pending task and replies (a task already running finishes first).
 */
import type { SpawnSolver } from "./pool";
import { solverHandler } from "./serve";

/** A SpawnSolver whose workers are handlers in this thread. */
export function inProcessSpawner(): SpawnSolver {
  return (listener) => {
    let alive = true;
    // Clone as postMessage would, so nothing is shared by reference between the two sides.
    const handle = solverHandler((reply) => alive && queueMicrotask(() => alive && listener.message(structuredClone(reply))));
    return {
      post(request) {
        const copy = structuredClone(request);
        setTimeout(() => alive && handle(copy), 0);
      },
      terminate() {
        alive = false;
      },
    };
  };
}
