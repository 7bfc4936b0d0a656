/**
 * One table shown in an output, as the worker keeps it for the page's questions: rows of
 * a view, column summaries, and exports (`TableRequest` → `TableReply`). The positions of
 * the last few views are kept, so scrolling a filtered, sorted million-row view computes
 * it once and then reads slices.
 */
import { toArrowIPC } from "arquero";
import type { TableReply, TableRequest, TableViewSpec } from "../types";
import { delimited } from "./delimited";
import { summarize } from "./summary";
import { Columns, type ExplorerTable } from "./values";
import { filterKey, filterRows, sortRows } from "./view";

/** Rows one "rows" request may ask for. */
export const MAX_PAGE_ROWS = 1000;
/** Views whose positions are kept. */
const KEPT_VIEWS = 4;

interface ReifiableTable extends ExplorerTable {
  reify(indices: Uint32Array): unknown;
}

/** Answers the page's requests about one table. */
export class TableSession {
  private readonly columns: Columns;
  private readonly filtered = new Map<string, Uint32Array>();
  private readonly sorted = new Map<string, Uint32Array>();

  constructor(private readonly table: ReifiableTable) {
    this.columns = new Columns(table);
  }

  /** The answer to `request` (errors as data). */
  answer(request: TableRequest): TableReply {
    try {
      return this.answerOrThrow(request);
    } catch (error) {
      return { kind: "error", message: error instanceof Error ? error.message : String(error) };
    }
  }

  private answerOrThrow(request: TableRequest): TableReply {
    switch (request.kind) {
      case "rows": {
        const view = this.view(request.view);
        const offset = Math.max(0, Math.floor(request.offset));
        const slice = view.subarray(offset, offset + Math.min(MAX_PAGE_ROWS, Math.max(0, Math.floor(request.limit))));
        return { kind: "rows", total: view.length, positions: Array.from(slice), ipc: this.ipc(slice) };
      }
      case "summary": {
        const rows = this.filter(request.view);
        const names = request.columns ? this.columns.names.filter((name) => request.columns!.includes(name)) : this.columns.names;
        return { kind: "summary", total: rows.length, columns: names.map((name) => summarize(this.columns, name, rows)) };
      }
      case "export": {
        const rows = request.positions ? request.positions.filter((p) => Number.isInteger(p) && p >= 0 && p < this.columns.rows) : this.view(request.view);
        const { text, rows: written, truncated } = delimited(this.columns, rows, request.format === "csv" ? "," : "\t", request.limit);
        return { kind: "text", text, rows: written, total: rows.length, truncated };
      }
      default: {
        const never: never = request;
        throw new Error(`unknown table request: ${(never as { kind: string }).kind}`);
      }
    }
  }

  /** The view's positions, filtered and sorted. */
  private view(view: TableViewSpec): Uint32Array {
    const key = JSON.stringify([filterKey(view), view.sort]);
    return remember(this.sorted, key, () => sortRows(this.columns, this.filter(view), view.sort));
  }

  private filter(view: TableViewSpec): Uint32Array {
    for (const filter of view.filters) if (!this.columns.names.includes(filter.column)) throw new Error(`unknown column: ${filter.column}`);
    return remember(this.filtered, filterKey(view), () => filterRows(this.columns, view));
  }

  /** The rows at `positions` as Arrow IPC. */
  private ipc(positions: Uint32Array): Uint8Array {
    const table = this.table;
    const stored = table.isFiltered() || table.isOrdered() ? table.indices() : null;
    const rows = stored ? positions.map((p) => stored[p]!) : positions;
    return toArrowIPC(table.reify(rows) as never) as Uint8Array;
  }
}

function remember(cache: Map<string, Uint32Array>, key: string, compute: () => Uint32Array): Uint32Array {
  let value = cache.get(key);
  if (value) {
    // Most recently used last, so the oldest is dropped first.
    cache.delete(key);
  } else {
    value = compute();
    if (cache.size >= KEPT_VIEWS) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, value);
  return value;
}
