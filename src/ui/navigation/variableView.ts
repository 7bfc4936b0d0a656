/**
 * The variable list as a table: name, type, size or value, defining cell. A filter box
 * narrows it by name; a name or a cell jumps to the defining cell.
 */
import type { NotebookDoc } from "../../notebook/document";
import type { VariableRow } from "./variables";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Renders `rows` into a new element; `filter` is the text last typed in its filter box. */
export function variableView(rows: VariableRow[], doc: NotebookDoc, reveal: (id: string) => void, filter: { text: string }): HTMLElement {
  const root = el("div", "var-view");
  const box = el("input", "var-filter");
  box.type = "search";
  box.placeholder = "Filter by name";
  box.setAttribute("aria-label", "Filter variables by name");
  box.value = filter.text;
  const table = el("table", "var-table");
  const caption = el("caption", "var-caption");
  const head = el("thead");
  const headRow = el("tr");
  for (const title of ["Name", "Type", "Value or size", "Cell"]) {
    const th = el("th", undefined, title);
    th.scope = "col";
    headRow.append(th);
  }
  head.append(headRow);
  const body = el("tbody");
  table.append(caption, head, body);
  const render = () => {
    const needle = box.value.trim().toLowerCase();
    filter.text = box.value;
    const shown = rows.filter((r) => r.name.toLowerCase().includes(needle));
    caption.textContent = `${shown.length} of ${rows.length} variable${rows.length === 1 ? "" : "s"}`;
    body.replaceChildren(
      ...shown.map((row) => {
        const tr = el("tr");
        tr.dataset.name = row.name;
        tr.dataset.cell = row.cell;
        const name = el("th");
        name.scope = "row";
        const go = el("button", "var-name", row.name);
        go.type = "button";
        go.title = `Go to the cell defining ${row.name}`;
        go.addEventListener("click", () => reveal(row.cell));
        name.append(go);
        const cell = el("button", "var-cell", `cell ${doc.cells.findIndex((c) => c.id === row.cell) + 1}`);
        cell.type = "button";
        cell.addEventListener("click", () => reveal(row.cell));
        const cellTd = el("td");
        cellTd.append(cell);
        const type = el("td", "var-type", row.type);
        if (row.declared) {
          type.classList.add("var-static");
          type.title = "Declared type, from the type checker (the value is not shown by its cell)";
        }
        tr.append(name, type, el("td", "var-summary", row.summary), cellTd);
        return tr;
      }),
    );
  };
  box.addEventListener("input", render);
  render();
  root.append(box, table);
  return root;
}
