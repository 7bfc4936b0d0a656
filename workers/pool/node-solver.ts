/** A solver worker thread: serves the pool's requests from its parent (workers/pool/node.ts). */
import { parentPort } from "node:worker_threads";
import type { SolverRequest } from "../protocol";
import { solverHandler } from "./serve";

const port = parentPort!;
const handle = solverHandler((reply, transfer) => port.postMessage(reply, (transfer ?? []) as never));
port.on("message", (request: SolverRequest) => handle(request));
