/**
 * The kernel worker: a thin Comlink wrapper around the Kernel. It turns kernel events
 * into display descriptors and forwards them to the app over the port the sandbox host
 * handed it. Bundled by esbuild as one IIFE and started from a blob: URL in the sandbox.
 */
import * as Comlink from "comlink";
import { Kernel } from "../src/kernel/index";
import * as solvers from "../src/solvers/index";
import type { KernelEvent } from "../src/kernel/types";
import { describe, transferables } from "../src/display/describe";
import { textOutput } from "../src/display/text";
import { Inspector } from "../src/display/inspect";
import { isWidget, widgetValue, type Widget } from "../src/display/widgets";
import { builtins, bundledModules } from "./builtins";
import type { AppServices, ConnectMessage, KernelApi, WorkerEvent } from "./protocol";
import type { WidgetInput } from "../src/display/types";

let kernel: Kernel | null = null;
let services: AppServices | null = null;
const views = new Map<string, Widget>();
const inspectors = new Map<string, Inspector>();
const progressSent = new Map<string, number>();
const pendingInputs = new Map<string, WidgetInput>();
/** Minimum milliseconds between two progress reports of one cell. */
const PROGRESS_MS = 30;

function send(event: WorkerEvent, transfer: Transferable[] = []): void {
  // Comlink posts synchronously, so a "running" status leaves before a cell that never yields starts.
  void services?.event(transfer.length ? Comlink.transfer(event, transfer) : event);
}

function onKernelEvent(event: KernelEvent): void {
  switch (event.type) {
    case "status":
      send({ type: "status", cell: event.cell, status: event.status, at: event.at });
      return;
    case "progress": {
      // A loop may report progress millions of times: forward at most one report per
      // PROGRESS_MS per cell (no timers, so a cell that never yields is still reported).
      const last = progressSent.get(event.cell) ?? -Infinity;
      if (event.at - last < PROGRESS_MS && event.fraction < 1) return;
      progressSent.set(event.cell, event.at);
      send({ type: "progress", cell: event.cell, fraction: event.fraction, label: event.label, at: event.at });
      return;
    }
    case "error":
      send({ type: "error", cell: event.cell, error: event.error, at: event.at });
      return;
    case "markdown":
      send({ type: "display", cell: event.cell, display: { kind: "markdown", markdown: event.markdown }, at: event.at });
      return;
    case "value": {
      if (isWidget(event.value)) {
        views.set(event.cell, event.value);
        const restored = pendingInputs.get(event.cell);
        pendingInputs.delete(event.cell);
        if (restored) {
          // The widget shows the restored value at once; its readers re-run with it.
          const widget = event.value;
          widget.value = widgetValue(widget, restored);
          queueMicrotask(() => kernel?.setViewValue(event.cell, widget.value));
        }
      } else views.delete(event.cell);
      const inspector = new Inspector();
      inspectors.set(event.cell, inspector);
      let display;
      try {
        display = describe(event.value, inspector);
      } catch (error) {
        const e = error as Error;
        send({ type: "error", cell: event.cell, error: { kind: "exception", cell: event.cell, message: `cannot display value: ${e.message}` }, at: event.at });
        return;
      }
      send({ type: "display", cell: event.cell, display, text: outputText(event.value), at: event.at }, transferables(display));
      return;
    }
    default: {
      const never: never = event;
      void never;
    }
  }
}

function need(): Kernel {
  if (!kernel) throw new Error("kernel not initialised");
  return kernel;
}

const api: KernelApi = {
  async init(appServices) {
    services = appServices;
    kernel = new Kernel({ builtins: builtins(appServices, solvers), modules: bundledModules(solvers), observer: onKernelEvent });
  },
  async setCells(cells) {
    need().setCells(cells);
  },
  async runCell(id) {
    need().runCell(id);
  },
  async markInterrupted(id) {
    need().markInterrupted(id);
  },
  async widgetInput(id, input) {
    const view = views.get(id);
    if (view) need().setViewValue(id, widgetValue(view, input));
  },
  async restoreWidgets(inputs) {
    for (const [id, input] of inputs) {
      const view = views.get(id);
      if (!view) {
        pendingInputs.set(id, input);
        continue;
      }
      need().setViewValue(id, widgetValue(view, input));
      send({ type: "display", cell: id, display: describe(view, inspectors.get(id) ?? new Inspector()), text: outputText(view), at: performance.now() });
    }
  },
  async inspect(cell, ref) {
    return inspectors.get(cell)?.expand(ref) ?? null;
  },
  async idle() {
    await need().idle();
  },
  async ping() {
    return Date.now();
  },
};

let connected = false;
self.addEventListener("message", (event: MessageEvent<ConnectMessage>) => {
  // Only the host's first "connect" counts; later messages (e.g. from cell code) are ignored.
  if (connected || event.data?.type !== "connect" || !(event.data.port instanceof MessagePort)) return;
  connected = true;
  Comlink.expose(api, event.data.port);
});

/** The canonical text of a value for saved outputs; a value that cannot be described has none. */
function outputText(value: unknown): string | undefined {
  try {
    return textOutput(value);
  } catch {
    return undefined;
  }
}
