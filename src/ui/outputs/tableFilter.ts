/**
 * The filter popover of a table column: a range for numbers; for other columns a
 * "contains" text and, when the column has few distinct values, a checklist of them
 * ("equals one of"). Enter applies, Esc closes; the values listed come from the worker.
 */
import type { CategoryValue, ColumnFilter, ColumnSummary } from "../../display/types";

/** The column a popover filters. */
export interface FilterTarget {
  name: string;
  numeric: boolean;
  current: ColumnFilter | undefined;
  /** The column's summary over all rows (for its range and categories), or a problem to show. */
  summary(): Promise<ColumnSummary | string>;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function labelled(text: string, input: HTMLInputElement): HTMLLabelElement {
  const label = el("label", "tbl-pop-field");
  label.append(el("span", "", text), input);
  return label;
}

function categoryLabel(value: CategoryValue): string {
  return value === null ? "(null)" : value === "" ? "(empty)" : String(value);
}

/** A popover for `target`; `apply` gets the new filter (null removes it), `close` is called on Esc or after applying. */
export function filterPopover(target: FilterTarget, apply: (filter: ColumnFilter | null) => void, close: () => void): HTMLElement {
  const pop = el("div", "tbl-pop");
  pop.setAttribute("role", "dialog");
  pop.setAttribute("aria-label", `Filter ${target.name}`);
  pop.append(el("div", "tbl-pop-title", `Filter ${target.name}`));
  const form = el("form", "tbl-pop-form");
  pop.append(form);
  const current = target.current;
  let read: () => ColumnFilter | null;
  const note = el("div", "tbl-pop-note");

  if (target.numeric) {
    const min = Object.assign(el("input", ""), { type: "number", step: "any" });
    const max = Object.assign(el("input", ""), { type: "number", step: "any" });
    if (current?.kind === "range") {
      if (current.min !== undefined) min.value = String(current.min);
      if (current.max !== undefined) max.value = String(current.max);
    }
    form.append(labelled("from", min), labelled("to", max));
    read = () => {
      const filter: ColumnFilter = { column: target.name, kind: "range" };
      if (min.value.trim() !== "" && Number.isFinite(min.valueAsNumber)) filter.min = min.valueAsNumber;
      if (max.value.trim() !== "" && Number.isFinite(max.valueAsNumber)) filter.max = max.valueAsNumber;
      return filter.min === undefined && filter.max === undefined ? null : filter;
    };
    void target.summary().then((summary) => {
      if (typeof summary === "string") return void (note.textContent = summary);
      if (typeof summary.min === "number") min.placeholder = String(summary.min);
      if (typeof summary.max === "number") max.placeholder = String(summary.max);
    });
  } else {
    const text = Object.assign(el("input", ""), { type: "text", value: current?.kind === "contains" ? current.text : "" });
    form.append(labelled("contains", text));
    const list = el("fieldset", "tbl-pop-values");
    list.hidden = true;
    form.append(list);
    const boxes: [HTMLInputElement, CategoryValue][] = [];
    read = () => {
      const chosen = boxes.filter(([box]) => box.checked).map(([, value]) => value);
      if (chosen.length) return { column: target.name, kind: "equals", values: chosen };
      return text.value ? { column: target.name, kind: "contains", text: text.value } : null;
    };
    note.textContent = "loading values…";
    void target.summary().then((summary) => {
      note.textContent = typeof summary === "string" ? summary : "";
      if (typeof summary === "string" || !summary.categories) return;
      list.hidden = false;
      list.append(el("legend", "", "equals one of"));
      const wanted = new Set(current?.kind === "equals" ? current.values : []);
      for (const value of summary.categories) {
        const box = Object.assign(el("input", ""), { type: "checkbox", checked: wanted.has(value) });
        const label = el("label", "tbl-pop-value");
        label.append(box, el("span", "", categoryLabel(value)));
        list.append(label);
        boxes.push([box, value]);
      }
    });
  }
  form.append(note);
  const buttons = el("div", "tbl-pop-buttons");
  const ok = Object.assign(el("button", "tbl-button primary", "Apply"), { type: "submit" });
  const clear = Object.assign(el("button", "tbl-button", "Clear"), { type: "button" });
  buttons.append(ok, clear);
  form.append(buttons);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply(read());
    close();
  });
  clear.addEventListener("click", () => {
    apply(null);
    close();
  });
  pop.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
    }
  });
  return pop;
}

/** A short description of a filter, for its chip: "tariff 0.1 – 0.2", "sector contains car", "sector = cars, steel". */
export function filterText(filter: ColumnFilter): string {
  switch (filter.kind) {
    case "range":
      return filter.min !== undefined && filter.max !== undefined ? `${filter.column} ${filter.min} – ${filter.max}` : filter.min !== undefined ? `${filter.column} ≥ ${filter.min}` : `${filter.column} ≤ ${filter.max}`;
    case "contains":
      return `${filter.column} contains “${filter.text}”`;
    case "equals": {
      const shown = filter.values.slice(0, 3).map(categoryLabel).join(", ");
      return `${filter.column} = ${shown}${filter.values.length > 3 ? ` +${filter.values.length - 3}` : ""}`;
    }
    default: {
      const never: never = filter;
      return String(never);
    }
  }
}
