/**
 * Whether a `--set name=value` value is one the widget declared under `name` could take from
 * its own control: a number within a slider's range, one of a select's options, a boolean for
 * a checkbox, text for a text box. Out of range or of the wrong type, the run would compute
 * readers at a value the notebook cannot show (a slider at "abc" made its readers NaN).
 */
import type { WidgetSpec } from "../display/types";

/** Why `value` does not fit the widget `spec` declared under `name`, or null when it fits. */
export function setProblem(name: string, spec: WidgetSpec, value: unknown): string | null {
  const got = typeof value === "string" ? `the text "${value}"` : JSON.stringify(value) ?? String(value);
  switch (spec.type) {
    case "slider":
    case "number": {
      const range = spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}` : spec.min !== undefined ? ` of at least ${spec.min}` : spec.max !== undefined ? ` of at most ${spec.max}` : "";
      const what = `${name} is a ${spec.type === "slider" ? "slider" : "number input"}${range}`;
      if (typeof value !== "number" || !Number.isFinite(value)) return `${what}: ${got} is not a number`;
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) return `${what}: ${value} is outside it`;
      return null;
    }
    case "select":
      return spec.options.includes(String(value)) ? null : `${name} is a select of ${spec.options.map((o) => JSON.stringify(o)).join(", ")}: ${got} is not one of them`;
    case "checkbox":
      return typeof value === "boolean" ? null : `${name} is a checkbox: ${got} is not true or false`;
    case "text":
      return typeof value === "string" ? null : `${name} is a text input: ${got} is not text (quote it: --set '${name}="${String(value)}"')`;
    case "button":
    case "table":
      return `${name} is a ${spec.type}, which --set cannot press or pick`;
    default: {
      const never: never = spec;
      return never;
    }
  }
}
