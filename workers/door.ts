/**
 * The page's door for everything the kernel worker sends: each message is checked against
 * the schema of `WorkerBatch` (message kind, a cell id the page knows, value kinds, sizes)
 * and rebuilt from its known fields only. Anything else is dropped and counted, never
 * thrown: the worker runs code from whoever wrote the notebook, so its messages are data
 * from a stranger.
 */
import type { CellError, CellStatus } from "../src/kernel/types";
import type { CategoryValue, ColumnSummary, Display, InspectEntry, InspectNode, PointerLayer, PointerPoint, TableDisplay, TableReply, TipLine, WidgetSpec } from "../src/display/types";
import type { ConsoleLine, WorkerEvent } from "./protocol";

/** The sizes the door accepts; bigger is dropped. */
export const DOOR_LIMITS = {
  /** Events in one batch. */
  events: 5000,
  /** Characters of an HTML, SVG or Markdown output. */
  markup: 8_000_000,
  /** Characters of an output's canonical text. */
  text: 2_000_000,
  /** Characters of any other string (labels, messages, names). */
  string: 100_000,
  /** Bytes of one table's Arrow IPC. */
  tableBytes: 256 * 1024 * 1024,
  /** Characters of a table export (CSV or TSV text). */
  tableText: 160 * 1024 * 1024,
  /** Entries of one inspector container, options of a select, rows of a table selection. */
  entries: 10_000,
  /** Nesting of inspector nodes. */
  depth: 32,
  /** Cells named in one error (a cycle's path, a duplicate's definers). */
  cells: 10_000,
  /** Console lines in one event (a run shows at most 200: workers/console.ts). */
  consoleLines: 200,
  /** Characters of one console line (the worker cuts at 4,000 and says how many there were). */
  consoleText: 4200,
  /** Pointer-driven marks of one chart. */
  pointerLayers: 64,
  /** Data prepared per pointer mark (the worker prepares at most 1,000). */
  pointerPoints: 1000,
  /** Lines of one tip. */
  tipLines: 30,
  /** Characters of one prepared SVG fragment. */
  fragment: 8000,
} as const;

/** A colour a tip's swatch may have: hex, a name, rgb()/hsl() numbers; never a url(). */
const COLOR = /^(#[0-9a-f]{3,8}|[a-z]+|(rgb|hsl)a?\([\d\s.,%deg/]+\))$/i;
const LEVELS: ReadonlySet<string> = new Set(["log", "info", "warn", "error", "debug"]);

const STATUSES: ReadonlySet<string> = new Set<CellStatus>(["idle", "queued", "running", "done", "error", "stale", "interrupted"]);
const TONES: ReadonlySet<string> = new Set(["number", "string", "boolean", "null", "undefined", "bigint", "symbol", "date", "function", "regexp"]);
const SHAPES: ReadonlySet<string> = new Set(["object", "array", "map", "set"]);

/** Why a value was refused (thrown inside the door only, caught at its edge). */
class Refused extends Error {}

function refuse(what: string): never {
  throw new Refused(what);
}

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) refuse("not a record");
  return value as Record<string, unknown>;
}

function str(value: unknown, max: number = DOOR_LIMITS.string): string {
  if (typeof value !== "string" || value.length > max) refuse("bad string");
  return value;
}

function optStr(value: unknown, max: number = DOOR_LIMITS.string): string | undefined {
  return value === undefined ? undefined : str(value, max);
}

function num(value: unknown): number {
  if (typeof value !== "number" || Number.isNaN(value)) refuse("bad number");
  return value;
}

function optNum(value: unknown): number | undefined {
  return value === undefined ? undefined : num(value);
}

function int(value: unknown): number {
  const n = num(value);
  if (!Number.isSafeInteger(n)) refuse("bad integer");
  return n;
}

function list<T>(value: unknown, max: number, item: (v: unknown) => T): T[] {
  if (!Array.isArray(value) || value.length > max) refuse("bad list");
  return value.map(item);
}

function bool(value: unknown): boolean {
  if (typeof value !== "boolean") refuse("bad boolean");
  return value;
}

/** A copy of an inspector node, checked to DOOR_LIMITS.depth levels. */
function inspectNode(value: unknown, depth = 0): InspectNode {
  if (depth > DOOR_LIMITS.depth) refuse("too deep");
  const v = record(value);
  switch (v.type) {
    case "primitive": {
      const tone = str(v.tone);
      if (!TONES.has(tone)) refuse("bad tone");
      return { type: "primitive", tone: tone as Extract<InspectNode, { type: "primitive" }>["tone"], text: str(v.text) };
    }
    case "container": {
      const shape = str(v.shape);
      if (!SHAPES.has(shape)) refuse("bad shape");
      const node: InspectNode = { type: "container", shape: shape as "object", label: str(v.label), size: int(v.size), more: int(v.more) };
      if (v.entries !== undefined) node.entries = list(v.entries, DOOR_LIMITS.entries, (e): InspectEntry => ({ key: str(record(e).key), value: inspectNode(record(e).value, depth + 1) }));
      if (v.ref !== undefined) node.ref = int(v.ref);
      return node;
    }
    case "circular":
      return { type: "circular", label: str(v.label) };
    case "error":
      return { type: "error", name: str(v.name), message: str(v.message) };
    default:
      return refuse("bad node");
  }
}

function tableDisplay(value: unknown): TableDisplay {
  const v = record(value);
  if (!(v.ipc instanceof Uint8Array) || v.ipc.byteLength > DOOR_LIMITS.tableBytes) refuse("bad table");
  const table: TableDisplay = { ipc: v.ipc, rows: int(v.rows) };
  if (v.ref !== undefined) table.ref = int(v.ref);
  return table;
}

function widgetSpec(value: unknown): WidgetSpec {
  const v = record(value);
  const label = optStr(v.label);
  const labelled = <T extends object>(spec: T): T => (label === undefined ? spec : { ...spec, label });
  switch (v.type) {
    case "slider":
      return labelled({ type: "slider" as const, min: num(v.min), max: num(v.max), step: num(v.step), value: num(v.value) });
    case "number": {
      const spec: WidgetSpec = labelled({ type: "number" as const, value: num(v.value) });
      if (v.min !== undefined) spec.min = num(v.min);
      if (v.max !== undefined) spec.max = num(v.max);
      if (v.step !== undefined) spec.step = num(v.step);
      return spec;
    }
    case "select":
      return labelled({ type: "select" as const, options: list(v.options, DOOR_LIMITS.entries, (o) => str(o)), value: int(v.value) });
    case "checkbox":
      return labelled({ type: "checkbox" as const, value: bool(v.value) });
    case "text": {
      const spec: WidgetSpec = labelled({ type: "text" as const, value: str(v.value) });
      if (v.placeholder !== undefined) spec.placeholder = str(v.placeholder);
      return spec;
    }
    case "button":
      return { type: "button", label: str(v.label), value: int(v.value) };
    case "table":
      return labelled({ type: "table" as const, table: tableDisplay(v.table), multiple: bool(v.multiple), value: list(v.value, DOOR_LIMITS.entries, int) });
    default:
      return refuse("bad widget");
  }
}

function finite(value: unknown): number {
  const n = num(value);
  if (!Number.isFinite(n)) refuse("not finite");
  return n;
}

/** A copy of one chart's pointer layer; its tips and fragments count against the chart's `budget` of characters. */
function pointerLayer(value: unknown, budget: { left: number }): PointerLayer {
  const v = record(value);
  const kind = str(v.kind, 8);
  const mode = str(v.mode, 8);
  if (kind !== "tip" && kind !== "mark") refuse("bad layer kind");
  if (mode !== "xy" && mode !== "x" && mode !== "y") refuse("bad pointer mode");
  const pair = (x: unknown): [number, number] => {
    const [a, b] = list(x, 2, finite);
    return [a ?? refuse("short"), b ?? refuse("short")];
  };
  const four = list(v.frame, 4, finite);
  if (four.length !== 4) refuse("bad frame");
  const spend = (text: string) => {
    budget.left -= text.length;
    if (budget.left < 0) refuse("chart too large");
    return text;
  };
  const points = list(v.points, DOOR_LIMITS.pointerPoints, (p): PointerPoint => {
    const point = record(p);
    const out: PointerPoint = { x: finite(point.x), y: finite(point.y) };
    if (kind === "tip") {
      out.tip = list(point.tip, DOOR_LIMITS.tipLines, (l): TipLine => {
        const line = record(l);
        const tip: TipLine = { label: spend(str(line.label, 1000)), value: spend(str(line.value, 1000)) };
        if (line.color !== undefined) tip.color = COLOR.test(str(line.color, 100)) ? (line.color as string) : refuse("bad colour");
        return tip;
      });
    } else out.svg = spend(str(point.svg, DOOR_LIMITS.fragment));
    return out;
  });
  return { id: int(v.id), kind, mode, radius: finite(v.radius), frame: four as [number, number, number, number], offset: pair(v.offset), points };
}

/** A copy of a display descriptor, or a refusal. */
export function checkDisplay(value: unknown): Display {
  const v = record(value);
  switch (v.kind) {
    case "empty":
      return { kind: "empty" };
    case "inspect":
      return { kind: "inspect", node: inspectNode(v.node) };
    case "table":
      return { kind: "table", table: tableDisplay(v.table) };
    case "plot": {
      const svg = str(v.svg, DOOR_LIMITS.markup);
      if (v.pointers === undefined) return { kind: "plot", svg };
      const budget = { left: DOOR_LIMITS.markup };
      return { kind: "plot", svg, pointers: list(v.pointers, DOOR_LIMITS.pointerLayers, (layer) => pointerLayer(layer, budget)) };
    }
    case "html":
      return { kind: "html", html: str(v.html, DOOR_LIMITS.markup) };
    case "markdown":
      return { kind: "markdown", markdown: str(v.markdown, DOOR_LIMITS.markup) };
    case "widget":
      return { kind: "widget", widget: widgetSpec(v.widget) };
    default:
      return refuse("bad display");
  }
}

/** A copy of a cell error: its kind (any short tag), its message, and the known optional fields. */
function checkError(value: unknown, cell: string, knows: (id: string) => boolean): CellError {
  const v = record(value);
  const kind = str(v.kind, 32);
  if (!/^[a-z][a-z-]*$/.test(kind)) refuse("bad error kind");
  const error: Record<string, unknown> = { kind, cell, message: str(v.message) };
  const cellList = (x: unknown) => list(x, DOOR_LIMITS.cells, (id) => (knows(str(id, 200)) ? (id as string) : refuse("unknown cell")));
  if (v.line !== undefined) error.line = int(v.line);
  if (v.column !== undefined) error.column = int(v.column);
  if (v.name !== undefined) error.name = str(v.name);
  if (v.stack !== undefined) error.stack = str(v.stack);
  if (v.definer !== undefined) error.definer = knows(str(v.definer, 200)) ? v.definer : refuse("unknown cell");
  if (v.upstream !== undefined) error.upstream = knows(str(v.upstream, 200)) ? v.upstream : refuse("unknown cell");
  if (v.path !== undefined) error.path = cellList(v.path);
  if (v.definers !== undefined) error.definers = cellList(v.definers);
  if (v.names !== undefined) error.names = list(v.names, DOOR_LIMITS.cells, (n) => str(n));
  return error as unknown as CellError;
}

function consoleLine(value: unknown): ConsoleLine {
  const v = record(value);
  const level = str(v.level, 8);
  if (!LEVELS.has(level)) refuse("bad level");
  const count = int(v.count);
  if (count < 1) refuse("bad count");
  return { level: level as ConsoleLine["level"], text: str(v.text, DOOR_LIMITS.consoleText), count };
}

/** A copy of one event, or a refusal. */
function checkEvent(value: unknown, knows: (id: string) => boolean): WorkerEvent {
  const v = record(value);
  const at = num(v.at);
  if (v.type === "attachment") return { type: "attachment", request: int(v.request), name: str(v.name, 4096), at };
  const cell = str(v.cell, 200);
  if (!knows(cell)) refuse("unknown cell");
  switch (v.type) {
    case "status": {
      const status = str(v.status);
      if (!STATUSES.has(status)) refuse("bad status");
      return { type: "status", cell, status: status as CellStatus, at };
    }
    case "display": {
      const event: WorkerEvent = { type: "display", cell, display: checkDisplay(v.display), at };
      if (v.text !== undefined) event.text = str(v.text, DOOR_LIMITS.text);
      return event;
    }
    case "error":
      return { type: "error", cell, error: checkError(v.error, cell, knows), at };
    case "progress": {
      const fraction = num(v.fraction);
      if (!(fraction >= 0 && fraction <= 1)) refuse("bad fraction");
      const event: WorkerEvent = { type: "progress", cell, fraction, at };
      if (v.label !== undefined) event.label = str(v.label, 1000);
      return event;
    }
    case "activity":
      return { type: "activity", cell, at };
    case "console": {
      const omitted = int(v.omitted);
      if (omitted < 0) refuse("bad count");
      return { type: "console", cell, reset: bool(v.reset), lines: list(v.lines, DOOR_LIMITS.consoleLines, consoleLine), omitted, at };
    }
    default:
      return refuse("bad event type");
  }
}

/** What the door made of one message: the events it let in and how many it dropped. */
export interface DoorResult {
  events: WorkerEvent[];
  dropped: number;
}

/**
 * Checks one message from the kernel port. Comlink's own replies (which carry an `id`) are
 * not events: the result is null and the caller leaves them to Comlink.
 */
export function parseWorkerBatch(data: unknown, knows: (id: string) => boolean): DoorResult | null {
  if (typeof data === "object" && data !== null && !Array.isArray(data) && (data as { caravan?: unknown }).caravan !== "events" && "id" in data) return null;
  let raw: unknown[];
  try {
    const v = record(data);
    if (v.caravan !== "events" || !Array.isArray(v.events)) return { events: [], dropped: 1 };
    raw = v.events;
  } catch {
    return { events: [], dropped: 1 };
  }
  if (raw.length > DOOR_LIMITS.events) return { events: [], dropped: raw.length };
  const events: WorkerEvent[] = [];
  let dropped = 0;
  for (const item of raw) {
    try {
      events.push(checkEvent(item, knows));
    } catch (error) {
      if (!(error instanceof Refused) && !(error instanceof TypeError) && !(error instanceof RangeError)) throw error;
      dropped++;
    }
  }
  return { events, dropped };
}

const SUMMARY_TYPES: ReadonlySet<string> = new Set<ColumnSummary["type"]>(["number", "string", "boolean", "date", "mixed", "other", "empty"]);

function category(value: unknown): CategoryValue {
  if (value === null || typeof value === "boolean") return value;
  return typeof value === "number" ? num(value) : str(value);
}

function columnSummary(value: unknown): ColumnSummary {
  const v = record(value);
  const type = str(v.type);
  if (!SUMMARY_TYPES.has(type)) refuse("bad summary type");
  const summary: ColumnSummary = { name: str(v.name), type: type as ColumnSummary["type"], count: int(v.count), nulls: int(v.nulls), distinct: int(v.distinct) };
  const numOrStr = (x: unknown) => (typeof x === "number" ? num(x) : str(x));
  if (v.min !== undefined) summary.min = numOrStr(v.min);
  if (v.max !== undefined) summary.max = numOrStr(v.max);
  if (v.mean !== undefined) summary.mean = num(v.mean);
  if (v.histogram !== undefined) summary.histogram = list(v.histogram, 1000, int);
  if (v.top !== undefined) summary.top = list(v.top, 100, (t) => ({ value: str(record(t).value), count: int(record(t).count) }));
  if (v.categories !== undefined) summary.categories = list(v.categories, 1000, category);
  return summary;
}

/** A checked copy of the worker's answer to a table request; anything malformed becomes an error reply. */
export function checkTableReply(value: unknown): TableReply {
  try {
    const v = record(value);
    switch (v.kind) {
      case "rows":
        if (!(v.ipc instanceof Uint8Array) || v.ipc.byteLength > DOOR_LIMITS.tableBytes) refuse("bad rows");
        return { kind: "rows", total: int(v.total), positions: list(v.positions, DOOR_LIMITS.entries, int), ipc: v.ipc };
      case "summary":
        return { kind: "summary", total: int(v.total), columns: list(v.columns, DOOR_LIMITS.entries, columnSummary) };
      case "text":
        return { kind: "text", text: str(v.text, DOOR_LIMITS.tableText), rows: int(v.rows), total: int(v.total), truncated: bool(v.truncated) };
      case "gone":
        return { kind: "gone" };
      case "error":
        return { kind: "error", message: str(v.message) };
      default:
        return refuse("bad table reply");
    }
  } catch (error) {
    if (error instanceof Refused) return { kind: "error", message: `the worker's answer was refused: ${error.message}` };
    throw error;
  }
}

/** A checked copy of an inspector node returned by `KernelApi.inspect`, or null. */
export function checkInspectReply(value: unknown): InspectNode | null {
  if (value === null) return null;
  try {
    return inspectNode(value);
  } catch {
    return null;
  }
}

/**
 * The port the kernel worker offers for its relay (workers/relay.ts), from a message on the
 * kernel port, or null when the message is not such an offer.
 */
export function parseRelayOffer(data: unknown): MessagePort | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const v = data as { caravan?: unknown; port?: unknown };
  return v.caravan === "relay" && typeof MessagePort === "function" && v.port instanceof MessagePort ? v.port : null;
}
