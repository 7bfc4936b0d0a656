/**
 * Widgets as values. A cell that declares a View shows the view (the app renders it as a
 * widget) while readers of its name see `view.value`; the app moves the widget with
 * `Kernel.setViewValue`, which re-runs only the readers.
 */

/** Brand of a widget value; `Symbol.for` so that views made by any bundle are recognised. */
export const VIEW: unique symbol = Symbol.for("caravan.view") as never;

/** A widget's state as the kernel sees it: readers of the defining name see `value`. */
export interface View {
  [VIEW]: true;
  value: unknown;
}

/** True when `x` is a View (carries the VIEW brand). */
export function isView(x: unknown): x is View {
  return typeof x === "object" && x !== null && (x as Partial<View>)[VIEW] === true;
}

/** Makes a plain View holding `value` (widget factories usually add their own fields). */
export function view<T extends object>(value: unknown, fields?: T): View & T {
  return Object.assign({ [VIEW]: true as const, value }, fields) as View & T;
}
