/**
 * The rows the table viewer shows, fetched from the worker in blocks as they scroll into
 * view (the table itself stays in the worker). The table's first rows come with the
 * display, so an unsearched, unsorted table shows at once. A new view (search, filters,
 * sort) starts a fresh cache; answers for an older view are dropped.
 */
import { tableFromIPC, type Table } from "@uwdata/flechette";
import type { TableReply, TableRequest, TableViewSpec } from "../../display/types";

/** Rows per request. */
export const BLOCK_ROWS = 100;
/** Blocks kept; the oldest are dropped first. */
const KEPT_BLOCKS = 64;

/** Asks the worker about this table. */
export type TableQuery = (request: TableRequest) => Promise<TableReply>;

/** One row as shown: its position in the table and its values by column. */
export interface ShownRow {
  position: number;
  values: unknown[];
}

interface Block {
  positions: number[];
  table: Table;
}

/** Rows of the current view, by index in the view. */
export class RowSource {
  private blocks = new Map<number, Block>();
  private pending = new Set<number>();
  private generation = 0;
  private view: TableViewSpec = { search: "", filters: [], sort: null };

  constructor(
    private readonly ref: number | undefined,
    private readonly names: string[],
    private readonly head: Table,
    private readonly query: TableQuery | null,
    /** Called when rows arrive (re-render), or with a problem to show. */
    private readonly onChange: (problem?: string) => void,
  ) {}

  /** True while the view shows every row in table order (its first rows are at hand). */
  get isDefault(): boolean {
    return !this.view.search && this.view.filters.length === 0 && !this.view.sort;
  }

  get current(): TableViewSpec {
    return this.view;
  }

  /** Asks for `view`; resolves with its row count, or with a reply that is not rows (an error, or a table that is gone). */
  async setView(view: TableViewSpec): Promise<{ total: number } | Exclude<TableReply, { kind: "rows" }>> {
    this.view = view;
    this.generation++;
    this.blocks = new Map();
    this.pending = new Set();
    const generation = this.generation;
    const reply = await this.ask({ kind: "rows", ref: this.ref ?? -1, view, offset: 0, limit: BLOCK_ROWS });
    if (generation !== this.generation) return { kind: "error", message: "superseded" };
    if (reply.kind !== "rows") return reply;
    this.keep(0, reply);
    return { total: reply.total };
  }

  /** The row at `index` of the view, or null while it is being fetched (it then calls onChange). */
  row(index: number): ShownRow | null {
    if (this.isDefault && index < this.head.numRows) return { position: index, values: this.names.map((name) => this.head.getChild(name)!.at(index)) };
    const number = Math.floor(index / BLOCK_ROWS);
    const block = this.blocks.get(number);
    if (!block) {
      void this.fetch(number);
      return null;
    }
    const i = index - number * BLOCK_ROWS;
    if (i >= block.positions.length) return null;
    return { position: block.positions[i]!, values: this.names.map((name) => block.table.getChild(name)?.at(i) ?? null) };
  }

  private async fetch(number: number): Promise<void> {
    if (this.pending.has(number)) return;
    this.pending.add(number);
    const generation = this.generation;
    const reply = await this.ask({ kind: "rows", ref: this.ref ?? -1, view: this.view, offset: number * BLOCK_ROWS, limit: BLOCK_ROWS });
    if (generation !== this.generation) return;
    this.pending.delete(number);
    if (reply.kind !== "rows") return this.onChange(problemText(reply));
    this.keep(number, reply);
    this.onChange();
  }

  private keep(number: number, reply: Extract<TableReply, { kind: "rows" }>): void {
    if (this.blocks.size >= KEPT_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    this.blocks.set(number, { positions: reply.positions, table: tableFromIPC(reply.ipc, { useDate: true }) });
  }

  private async ask(request: TableRequest): Promise<TableReply> {
    if (!this.query || this.ref === undefined) return { kind: "gone" };
    try {
      return await this.query(request);
    } catch (error) {
      return { kind: "error", message: (error as Error).message };
    }
  }
}

/** What to tell the user about a reply that carries no rows. */
export function problemText(reply: Exclude<TableReply, { kind: "rows" }>): string {
  switch (reply.kind) {
    case "gone":
      return "this table is no longer held by the kernel: run its cell again to search, sort or export it";
    case "error":
      return `cannot read the table: ${reply.message}`;
    case "summary":
    case "text":
      return "unexpected answer from the kernel";
    default: {
      const never: never = reply;
      return String(never);
    }
  }
}
