/**
 * The page's end of the language-service worker: sends cell text, asks questions, and
 * accepts only replies that pass the schema in workers/ts/protocol.ts (anything else is
 * dropped and counted, never thrown into the editor). A question the worker does not
 * answer in time resolves to null: the editor never waits on the checker.
 */
import { readReply, type TypesReply, type TypesRequest } from "../../../workers/ts/protocol";

/** Where the worker bundle is served (workers/vite-plugins.ts). */
export const WORKER_URL = "/typescript-worker.js";

type Question = Exclude<TypesRequest, { kind: "update" | "cancel" }>;
type Ask<K extends Question["kind"]> = Omit<Extract<Question, { kind: K }>, "request">;

/** A reply of a kind, without its request number. */
export type Answer<K extends TypesReply["kind"]> = Extract<TypesReply, { kind: K }>;

/** Talks to one language-service worker. */
export class TypesClient {
  private next = 1;
  private readonly waiting = new Map<number, (reply: TypesReply | null) => void>();
  private knownCells = new Set<string>();
  /** Replies dropped at the door. */
  dropped = 0;
  /** Diagnostics of the cells checked so far, while a `diagnostics` question is still open. */
  onPartial: ((reply: Answer<"diagnostics">) => void) | null = null;

  constructor(private readonly worker: Pick<Worker, "postMessage" | "terminate"> & { onmessage: ((event: MessageEvent) => void) | null }) {
    worker.onmessage = (event) => {
      const reply = readReply(event.data, this.knownCells);
      if (!reply) {
        this.dropped++;
        return;
      }
      if (reply.kind === "diagnostics" && reply.partial) {
        if (this.waiting.has(reply.request)) this.onPartial?.(reply);
        return;
      }
      const resolve = this.waiting.get(reply.request);
      this.waiting.delete(reply.request);
      resolve?.(reply);
    };
  }

  /** Sends every code cell's text (document order). */
  update(cells: { id: string; text: string }[]): void {
    this.knownCells = new Set(cells.map((c) => c.id));
    this.worker.postMessage({ kind: "update", cells } satisfies TypesRequest);
  }

  /**
   * Asks a question; null when the reply is a failure, malformed, or later than `timeoutMs`,
   * or when `signal` aborts first (the worker is told, so a question still queued there is
   * never computed).
   */
  ask<K extends Question["kind"]>(question: Ask<K>, timeoutMs: number, signal?: AbortSignal): Promise<Answer<K> | null> {
    const request = this.next++;
    if (signal?.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const settle = (reply: TypesReply | null) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", withdraw);
        this.waiting.delete(request);
        resolve(reply && reply.kind === question.kind ? (reply as Answer<K>) : null);
      };
      const withdraw = () => {
        if (!this.waiting.has(request)) return;
        this.worker.postMessage({ kind: "cancel", request } satisfies TypesRequest);
        settle(null);
      };
      const timer = setTimeout(() => settle(null), timeoutMs);
      signal?.addEventListener("abort", withdraw);
      this.waiting.set(request, settle);
      this.worker.postMessage({ ...question, request } as TypesRequest);
    });
  }

  /** Stops the worker; pending questions resolve to null. */
  close(): void {
    this.worker.terminate();
    for (const resolve of this.waiting.values()) resolve(null);
    this.waiting.clear();
  }
}
