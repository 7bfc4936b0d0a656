// Starts the runner's worker thread: registers tsx's loader in this thread so the
// TypeScript sources load the same way under vitest, tsx and plain node.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
