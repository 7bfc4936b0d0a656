/**
 * The table viewer and explorer. The display brings the table's first rows (Arrow IPC,
 * decoded with flechette) and a ref; search (all columns, case-insensitive substring),
 * column filters, sorting, column summaries, copy and download are questions to the
 * worker, which holds the table (src/display/table/). Rows scroll virtually: only those in
 * view are fetched (tableRows.ts) and turned into DOM, so a million rows scroll as ten.
 * The grid has table semantics (role table/row/columnheader/cell, aria-rowcount and
 * aria-rowindex on the virtual rows). With `select`, rows get checkboxes (the table widget).
 */
import { tableFromIPC, type Table } from "@uwdata/flechette";
import type { ColumnFilter, ColumnSummary, TableDisplay, TableViewSpec } from "../../display/types";
import { captionText, formatValue, isNumericType, plural, typeName } from "./tableFormat";
import { RowSource, problemText, type TableQuery } from "./tableRows";
import { filterPopover, filterText } from "./tableFilter";
import { renderSummary } from "./tableSummary";
import { svgElement } from "../dom";
import { COPY_LIMIT, DOWNLOAD_LIMIT, copyText, downloadText } from "./tableExport";

export type { TableQuery } from "./tableRows";

const ROW_HEIGHT = 26;
const VISIBLE_ROWS = 12;
const OVERSCAN = 6;
const SEARCH_DELAY_MS = 200;

/** Row selection for the table widget: the selected original row indices and a change callback. */
export interface TableSelection {
  multiple: boolean;
  selected: number[];
  onChange(rows: number[]): void;
}

function div(className: string, text?: string): HTMLDivElement {
  const d = document.createElement("div");
  d.className = className;
  if (text !== undefined) d.textContent = text;
  return d;
}

function button(className: string, text: string, title?: string): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  if (title) b.title = title;
  return b;
}

/** A small funnel drawn in the text colour (a font may lack a filter glyph such as ⏷). */
function funnelIcon(): SVGSVGElement {
  const svg = svgElement("svg", { viewBox: "0 0 10 10", width: "10", height: "10", "aria-hidden": "true" });
  svg.append(svgElement("path", { d: "M1 1.5h8L6 5.2V9L4 8V5.2Z", fill: "currentColor" }));
  return svg;
}

let nextId = 1;

/** Renders the table explorer for a table display; `query` asks the worker (null: only the first rows can be shown). */
export function renderTable(display: TableDisplay, query: TableQuery | null, selection?: TableSelection): HTMLElement {
  let head: Table;
  try {
    head = tableFromIPC(display.ipc, { useDate: true });
  } catch (error) {
    return div("output-error", `cannot read table: ${(error as Error).message}`);
  }
  const fields = head.schema.fields;
  const names = fields.map((f) => f.name);
  const types = fields.map((f) => typeName(f.type as never));
  const rows = display.rows;
  const selected = new Set(selection?.selected ?? []);
  const source = new RowSource(display.ref, names, head, query, (problem) => (problem ? say(problem) : render(true)));
  let view: TableViewSpec = { search: "", filters: [], sort: null };
  let shown = rows;
  const id = `tbl-${nextId++}`;

  const root = div("tbl");
  // Tools: search, the caption ("N of M rows"), summary, copy, download.
  const tools = div("tbl-tools");
  const search = document.createElement("input");
  search.type = "search";
  search.className = "tbl-search";
  search.placeholder = "Search";
  search.setAttribute("aria-label", "Search all columns");
  const caption = div("tbl-caption", captionText(rows, rows, fields.length, false));
  caption.id = `${id}-caption`;
  caption.setAttribute("aria-live", "polite");
  const summaryButton = button("tbl-button", "Summary", "Type, nulls, distinct values and a histogram or the most frequent values of each column");
  summaryButton.setAttribute("aria-pressed", "false");
  const copyButton = button("tbl-button", "Copy", `Copy the rows shown (or the selected rows) as tab-separated text, up to ${COPY_LIMIT.toLocaleString("en-US")} rows`);
  const downloadButton = button("tbl-button", "Download CSV", "Download the rows shown as a CSV file");
  tools.append(search, caption, div("tbl-spacer"), summaryButton, copyButton, downloadButton);
  const chips = div("tbl-chips");
  const note = div("tbl-note");
  note.setAttribute("role", "status");
  const summaryHost = div("tbl-summary-host");

  const viewport = div("tbl-viewport");
  viewport.tabIndex = 0;
  viewport.setAttribute("role", "table");
  viewport.setAttribute("aria-labelledby", caption.id);
  viewport.setAttribute("aria-colcount", String(fields.length + 1 + (selection ? 1 : 0)));
  // Column widths are fixed once, from the names, types and the first rows, so every row
  // (rendered on its own as it scrolls into view) lines up with the header.
  const sample = Math.min(head.numRows, 50);
  const widths = fields.map((field, i) => {
    let longest = Math.max(field.name.length + 2, types[i]!.length);
    for (let r = 0; r < sample; r++) longest = Math.max(longest, formatValue(head.getChild(field.name)!.at(r)).length);
    return Math.min(40, Math.max(7, longest + 3));
  });
  const indexWidth = String(rows).length + 3;
  const template = `${selection ? "28px " : ""}${indexWidth}ch ${widths.map((w) => `minmax(${w}ch, 1fr)`).join(" ")}`;
  const minWidth = `calc(${indexWidth + widths.reduce((a, b) => a + b, 0)}ch${selection ? " + 28px" : ""})`;
  const line = (className: string): HTMLDivElement => {
    const d = div(className);
    d.setAttribute("role", "row");
    d.style.gridTemplateColumns = template;
    d.style.minWidth = minWidth;
    return d;
  };
  const cell = (className: string, text: string, role = "cell"): HTMLDivElement => {
    const d = div(className, text);
    d.setAttribute("role", role);
    return d;
  };

  const header = line("tbl-row tbl-header");
  header.setAttribute("aria-rowindex", "1");
  if (selection) header.append(Object.assign(cell("tbl-cell", "", "columnheader"), { ariaLabel: "Selected" }));
  header.append(cell("tbl-cell tbl-index", "#", "columnheader"));
  const heads = fields.map((field, i) => {
    const numeric = isNumericType(types[i]!);
    const headCell = cell(numeric ? "tbl-cell tbl-head num" : "tbl-cell tbl-head", "", "columnheader");
    headCell.setAttribute("aria-sort", "none");
    // The header is named by its column alone; its buttons say what they do.
    headCell.setAttribute("aria-label", field.name);
    const sortButton = button("tbl-sort", "", `Sort by ${field.name}`);
    // Named by what it shows (the column's name and type); its title says a press sorts.
    sortButton.append(div("tbl-name", field.name), div("tbl-type", types[i]));
    sortButton.addEventListener("click", () => sortBy(field.name));
    const filterButton = button("tbl-filter", "");
    filterButton.append(funnelIcon());
    filterButton.setAttribute("aria-label", `Filter ${field.name}`);
    filterButton.setAttribute("aria-haspopup", "dialog");
    filterButton.setAttribute("aria-expanded", "false");
    filterButton.addEventListener("click", () => openFilter(i, filterButton));
    headCell.append(sortButton, filterButton);
    header.append(headCell);
    return headCell;
  });
  const sizer = div("tbl-sizer");
  sizer.setAttribute("role", "presentation");
  const body = div("tbl-body");
  body.setAttribute("role", "rowgroup");
  sizer.append(body);
  const empty = div("tbl-empty", "No rows match.");
  empty.hidden = true;
  viewport.append(header, sizer, empty);
  viewport.style.height = `${Math.min(Math.max(rows, 1), VISIBLE_ROWS) * ROW_HEIGHT + ROW_HEIGHT + 12}px`;
  root.append(tools, chips, note, summaryHost, viewport);
  const explorable = query !== null && display.ref !== undefined;
  if (!explorable) for (const control of [search, summaryButton, copyButton, downloadButton]) control.disabled = true;

  const setShown = (count: number) => {
    shown = count;
    const narrowed = view.search.trim() !== "" || view.filters.length > 0;
    caption.textContent = captionText(count, rows, fields.length, narrowed);
    sizer.style.height = `${count * ROW_HEIGHT}px`;
    viewport.setAttribute("aria-rowcount", String(count + 1));
    empty.hidden = count > 0;
  };

  function say(text: string): void {
    note.textContent = text;
  }

  let first = -1;
  function render(force = false): void {
    const top = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    if (top === first && !force) return;
    first = top;
    const last = Math.min(shown, top + VISIBLE_ROWS * 2 + OVERSCAN * 2);
    body.style.transform = `translateY(${top * ROW_HEIGHT}px)`;
    const fragment = document.createDocumentFragment();
    for (let r = top; r < last; r++) {
      const row = source.row(r);
      const tr = line(row ? "tbl-row" : "tbl-row tbl-pending");
      tr.setAttribute("aria-rowindex", String(r + 2));
      if (selection) {
        const box = document.createElement("input");
        box.type = selection.multiple ? "checkbox" : "radio";
        box.disabled = !row;
        if (row) {
          box.checked = selected.has(row.position);
          box.setAttribute("aria-label", `Select row ${row.position + 1}`);
          box.addEventListener("change", () => toggle(row.position, box.checked));
        }
        const c = cell("tbl-cell", "");
        c.append(box);
        tr.append(c);
      }
      // The index is the row's number in the table, whatever the sort or filter.
      const position = row ? row.position : source.isDefault ? r : null;
      tr.append(cell("tbl-cell tbl-index", position === null ? "…" : String(position + 1)));
      for (let c = 0; c < names.length; c++) {
        const value = row ? row.values[c] : undefined;
        tr.append(cell(typeof value === "number" || typeof value === "bigint" ? "tbl-cell num" : "tbl-cell", formatValue(value)));
      }
      fragment.append(tr);
    }
    body.replaceChildren(fragment);
  }

  const toggle = (row: number, on: boolean) => {
    if (!selection) return;
    if (!selection.multiple) selected.clear();
    if (on) selected.add(row);
    else selected.delete(row);
    render(true);
    selection.onChange([...selected].sort((a, b) => a - b));
  };

  // Views change one at a time; an answer for an older view is dropped (RowSource does too).
  let viewGeneration = 0;
  async function applyView(next: TableViewSpec): Promise<void> {
    view = next;
    const generation = ++viewGeneration;
    root.dataset.state = "busy";
    root.setAttribute("aria-busy", "true");
    renderChips();
    const result = await source.setView(next);
    if (generation !== viewGeneration) return;
    root.dataset.state = "ready";
    root.removeAttribute("aria-busy");
    if ("total" in result) {
      say("");
      setShown(result.total);
    } else say(problemText(result));
    viewport.scrollTop = 0;
    render(true);
    if (summaryButton.getAttribute("aria-pressed") === "true") void showSummary();
  }

  function sortBy(name: string): void {
    const sort = view.sort;
    const next = sort?.column === name ? (sort.descending ? null : { column: name, descending: true }) : { column: name, descending: false };
    heads.forEach((h, i) => {
      const on = next?.column === names[i];
      h.dataset.sort = on ? (next!.descending ? "desc" : "asc") : "";
      h.setAttribute("aria-sort", on ? (next!.descending ? "descending" : "ascending") : "none");
    });
    void applyView({ ...view, sort: next });
  }

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const searchNow = () => {
    clearTimeout(searchTimer);
    if (search.value !== view.search) void applyView({ ...view, search: search.value });
  };
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(searchNow, SEARCH_DELAY_MS);
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") searchNow();
  });

  function setFilter(column: string, filter: ColumnFilter | null): void {
    const filters = view.filters.filter((f) => f.column !== column);
    if (filter) filters.push(filter);
    heads.forEach((h, i) => h.classList.toggle("filtered", filters.some((f) => f.column === names[i])));
    void applyView({ ...view, filters });
  }

  function renderChips(): void {
    chips.replaceChildren(
      ...view.filters.map((filter) => {
        const chip = button("tbl-chip", `${filterText(filter)} ✕`, "Remove this filter");
        chip.setAttribute("aria-label", `Remove filter: ${filterText(filter)}`);
        chip.addEventListener("click", () => setFilter(filter.column, null));
        return chip;
      }),
    );
  }

  // Each column's summary over all rows, asked once (the filter popover lists its values).
  const columnSummaries = new Map<string, Promise<ColumnSummary | string>>();
  const columnSummary = (name: string): Promise<ColumnSummary | string> => {
    let pending = columnSummaries.get(name);
    if (!pending) {
      pending = (query ? query({ kind: "summary", ref: display.ref ?? -1, view: { search: "", filters: [], sort: null }, columns: [name] }) : Promise.resolve({ kind: "gone" } as const)).then(
        (reply) => (reply.kind === "summary" ? (reply.columns[0] ?? "no such column") : reply.kind === "gone" || reply.kind === "error" ? problemText(reply) : "unexpected answer"),
        (error: Error) => error.message,
      );
      columnSummaries.set(name, pending);
    }
    return pending;
  };

  let closePopover: (() => void) | null = null;
  function openFilter(index: number, anchor: HTMLButtonElement): void {
    const wasOpen = anchor.getAttribute("aria-expanded") === "true";
    closePopover?.();
    if (wasOpen || !explorable) return;
    const name = names[index]!;
    const outside = (event: Event) => {
      if (!pop.contains(event.target as Node) && event.target !== anchor) close();
    };
    const close = () => {
      pop.remove();
      anchor.setAttribute("aria-expanded", "false");
      document.removeEventListener("mousedown", outside, true);
      if (closePopover === close) closePopover = null;
      if (root.contains(document.activeElement) || document.activeElement === document.body) anchor.focus();
    };
    const pop = filterPopover(
      { name, numeric: isNumericType(types[index]!), current: view.filters.find((f) => f.column === name), summary: () => columnSummary(name) },
      (filter) => setFilter(name, filter),
      close,
    );
    closePopover = close;
    anchor.setAttribute("aria-expanded", "true");
    root.append(pop);
    const at = anchor.getBoundingClientRect();
    const base = root.getBoundingClientRect();
    pop.style.top = `${at.bottom - base.top + 4}px`;
    pop.style.left = `${Math.max(0, Math.min(at.right - base.left - 240, base.width - 250))}px`;
    document.addEventListener("mousedown", outside, true);
    pop.querySelector("input")?.focus();
  }

  let summaryGeneration = 0;
  async function showSummary(): Promise<void> {
    const generation = ++summaryGeneration;
    summaryHost.replaceChildren(div("tbl-summary-wait", "computing summaries…"));
    const reply = query ? await query({ kind: "summary", ref: display.ref ?? -1, view }).catch((error: Error) => ({ kind: "error" as const, message: error.message })) : ({ kind: "gone" } as const);
    if (generation !== summaryGeneration || summaryButton.getAttribute("aria-pressed") !== "true") return;
    if (reply.kind === "summary") summaryHost.replaceChildren(renderSummary(reply.columns, reply.total));
    else summaryHost.replaceChildren(div("tbl-summary-wait", reply.kind === "gone" || reply.kind === "error" ? problemText(reply) : "unexpected answer"));
  }
  summaryButton.addEventListener("click", () => {
    const on = summaryButton.getAttribute("aria-pressed") !== "true";
    summaryButton.setAttribute("aria-pressed", String(on));
    if (on) void showSummary();
    else {
      summaryGeneration++;
      summaryHost.replaceChildren();
    }
  });

  copyButton.addEventListener("click", () => {
    const positions = selection && selected.size ? [...selected].sort((a, b) => a - b) : undefined;
    const what = positions ? "selected rows" : "rows";
    let copied = "";
    const pending = (query ? query({ kind: "export", ref: display.ref ?? -1, view, format: "tsv", limit: COPY_LIMIT, positions }) : Promise.resolve({ kind: "gone" } as const)).then((reply) => {
      if (reply.kind !== "text") {
        say(reply.kind === "gone" || reply.kind === "error" ? problemText(reply) : "unexpected answer");
        return null;
      }
      copied = reply.truncated ? `Copied the first ${reply.rows.toLocaleString("en-US")} of ${plural(reply.total, what.replace(/s$/, ""))} (the copy limit is ${COPY_LIMIT.toLocaleString("en-US")})` : `Copied ${plural(reply.rows, what.replace(/s$/, ""))} as tab-separated text`;
      return reply.text;
    });
    void copyText(pending).then((ok) => {
      if (ok) say(copied);
      else if (copied) say("the browser did not allow copying to the clipboard");
    });
  });

  downloadButton.addEventListener("click", async () => {
    say("preparing CSV…");
    const reply = query ? await query({ kind: "export", ref: display.ref ?? -1, view, format: "csv", limit: DOWNLOAD_LIMIT }).catch((error: Error) => ({ kind: "error" as const, message: error.message })) : ({ kind: "gone" } as const);
    if (reply.kind !== "text") return say(reply.kind === "gone" || reply.kind === "error" ? problemText(reply) : "unexpected answer");
    downloadText(reply.text, "table.csv");
    say(reply.truncated ? `Downloaded the first ${reply.rows.toLocaleString("en-US")} of ${plural(reply.total, "row")}: the file would pass the size limit` : `Downloaded ${plural(reply.rows, "row")} as CSV`);
  });

  let frame = 0;
  viewport.addEventListener("scroll", () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), render()));
  });
  setShown(rows);
  root.dataset.state = "ready";
  render(true);
  return root;
}
