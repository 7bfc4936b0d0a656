/**
 * The solver worker's bundle entry: one solver of the kernel's pool (workers/pool). Only the
 * solvers and Arquero, about a fifth of the kernel worker's code, so a pool worker starts in
 * a fraction of a kernel's start. The kernel worker starts it from the code the sandbox host
 * handed it (no fetch: the sandbox has no network).
 */
import { serveSolverWorker } from "./pool/browser";

serveSolverWorker();
