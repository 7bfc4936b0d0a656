// Starts a solver worker thread: registers tsx's loader in this thread so the TypeScript
// sources load the same way under vitest, tsx and plain node (as src/runner/worker-entry.mjs).
import { register } from "tsx/esm/api";

register();
await import("./node-solver.ts");
