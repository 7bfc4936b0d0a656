/**
 * Widget factories callable from cell code (`slider`, `number`, `select`, `checkbox`,
 * `text`, `button`, `table`). A widget is a kernel view: an object branded with
 * `Symbol.for("caravan.view")` whose `value` is what other cells read. It also knows its
 * display spec and how to turn a UI input into a new value. Options are normalised here,
 * once, with errors naming the bad option.
 */
import { from } from "arquero";
import { tableDisplay } from "./describe";
import { VIEW } from "../kernel/view";
import type { WidgetInput, WidgetSpec } from "./types";
import { WIDGET, type Widget } from "./widgetBrand";

export { isWidget, widgetSpec, widgetValue, type Widget } from "./widgetBrand";

function make<T>(value: T, spec: (value: T) => WidgetSpec, input: (input: WidgetInput) => unknown, table?: unknown): Widget<T> {
  const widget = { [VIEW]: true as const, value } as Widget<T>;
  Object.defineProperty(widget, WIDGET, { value: { spec: () => spec(widget.value), input, table }, enumerable: false });
  return widget;
}

function finite(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`invalid ${name}: ${String(value)}`);
  return value;
}

function label(options: { label?: unknown }): string | undefined {
  return options.label === undefined ? undefined : String(options.label);
}

interface RangeOptions {
  min?: number;
  max?: number;
  step?: number;
  value?: number;
  label?: string;
}

/** A range slider; its value is a number between `min` and `max` (defaults 0, 100, step 1). */
export function slider(options: RangeOptions = {}): Widget<number> {
  const min = finite("min", options.min, 0);
  const max = finite("max", options.max, 100);
  const step = finite("step", options.step, 1);
  if (max < min) throw new Error(`invalid max: ${max} (below min ${min})`);
  const value = finite("value", options.value, (min + max) / 2);
  return make(value, (v) => ({ type: "slider", label: label(options), min, max, step, value: v }), (i) => (i.type === "slider" ? clamp(i.value, min, max) : value));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A number field. */
export function number(options: RangeOptions = {}): Widget<number> {
  const value = finite("value", options.value, 0);
  return make(
    value,
    (v) => ({ type: "number", label: label(options), min: options.min, max: options.max, step: options.step, value: v }),
    (i) => (i.type === "number" && Number.isFinite(i.value) ? i.value : value),
  );
}

/** A drop-down; its value is one of `choices` (the first unless `value` is given). */
export function select<T>(choices: readonly T[], options: { value?: T; label?: string } = {}): Widget<T | undefined> {
  if (!Array.isArray(choices)) throw new Error(`invalid choices: ${String(choices)}`);
  const names = choices.map((c) => String(c));
  const initial = options.value !== undefined ? options.value : choices[0];
  return make(
    initial,
    (v) => ({ type: "select", label: label(options), options: names, value: Math.max(0, choices.indexOf(v as T)) }),
    (i) => (i.type === "select" ? choices[i.index] : initial),
  );
}

/** A checkbox; its value is a boolean. */
export function checkbox(options: { value?: boolean; label?: string } = {}): Widget<boolean> {
  return make(Boolean(options.value), (v) => ({ type: "checkbox", label: label(options), value: v }), (i) => (i.type === "checkbox" ? i.value : false));
}

/** A one-line text field. */
export function text(options: { value?: string; label?: string; placeholder?: string } = {}): Widget<string> {
  const value = options.value === undefined ? "" : String(options.value);
  return make(value, (v) => ({ type: "text", label: label(options), placeholder: options.placeholder, value: v }), (i) => (i.type === "text" ? i.value : value));
}

/** A button; its value counts clicks, so cells reading it re-run on each click. */
export function button(labelText = "Run"): Widget<number> {
  let clicks = 0;
  return make(0, () => ({ type: "button", label: String(labelText), value: clicks }), (i) => (i.type === "button" ? ++clicks : clicks));
}

interface TableSource {
  numRows(): number;
  objects(): object[];
}

/** A table with row selection; its value is the array of selected rows (as objects). */
export function table(data: TableSource | readonly object[], options: { multiple?: boolean; label?: string } = {}): Widget<object[]> {
  const source: TableSource = Array.isArray(data) ? (from(data as object[]) as unknown as TableSource) : (data as TableSource);
  if (typeof source?.numRows !== "function") throw new Error(`invalid data: ${String(data)}`);
  const multiple = options.multiple ?? true;
  let selected: number[] = [];
  return make<object[]>(
    [],
    () => ({ type: "table", label: label(options), table: tableDisplay(source as never), multiple, value: selected }),
    (i) => {
      if (i.type !== "table") return [];
      selected = (multiple ? i.rows : i.rows.slice(0, 1)).filter((r) => Number.isInteger(r) && r >= 0 && r < source.numRows());
      const objects = source.objects();
      return selected.map((r) => objects[r]);
    },
    source,
  );
}
