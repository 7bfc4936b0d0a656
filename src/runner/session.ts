/**
 * One headless run of a notebook's cells, in the current thread: the Kernel with the
 * worker's builtins (`workers/builtins.ts`) and attachments from a folder, each event
 * reported as a `RunMessage` with values already turned into their saved text.
 */
import { Kernel } from "../kernel/index";
import type { KernelEvent } from "../kernel/types";
import * as solvers from "../solvers/index";
import { textOutput } from "../display/text";
import { builtins, bundledModules } from "../../workers/builtins";
import { fileServices } from "./attachments";
import type { RunMessage, RunRequest } from "./protocol";

/** Runs `request.cells` until the kernel is idle, calling `send` for every status, output and error. */
export async function runSession(request: RunRequest, send: (message: RunMessage) => void): Promise<void> {
  const observer = (event: KernelEvent): void => {
    switch (event.type) {
      case "status":
        send({ type: "status", cell: event.cell, status: event.status });
        return;
      case "markdown":
        send({ type: "output", cell: event.cell, output: event.markdown });
        return;
      case "error":
        send({ type: "error", cell: event.cell, error: event.error });
        return;
      case "value": {
        let output: string;
        try {
          output = textOutput(event.value);
        } catch (error) {
          // As the worker does when `describe` fails: the cell shows an error, not a value.
          send({ type: "error", cell: event.cell, error: { kind: "exception", cell: event.cell, message: `cannot display value: ${(error as Error).message}` } });
          return;
        }
        send({ type: "output", cell: event.cell, output });
        return;
      }
      case "progress":
        return;
      default: {
        const never: never = event;
        void never;
      }
    }
  };
  send({ type: "ready" });
  const kernel = new Kernel({ builtins: builtins(fileServices(request.dataDir), solvers), modules: bundledModules(solvers), observer });
  kernel.setCells(request.cells);
  await kernel.idle();
  send({ type: "idle" });
  kernel.dispose();
}
