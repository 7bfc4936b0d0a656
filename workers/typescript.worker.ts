/**
 * The language-service worker: reads the notebook's cell text, answers with plain
 * diagnostics, completions, hover text and signature help. It runs no notebook code. The
 * TypeScript 5 compiler and the type library are bundled in (workers/vite-plugins.ts), so
 * none of it is loaded before the page starts this worker, after the notebook has opened.
 *
 * A check runs a cell at a time (the edited cells first), sending each slice's diagnostics as
 * they are found and returning to the message queue in between, so that a
 * completion or hover asked meanwhile is answered first, and an edit cuts the check short
 * (what was checked is sent; the rest is checked again with the new text). Questions the
 * page withdrew (`cancel`) are not computed, and of several completions queued for one cell
 * only the newest is: the others are for text the user has typed past.
 */
import library from "caravan:type-library";
import { NotebookService } from "./ts/service";
import type { CellDiagnostic, TypesReply, TypesRequest } from "./ts/protocol";

type Question = Extract<TypesRequest, { kind: "completions" | "hover" | "signature" | "details" }>;

/** Milliseconds of checking between two looks at the message queue. */
const SLICE_MS = 15;

let service: NotebookService | null = null;
const queue: TypesRequest[] = [];
let check: { request: number; remaining: string[]; done: Record<string, CellDiagnostic[]> } | null = null;
let scheduled = false;

function answer(question: Question, notebook: NotebookService): TypesReply {
  switch (question.kind) {
    case "completions":
      return { kind: "completions", request: question.request, ...notebook.completions(question.cell, question.pos) };
    case "hover":
      return { kind: "hover", request: question.request, info: notebook.hover(question.cell, question.pos) };
    case "signature":
      return { kind: "signature", request: question.request, info: notebook.signature(question.cell, question.pos) };
    case "details":
      return { kind: "details", request: question.request, info: notebook.details(question.cell, question.pos, question.name) };
    default: {
      const never: never = question;
      throw new Error(`unknown question ${String(never)}`);
    }
  }
}

function safely(request: number, work: () => TypesReply): TypesReply {
  try {
    return work();
  } catch (error) {
    // A checker crash answers this request only; the next update starts from fresh text.
    return { kind: "failed", request, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Sends what the current check has and puts its unchecked cells back. */
function cutShort(notebook: NotebookService): void {
  if (!check) return;
  notebook.requeue(check.remaining);
  self.postMessage({ kind: "diagnostics", request: check.request, cells: check.done } satisfies TypesReply);
  check = null;
}

function drain(): void {
  scheduled = false;
  const notebook = (service ??= new NotebookService(library));
  const waiting = queue.splice(0);
  const dropped = new Set<number>();
  for (const r of waiting) if (r.kind === "cancel") dropped.add(r.request);
  const newest = new Map<string, number>();
  for (const r of waiting) if (r.kind === "completions") newest.set(r.cell, r.request);
  for (const r of waiting) if (r.kind === "completions" && newest.get(r.cell) !== r.request) dropped.add(r.request);
  const updates = waiting.filter((r) => r.kind === "update");
  if (updates.length > 0) cutShort(notebook);
  for (const update of updates) notebook.update(update.cells.map((c) => ({ id: String(c.id), text: String(c.text) })));
  for (const request of waiting) {
    if (request.kind === "update" || request.kind === "cancel") continue;
    if (dropped.has(request.request)) {
      self.postMessage({ kind: "failed", request: request.request, message: "withdrawn" } satisfies TypesReply);
      continue;
    }
    if (request.kind === "diagnostics") {
      if (check) {
        // Asked again while checking (the page stopped waiting): the running check answers
        // the new question, with what became affected since, so nothing checked is lost.
        check.request = request.request;
        for (const id of notebook.takeAffected()) {
          delete check.done[id];
          if (!check.remaining.includes(id)) check.remaining.push(id);
        }
      } else check = { request: request.request, remaining: notebook.takeAffected(), done: {} };
    } else self.postMessage(safely(request.request, () => answer(request, notebook)));
  }
  if (check) {
    const started = performance.now();
    const fresh: Record<string, CellDiagnostic[]> = {};
    while (check.remaining.length > 0 && performance.now() - started < SLICE_MS) {
      const id = check.remaining.shift()!;
      try {
        fresh[id] = notebook.cellDiagnostics(id);
      } catch {
        fresh[id] = [];
      }
      check.done[id] = fresh[id]!;
    }
    // What this slice found is sent at once (the edited cell comes first), not when the last
    // reader of an edited name has been checked.
    if (check.remaining.length > 0) self.postMessage({ kind: "diagnostics", request: check.request, cells: fresh, partial: true } satisfies TypesReply);
    else {
      self.postMessage({ kind: "diagnostics", request: check.request, cells: check.done } satisfies TypesReply);
      check = null;
    }
  }
  if (check || queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(drain, 0);
}

self.onmessage = (event: MessageEvent<TypesRequest>) => {
  queue.push(event.data);
  schedule();
};
