import { afterEach, describe, expect, it } from "vitest";
import { expose } from "comlink";
import { MessageChannel } from "node:worker_threads";
import { parseFile } from "../notebook/format";
import { PARSE_ON_PAGE_CHARS, parseNotebookText } from "./parseOffPage";

/** A stand-in for `Worker`: the format worker's API over a real message channel (structured clone between). */
function fakeWorkers(options: { fail?: boolean } = {}) {
  const started: string[] = [];
  class FakeWorker extends EventTarget {
    private readonly port;
    terminated = false;
    constructor(_url: URL, init?: WorkerOptions) {
      super();
      started.push(init?.name ?? "");
      const { port1, port2 } = new MessageChannel();
      this.port = port1;
      if (options.fail) queueMicrotask(() => this.dispatchEvent(new Event("error")));
      else expose({ parseFile: (text: string) => parseFile(text) }, port2 as never);
    }
    postMessage(message: unknown, transfer?: Transferable[]) {
      this.port.postMessage(message, transfer as never);
    }
    override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, opts?: AddEventListenerOptions | boolean) {
      if (type === "message") (this.port as unknown as EventTarget).addEventListener(type, listener, opts);
      else super.addEventListener(type, listener, opts);
    }
    override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
      if (type === "message") (this.port as unknown as EventTarget).removeEventListener(type, listener);
      else super.removeEventListener(type, listener);
    }
    terminate() {
      this.terminated = true;
      this.port.close();
    }
  }
  (globalThis as { Worker?: unknown }).Worker = FakeWorker;
  return started;
}

afterEach(() => {
  delete (globalThis as { Worker?: unknown }).Worker;
});

/** A notebook file of `n` one-line cells; `odd` writes a non-canonical marker (extra spaces) so the file keeps a layout. */
function notebookText(n: number, odd = false): string {
  const cells = Array.from({ length: n }, (_, i) => `// %% [code ${odd && i === 3 ? " " : ""}id=k${i}]\nconst k${i} = ${i}\n\n`);
  return `// caravan: 1\n// title: Long\n\n${cells.join("")}// %% end\n`;
}

describe("parseNotebookText", () => {
  it("parses short text on the page, starting no worker", async () => {
    const started = fakeWorkers();
    const text = notebookText(10);
    expect(text.length).toBeLessThan(PARSE_ON_PAGE_CHARS);
    const away = await parseNotebookText(text);
    const here = parseFile(text);
    if ("kind" in away || "kind" in here) throw new Error("expected a notebook");
    expect(away.doc.cells).toEqual(here.doc.cells);
    expect(started).toEqual([]);
  });

  it("parses long text in the format worker, with the same cells, layout and errors as on the page", async () => {
    const started = fakeWorkers();
    const text = notebookText(1000, true);
    expect(text.length).toBeGreaterThanOrEqual(PARSE_ON_PAGE_CHARS);
    const away = await parseNotebookText(text);
    const here = parseFile(text);
    if ("kind" in away || "kind" in here) throw new Error("expected a notebook");
    expect(away.doc.cells).toEqual(here.doc.cells);
    expect(away.doc.layout).toEqual(here.doc.layout);
    // The map of raw blocks comes back without a prototype, as parseFile makes it.
    expect(Object.getPrototypeOf(away.doc.layout!.cells)).toBeNull();
    expect(started).toEqual(["caravan-format"]);
    const broken = text.replace("// %% [code id=k700]", "// %% [cod id=k700]");
    expect(await parseNotebookText(broken)).toMatchObject({ kind: "format", line: 4 + 3 * 700, message: expect.stringContaining('unknown cell kind "cod"') });
  });

  it("parses on the page when the worker cannot start or fails to load", async () => {
    const text = notebookText(1000);
    const here = parseFile(text);
    if ("kind" in here) throw new Error("expected a notebook");
    const started = fakeWorkers({ fail: true });
    const failed = await parseNotebookText(text);
    expect(started).toEqual(["caravan-format"]);
    expect("kind" in failed ? failed : failed.doc.cells).toEqual(here.doc.cells);
    (globalThis as { Worker?: unknown }).Worker = class {
      constructor() {
        throw new Error("workers are not allowed here");
      }
    };
    const refused = await parseNotebookText(text);
    expect("kind" in refused ? refused : refused.doc.cells).toEqual(here.doc.cells);
  });
});
