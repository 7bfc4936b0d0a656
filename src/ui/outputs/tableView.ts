/**
 * The table viewer: decodes Arrow IPC bytes with flechette (columns decode lazily) and
 * shows column names and types, the row count, click-to-sort headers and virtual
 * scrolling, so only the rows in view are read and turned into DOM. A million rows scroll
 * as smoothly as ten. With `select`, rows get checkboxes (the table widget).
 */
import { tableFromIPC, type Column, type Table } from "@uwdata/flechette";

const ROW_HEIGHT = 26;
const VISIBLE_ROWS = 12;
const OVERSCAN = 6;

/** Row selection for the table widget: the selected original row indices and a change callback. */
export interface TableSelection {
  multiple: boolean;
  selected: number[];
  onChange(rows: number[]): void;
}

const TYPE_NAMES: Record<number, string> = { 1: "null", 2: "int", 3: "float", 4: "binary", 5: "string", 6: "bool", 7: "decimal", 8: "date", 9: "time", 10: "date", 11: "interval", 12: "list", 13: "struct", 14: "union", 17: "map", 20: "string" };

function typeName(type: { typeId: number; dictionary?: { typeId: number } }): string {
  if (type.typeId === -1 && type.dictionary) return typeName(type.dictionary);
  return TYPE_NAMES[type.typeId] ?? "value";
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });
// Four-digit integers are usually years or codes: no thousands separator.
const shortFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4, useGrouping: false });

function format(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? (Math.abs(value) < 10000 ? shortFormat : numberFormat).format(value) : String(value);
  if (value instanceof Date) return value.toISOString().replace("T00:00:00.000Z", "");
  if (typeof value === "object") return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v)) ?? "";
  return String(value);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function div(className: string, text?: string): HTMLDivElement {
  const d = document.createElement("div");
  d.className = className;
  if (text !== undefined) d.textContent = text;
  return d;
}

/** Renders a table viewer for Arrow IPC bytes. */
export function renderTable(ipc: Uint8Array, selection?: TableSelection): HTMLElement {
  let table: Table;
  try {
    table = tableFromIPC(ipc, { useDate: true });
  } catch (error) {
    return div("output-error", `cannot read table: ${(error as Error).message}`);
  }
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name) as Column<unknown>);
  const rows = table.numRows;
  let order: Uint32Array | null = null;
  let sort: { column: number; descending: boolean } | null = null;
  const selected = new Set(selection?.selected ?? []);

  const root = div("tbl");
  const caption = div("tbl-caption", `${rows.toLocaleString("en-US")} rows × ${fields.length} columns`);
  const viewport = div("tbl-viewport");
  viewport.tabIndex = 0;
  // Column widths are fixed once, from the names, types and the first rows, so every row
  // (rendered on its own as it scrolls into view) lines up with the header.
  const sample = Math.min(rows, 50);
  const widths = fields.map((field, i) => {
    let longest = Math.max(field.name.length, typeName(field.type as never).length);
    for (let r = 0; r < sample; r++) longest = Math.max(longest, format(columns[i]!.at(r)).length);
    return Math.min(40, Math.max(6, longest + 3));
  });
  const indexWidth = String(rows).length + 3;
  const template = `${selection ? "28px " : ""}${indexWidth}ch ${widths.map((w) => `minmax(${w}ch, 1fr)`).join(" ")}`;
  const minWidth = `calc(${indexWidth + widths.reduce((a, b) => a + b, 0)}ch${selection ? " + 28px" : ""})`;
  const header = div("tbl-row tbl-header");
  header.style.gridTemplateColumns = template;
  header.style.minWidth = minWidth;
  if (selection) header.append(div("tbl-cell"));
  header.append(div("tbl-cell tbl-index", "#"));
  fields.forEach((field, i) => {
    const numeric = ["int", "float", "decimal"].includes(typeName(field.type as never));
    const cell = div(numeric ? "tbl-cell tbl-head num" : "tbl-cell tbl-head");
    cell.title = "Sort";
    cell.append(div("tbl-name", field.name), div("tbl-type", typeName(field.type as never)));
    cell.addEventListener("click", () => sortBy(i));
    header.append(cell);
  });
  const sizer = div("tbl-sizer");
  sizer.style.height = `${rows * ROW_HEIGHT}px`;
  const body = div("tbl-body");
  sizer.append(body);
  viewport.append(header, sizer);
  viewport.style.height = `${Math.min(rows, VISIBLE_ROWS) * ROW_HEIGHT + ROW_HEIGHT + 12}px`;
  root.append(caption, viewport);

  let first = -1;
  const render = (force = false) => {
    const top = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    if (top === first && !force) return;
    first = top;
    const last = Math.min(rows, top + VISIBLE_ROWS * 2 + OVERSCAN * 2);
    body.style.transform = `translateY(${top * ROW_HEIGHT}px)`;
    const fragment = document.createDocumentFragment();
    for (let r = top; r < last; r++) {
      const row = order ? order[r]! : r;
      const line = div("tbl-row");
      line.style.gridTemplateColumns = template;
      line.style.minWidth = minWidth;
      if (selection) {
        const box = document.createElement("input");
        box.type = selection.multiple ? "checkbox" : "radio";
        box.checked = selected.has(row);
        box.addEventListener("change", () => toggle(row, box.checked));
        const cell = div("tbl-cell");
        cell.append(box);
        line.append(cell);
      }
      line.append(div("tbl-cell tbl-index", String(row + 1)));
      for (const column of columns) {
        const value = column.at(row);
        line.append(div(typeof value === "number" || typeof value === "bigint" ? "tbl-cell num" : "tbl-cell", format(value)));
      }
      fragment.append(line);
    }
    body.replaceChildren(fragment);
  };

  const toggle = (row: number, on: boolean) => {
    if (!selection) return;
    if (!selection.multiple) selected.clear();
    if (on) selected.add(row);
    else selected.delete(row);
    render(true);
    selection.onChange([...selected].sort((a, b) => a - b));
  };

  function sortBy(index: number) {
    sort = sort?.column === index ? (sort.descending ? null : { column: index, descending: true }) : { column: index, descending: false };
    header.querySelectorAll(".tbl-head").forEach((h, i) => h.setAttribute("data-sort", sort?.column === i ? (sort.descending ? "desc" : "asc") : ""));
    if (!sort) order = null;
    else {
      const values = columns[index]!.toArray() as ArrayLike<unknown>;
      const permutation = new Uint32Array(rows);
      for (let i = 0; i < rows; i++) permutation[i] = i;
      const sign = sort.descending ? -1 : 1;
      permutation.sort((a, b) => sign * compare(values[a], values[b]) || a - b);
      order = permutation;
    }
    render(true);
  }

  let frame = 0;
  viewport.addEventListener("scroll", () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), render()));
  });
  render(true);
  return root;
}
