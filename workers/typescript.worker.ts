/**
 * The language-service worker: reads the notebook's cell text, answers with plain
 * diagnostics, completions, hover text and signature help. It runs no notebook code. The
 * TypeScript 5 compiler and the type library are bundled in (workers/vite-plugins.ts), so
 * none of it is loaded before the page starts this worker, after the notebook has opened.
 */
import library from "caravan:type-library";
import { NotebookService } from "./ts/service";
import type { TypesReply, TypesRequest } from "./ts/protocol";

let service: NotebookService | null = null;

function answer(request: Exclude<TypesRequest, { kind: "update" }>, notebook: NotebookService): TypesReply {
  switch (request.kind) {
    case "diagnostics":
      return { kind: "diagnostics", request: request.request, cells: notebook.diagnostics() };
    case "completions":
      return { kind: "completions", request: request.request, ...notebook.completions(request.cell, request.pos) };
    case "hover":
      return { kind: "hover", request: request.request, info: notebook.hover(request.cell, request.pos) };
    case "signature":
      return { kind: "signature", request: request.request, info: notebook.signature(request.cell, request.pos) };
    default: {
      const never: never = request;
      throw new Error(`unknown request ${String(never)}`);
    }
  }
}

self.onmessage = (event: MessageEvent<TypesRequest>) => {
  const request = event.data;
  service ??= new NotebookService(library);
  if (request.kind === "update") {
    service.update(request.cells.map((c) => ({ id: String(c.id), text: String(c.text) })));
    return;
  }
  let reply: TypesReply;
  try {
    reply = answer(request, service);
  } catch (error) {
    // A checker crash answers this request only; the next update starts from fresh text.
    reply = { kind: "failed", request: request.request, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
