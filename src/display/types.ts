/**
 * Display descriptors: what the kernel worker sends the UI in place of a raw value.
 * Plain structured-clone-safe data (tables travel as Arrow IPC bytes), so nothing a
 * cell returns can carry live objects, functions or script across the boundary.
 */

/** One node of the inspector tree. Containers beyond the first level carry a `ref` to expand lazily. */
export type InspectNode =
  | { type: "primitive"; tone: PrimitiveTone; text: string }
  | { type: "container"; shape: ContainerShape; label: string; size: number; entries?: InspectEntry[]; more: number; ref?: number }
  | { type: "circular"; label: string }
  | { type: "error"; name: string; message: string };

/** How a primitive is coloured in the inspector. */
export type PrimitiveTone = "number" | "string" | "boolean" | "null" | "undefined" | "bigint" | "symbol" | "date" | "function" | "regexp";

/** Which brackets a container is shown with. */
export type ContainerShape = "object" | "array" | "map" | "set";

/** A key and its value inside a container. */
export interface InspectEntry {
  key: string;
  value: InspectNode;
}

/** An Arquero table as Arrow IPC bytes (transferred, not copied or JSON-encoded). */
export interface TableDisplay {
  ipc: Uint8Array;
  rows: number;
}

/** The widgets cell code can create; `value` is the current value the UI shows. */
export type WidgetSpec =
  | { type: "slider"; label?: string; min: number; max: number; step: number; value: number }
  | { type: "number"; label?: string; min?: number; max?: number; step?: number; value: number }
  | { type: "select"; label?: string; options: string[]; value: number }
  | { type: "checkbox"; label?: string; value: boolean }
  | { type: "text"; label?: string; placeholder?: string; value: string }
  | { type: "button"; label: string; value: number }
  | { type: "table"; label?: string; table: TableDisplay; multiple: boolean; value: number[] };

/** What the user did to a widget, sent back to the worker (which maps it to the widget's value). */
export type WidgetInput =
  | { type: "slider" | "number"; value: number }
  | { type: "select"; index: number }
  | { type: "checkbox"; value: boolean }
  | { type: "text"; value: string }
  | { type: "button" }
  | { type: "table"; rows: number[] };

/** A rendered output of one cell. */
export type Display =
  | { kind: "empty" }
  | { kind: "inspect"; node: InspectNode }
  | { kind: "table"; table: TableDisplay }
  | { kind: "plot"; svg: string }
  | { kind: "html"; html: string }
  | { kind: "markdown"; markdown: string }
  | { kind: "widget"; widget: WidgetSpec };
