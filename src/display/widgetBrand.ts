/**
 * What makes a value a widget, without the factories (and their Arquero import): the UI
 * and text.ts read widgets through this module only.
 */
import { VIEW } from "../kernel/view";
import type { WidgetInput, WidgetSpec } from "./types";

/** Where a widget keeps its display spec and input mapping (not enumerable). */
export const WIDGET = Symbol.for("caravan.widget");

/** A widget as cell code sees it. */
export interface Widget<T = unknown> {
  [VIEW]: true;
  value: T;
  [WIDGET]: { spec(): WidgetSpec; input(input: WidgetInput): unknown; table?: unknown };
}

/** True for values made by the factories in widgets.ts. */
export function isWidget(value: unknown): value is Widget {
  return typeof value === "object" && value !== null && WIDGET in value;
}

/** The display spec of a widget, with its current value. */
export function widgetSpec(widget: Widget): WidgetSpec {
  return widget[WIDGET].spec();
}

/** The value a widget takes after a UI input (the widget itself is not changed). */
export function widgetValue(widget: Widget, input: WidgetInput): unknown {
  return widget[WIDGET].input(input);
}

/** The table a table widget shows (the worker answers the page's questions about it), if any. */
export function widgetTable(widget: Widget): unknown {
  return widget[WIDGET].table;
}
