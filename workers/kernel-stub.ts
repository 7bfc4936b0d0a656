/**
 * A stand-in for src/kernel's Kernel with the same surface, used only until the real
 * kernel lands: runs every cell in document order (no dependency graph), `name = expr` cells
 * define `name`. Deleted once src/kernel/index.ts exists.
 */
import { transform } from "sucrase";
import type { CellSpec, KernelObserver } from "../src/kernel/types";

const VIEW = Symbol.for("caravan.view");

export class Kernel {
  private cells: CellSpec[] = [];
  private values = new Map<string, unknown>();
  private interrupted = new Set<string>();
  private running: Promise<void> = Promise.resolve();
  private builtins: Record<string, unknown>;
  private observer: KernelObserver;

  constructor(options: { builtins: Record<string, unknown>; modules?: unknown; observer: KernelObserver }) {
    this.builtins = options.builtins;
    this.observer = options.observer;
  }

  setCells(cells: CellSpec[]): void {
    this.cells = cells;
    this.schedule();
  }
  runCell(id: string): void {
    this.interrupted.delete(id);
    this.schedule();
  }
  markInterrupted(id: string): void {
    this.interrupted.add(id);
  }
  setViewValue(id: string, value: unknown): void {
    const cell = this.cells.find((c) => c.id === id);
    const name = cell && /^\s*(?:const\s+|let\s+)?(\w+)\s*=/.exec(cell.source)?.[1];
    const view = name ? (this.values.get(`view:${name}`) as { value: unknown } | undefined) : undefined;
    if (view) view.value = value;
    this.schedule();
  }
  idle(): Promise<void> {
    return this.running;
  }
  value(name: string): unknown {
    return this.values.get(name);
  }
  dispose(): void {}

  private schedule(): void {
    this.running = this.running.then(() => this.runAll());
  }

  private async runAll(): Promise<void> {
    const now = () => performance.now();
    for (const cell of this.cells) this.observer({ type: "status", cell: cell.id, status: "queued", at: now() });
    const scope: Record<string, unknown> = { ...this.builtins };
    for (const cell of this.cells) {
      if (this.interrupted.has(cell.id)) {
        this.observer({ type: "status", cell: cell.id, status: "interrupted", at: now() });
        this.observer({ type: "error", cell: cell.id, error: { kind: "interrupted", cell: cell.id, message: "interrupted" }, at: now() });
        continue;
      }
      if (cell.kind === "markdown") {
        this.observer({ type: "markdown", cell: cell.id, markdown: cell.source, at: now() });
        this.observer({ type: "status", cell: cell.id, status: "done", at: now() });
        continue;
      }
      this.observer({ type: "status", cell: cell.id, status: "running", at: now() });
      const match = /^\s*(?:const\s+|let\s+)?(\w+)\s*=(?!=)([\s\S]*)$/.exec(cell.source);
      const body = match ? match[2]! : cell.source;
      try {
        const js = transform(`return (async () => (${body.trim() || "undefined"}))()`, { transforms: ["typescript"] }).code;
        const names = Object.keys(scope);
        const fn = new Function(...names, js);
        let value = await fn(...names.map((n) => scope[n]));
        if (match) {
          const name = match[1]!;
          const raw = value;
          if (raw && typeof raw === "object" && (raw as Record<symbol, unknown>)[VIEW]) {
            const previous = this.values.get(`view:${name}`) as { value: unknown } | undefined;
            if (previous && previous.constructor === (raw as object).constructor) (raw as { value: unknown }).value = previous.value;
            this.values.set(`view:${name}`, raw);
            value = raw;
            scope[name] = (raw as { value: unknown }).value;
          } else scope[name] = raw;
          this.values.set(name, scope[name]);
        }
        this.observer({ type: "value", cell: cell.id, value, names: match ? [match[1]!] : [], at: now() });
        this.observer({ type: "status", cell: cell.id, status: "done", at: now() });
      } catch (error) {
        const e = error as Error;
        this.observer({ type: "error", cell: cell.id, error: { kind: "exception", cell: cell.id, message: e.message, line: 1, column: 1 }, at: now() });
        this.observer({ type: "status", cell: cell.id, status: "error", at: now() });
      }
    }
  }
}
