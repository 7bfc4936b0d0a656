/**
 * Display descriptors: what the kernel worker sends the UI in place of a raw value.
 * Plain structured-clone-safe data (tables travel as Arrow IPC bytes), so nothing a
 * cell returns can carry live objects, functions or script across the boundary.
 */

/** One node of the inspector tree. Containers beyond the first level carry a `ref` to expand lazily. */
export type InspectNode =
  | { type: "primitive"; tone: PrimitiveTone; text: string }
  | { type: "container"; shape: ContainerShape; label: string; size: number; entries?: InspectEntry[]; more: number; ref?: number }
  | { type: "circular"; label: string }
  | { type: "error"; name: string; message: string };

/** How a primitive is coloured in the inspector. */
export type PrimitiveTone = "number" | "string" | "boolean" | "null" | "undefined" | "bigint" | "symbol" | "date" | "function" | "regexp";

/** Which brackets a container is shown with. */
export type ContainerShape = "object" | "array" | "map" | "set";

/** A key and its value inside a container. */
export interface InspectEntry {
  key: string;
  value: InspectNode;
}

/**
 * An Arquero table as the page first sees it: its first rows (up to `TABLE_HEAD_ROWS`) as
 * Arrow IPC bytes (transferred, not copied or JSON-encoded), the row count, and `ref`, the
 * handle the page asks the worker with (`KernelApi.table`) for other rows, searches,
 * filters, summaries and exports. The whole table never crosses to the page.
 */
export interface TableDisplay {
  ipc: Uint8Array;
  rows: number;
  ref?: number;
}

/** Rows a table display carries inline; the rest are asked for. */
export const TABLE_HEAD_ROWS = 1000;

/** A filter on one column: an inclusive numeric range, a case-insensitive substring, or one of a set of values. */
export type ColumnFilter =
  | { column: string; kind: "range"; min?: number; max?: number }
  | { column: string; kind: "contains"; text: string }
  | { column: string; kind: "equals"; values: CategoryValue[] };

/** A value a category filter can name (dates as ISO text). */
export type CategoryValue = string | number | boolean | null;

/** What the user sees of a table: a search over all columns, column filters (all must hold) and a sort. */
export interface TableViewSpec {
  search: string;
  filters: ColumnFilter[];
  sort: { column: string; descending: boolean } | null;
}

/** Page → worker: a question about the table `ref` of a cell's output. Positions count rows in the table's own order, from 0. */
export type TableRequest =
  /** Rows `offset` … `offset + limit` of the view. */
  | { kind: "rows"; ref: number; view: TableViewSpec; offset: number; limit: number }
  /** A summary of every column (or only `columns`) over the view's rows. */
  | { kind: "summary"; ref: number; view: TableViewSpec; columns?: string[] }
  /** The view (or only `positions`, a selection) as delimited text, at most `limit` rows. */
  | { kind: "export"; ref: number; view: TableViewSpec; format: "csv" | "tsv"; limit: number; positions?: number[] };

/** The summary of one column over a view. */
export interface ColumnSummary {
  name: string;
  /** What the values are: number, string, boolean, date, mixed (more than one of these), other (lists, objects), or empty (only nulls). */
  type: "number" | "string" | "boolean" | "date" | "mixed" | "other" | "empty";
  count: number;
  nulls: number;
  distinct: number;
  /** Numbers: smallest, largest and mean of the finite values; dates: smallest and largest as ISO text. */
  min?: number | string;
  max?: number | string;
  mean?: number;
  /** Numbers: counts in equal-width bins from `min` to `max`. */
  histogram?: number[];
  /** Other types: the most frequent values (as shown) with their counts, most frequent first. */
  top?: { value: string; count: number }[];
  /** Every distinct value, when there are few (for an "equals" filter); dates as ISO text. */
  categories?: CategoryValue[];
}

/** Worker → page: the answer to a TableRequest. Errors are data. */
export type TableReply =
  /** `total`: rows in the view; `positions`: each returned row's position in the table; `ipc`: those rows. */
  | { kind: "rows"; total: number; positions: number[]; ipc: Uint8Array }
  | { kind: "summary"; total: number; columns: ColumnSummary[] }
  /** `rows` written of `total` in the view (or selection); `truncated` when the limit or the size cap stopped it. */
  | { kind: "text"; text: string; rows: number; total: number; truncated: boolean }
  /** The table is no longer held (the cell re-ran or the worker restarted). */
  | { kind: "gone" }
  | { kind: "error"; message: string };

/** The widgets cell code can create; `value` is the current value the UI shows. */
export type WidgetSpec =
  | { type: "slider"; label?: string; min: number; max: number; step: number; value: number }
  | { type: "number"; label?: string; min?: number; max?: number; step?: number; value: number }
  | { type: "select"; label?: string; options: string[]; value: number }
  | { type: "checkbox"; label?: string; value: boolean }
  | { type: "text"; label?: string; placeholder?: string; value: string }
  | { type: "button"; label: string; value: number }
  | { type: "table"; label?: string; table: TableDisplay; multiple: boolean; value: number[] };

/** What the user did to a widget, sent back to the worker (which maps it to the widget's value). */
export type WidgetInput =
  | { type: "slider" | "number"; value: number }
  | { type: "select"; index: number }
  | { type: "checkbox"; value: boolean }
  | { type: "text"; value: string }
  | { type: "button" }
  | { type: "table"; rows: number[] };

/** A rendered output of one cell. */
export type Display =
  | { kind: "empty" }
  | { kind: "inspect"; node: InspectNode }
  | { kind: "table"; table: TableDisplay }
  /** A chart as SVG; `pointers` drive its tips, crosshairs and pointer marks in the page (workers/plotPointer.ts). */
  | { kind: "plot"; svg: string; pointers?: PointerLayer[] }
  | { kind: "html"; html: string }
  | { kind: "markdown"; markdown: string }
  | { kind: "widget"; widget: WidgetSpec };

/** How a pointer mark picks its datum: Plot's `pointer` (nearest in x and y), `pointerX` or `pointerY`. */
export type PointerMode = "xy" | "x" | "y";

/** One line of a tip: a channel's label, its formatted value, and the swatch colour of a colour channel. */
export interface TipLine {
  label: string;
  value: string;
  color?: string;
}

/** One datum of a pointer mark: where the pointer picks it (chart pixels) and what is shown then. */
export interface PointerPoint {
  x: number;
  y: number;
  /** A tip's lines (layers of kind `tip`). */
  tip?: TipLine[];
  /** The SVG Plot rendered for this datum (layers of kind `mark`), sanitised by the page. */
  svg?: string;
}

/**
 * One pointer-driven mark of a chart, prepared for every datum in the worker: the page shows
 * the prepared tip or fragment of the datum nearest the pointer, in the placeholder
 * `<g data-caravan-pointer="id">` of the chart's SVG.
 */
export interface PointerLayer {
  id: number;
  kind: "tip" | "mark";
  mode: PointerMode;
  /** Pixels beyond which nothing is picked. */
  radius: number;
  /** The plot frame (left, top, right, bottom) in chart pixels: outside it distances are not squashed. */
  frame: [number, number, number, number];
  /** Subtracted from the pointer before comparing (half a band of a band scale). */
  offset: [number, number];
  points: PointerPoint[];
}
