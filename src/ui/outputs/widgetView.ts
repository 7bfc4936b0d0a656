/**
 * Renders a widget spec as form controls; every user input is reported as a WidgetInput
 * (the worker maps it to the widget's value). Labels are set as text, never as HTML.
 */
import type { WidgetInput, WidgetSpec } from "../../display/types";
import { renderTable, type TableQuery } from "./tableView";

function labelled(text: string | undefined, control: HTMLElement, extra?: HTMLElement): HTMLElement {
  const row = document.createElement("label");
  row.className = "widget";
  if (text !== undefined) {
    const name = document.createElement("span");
    name.className = "widget-label";
    name.textContent = text;
    row.append(name);
  }
  row.append(control);
  if (extra) row.append(extra);
  return row;
}

function input(type: string): HTMLInputElement {
  const el = document.createElement("input");
  el.type = type;
  return el;
}

function optional(el: HTMLInputElement, name: "min" | "max" | "step", value: number | undefined): void {
  if (value !== undefined) el[name] = String(value);
}

/** Renders `spec`; `send` receives each input; `query` asks the worker about a table widget's table. */
export function renderWidget(spec: WidgetSpec, send: (input: WidgetInput) => void, query: TableQuery | null): HTMLElement {
  switch (spec.type) {
    case "slider": {
      const el = input("range");
      el.min = String(spec.min);
      el.max = String(spec.max);
      el.step = String(spec.step);
      el.value = String(spec.value);
      const out = document.createElement("output");
      out.textContent = String(spec.value);
      el.addEventListener("input", () => {
        out.textContent = el.value;
        send({ type: "slider", value: el.valueAsNumber });
      });
      return labelled(spec.label, el, out);
    }
    case "number": {
      const el = input("number");
      optional(el, "min", spec.min);
      optional(el, "max", spec.max);
      optional(el, "step", spec.step);
      el.value = String(spec.value);
      el.addEventListener("input", () => Number.isFinite(el.valueAsNumber) && send({ type: "number", value: el.valueAsNumber }));
      return labelled(spec.label, el);
    }
    case "select": {
      const el = document.createElement("select");
      spec.options.forEach((text, i) => {
        const option = document.createElement("option");
        option.value = String(i);
        option.textContent = text;
        option.selected = i === spec.value;
        el.append(option);
      });
      el.addEventListener("change", () => send({ type: "select", index: Number(el.value) }));
      return labelled(spec.label, el);
    }
    case "checkbox": {
      const el = input("checkbox");
      el.checked = spec.value;
      el.addEventListener("change", () => send({ type: "checkbox", value: el.checked }));
      return labelled(spec.label, el);
    }
    case "text": {
      const el = input("text");
      el.value = spec.value;
      if (spec.placeholder) el.placeholder = spec.placeholder;
      el.addEventListener("input", () => send({ type: "text", value: el.value }));
      return labelled(spec.label, el);
    }
    case "button": {
      const el = document.createElement("button");
      el.type = "button";
      el.className = "widget-button";
      el.textContent = spec.label;
      el.addEventListener("click", () => send({ type: "button" }));
      return labelled(undefined, el);
    }
    case "table": {
      const view = renderTable(spec.table, query, { multiple: spec.multiple, selected: spec.value, onChange: (rows) => send({ type: "table", rows }) });
      if (spec.label === undefined) return view;
      const wrap = document.createElement("div");
      const name = document.createElement("div");
      name.className = "widget-label";
      name.textContent = spec.label;
      wrap.append(name, view);
      return wrap;
    }
    default: {
      const never: never = spec;
      return never;
    }
  }
}
