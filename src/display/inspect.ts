/**
 * Turns any JavaScript value into an inspector tree that survives structured cloning.
 * Only the first level of a container is listed eagerly; deeper containers get a `ref`
 * the UI can expand later (`Inspector.expand`). Lists are cut at `MAX_ENTRIES` and long
 * strings at `MAX_STRING`, so a huge or cyclic value can never hang the UI or the wire.
 */
import { functionText } from "./functionText";
import { TableSession } from "./table/session";
import type { ContainerShape, InspectEntry, InspectNode } from "./types";

/** Entries listed per container before "… n more". */
export const MAX_ENTRIES = 100;
/** Characters of a string shown before it is cut. */
export const MAX_STRING = 2000;

function primitive(value: unknown): InspectNode | null {
  switch (typeof value) {
    case "number":
      return { type: "primitive", tone: "number", text: Object.is(value, -0) ? "-0" : String(value) };
    case "string": {
      const text = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)` : value;
      return { type: "primitive", tone: "string", text: JSON.stringify(text) };
    }
    case "boolean":
      return { type: "primitive", tone: "boolean", text: String(value) };
    case "undefined":
      return { type: "primitive", tone: "undefined", text: "undefined" };
    case "bigint":
      return { type: "primitive", tone: "bigint", text: `${value}n` };
    case "symbol":
      return { type: "primitive", tone: "symbol", text: value.toString() };
    case "function":
      return { type: "primitive", tone: "function", text: functionText(value) };
    default:
      if (value === null) return { type: "primitive", tone: "null", text: "null" };
      if (value instanceof Date) return { type: "primitive", tone: "date", text: Number.isNaN(+value) ? "Invalid Date" : value.toISOString() };
      if (value instanceof RegExp) return { type: "primitive", tone: "regexp", text: String(value) };
      return null;
  }
}

function primitiveText(value: unknown): string {
  const node = primitive(value);
  return node && node.type === "primitive" ? node.text : constructorName(value as object);
}

function constructorName(value: object): string {
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return proto === null ? "Object" : proto.constructor?.name || "Object";
}

// Table refs are unique in the worker and start at a random number, so a page question
// meant for a replaced table (or an earlier worker's) finds nothing rather than another table.
let nextTable = 1 + Math.floor(Math.random() * 2 ** 30);

/** Holds expandable values of one worker session by numeric ref, and the tables its output shows. */
export class Inspector {
  private refs = new Map<number, unknown>();
  private next = 1;
  private tables = new Map<number, TableSession>();

  /** Forgets every ref (call when the value that produced them is replaced). */
  clear(): void {
    this.refs.clear();
    this.tables.clear();
  }

  /** Keeps an Arquero table for the page's questions (`KernelApi.table`); returns its ref. */
  keepTable(table: unknown): number {
    const ref = nextTable++;
    this.tables.set(ref, new TableSession(table as ConstructorParameters<typeof TableSession>[0]));
    return ref;
  }

  /** The table kept under `ref`, if any. */
  table(ref: number): TableSession | undefined {
    return this.tables.get(ref);
  }

  /** The tree for `value`, with its first level listed. */
  describe(value: unknown): InspectNode {
    return this.node(value, 1, new Set());
  }

  /** The tree for a ref handed out earlier, with its first level listed, or null if forgotten. */
  expand(ref: number): InspectNode | null {
    if (!this.refs.has(ref)) return null;
    return this.node(this.refs.get(ref), 1, new Set());
  }

  private node(value: unknown, depth: number, seen: Set<unknown>): InspectNode {
    const simple = primitive(value);
    if (simple) return simple;
    const object = value as object;
    if (object instanceof Error) return { type: "error", name: object.name, message: object.message };
    if (seen.has(object)) return { type: "circular", label: `[Circular ${constructorName(object)}]` };
    const { shape, label, size, entries } = this.shapeOf(object);
    if (depth <= 0) {
      const ref = this.next++;
      this.refs.set(ref, object);
      return { type: "container", shape, label, size, more: 0, ref };
    }
    seen.add(object);
    const listed: InspectEntry[] = [];
    let count = 0;
    for (const [key, child] of entries()) {
      if (count++ >= MAX_ENTRIES) break;
      listed.push({ key, value: this.node(child, depth - 1, seen) });
    }
    seen.delete(object);
    return { type: "container", shape, label, size, entries: listed, more: Math.max(0, size - listed.length) };
  }

  private shapeOf(object: object): { shape: ContainerShape; label: string; size: number; entries: () => Iterable<[string, unknown]> } {
    if (Array.isArray(object) || ArrayBuffer.isView(object)) {
      const list = object as ArrayLike<unknown>;
      return {
        shape: "array",
        label: `${constructorName(object)}(${list.length})`,
        size: list.length,
        entries: function* () {
          for (let i = 0; i < Math.min(list.length, MAX_ENTRIES); i++) yield [String(i), list[i]];
        },
      };
    }
    if (object instanceof Map) {
      return {
        shape: "map",
        label: `Map(${object.size})`,
        size: object.size,
        entries: function* () {
          for (const [k, v] of object) yield [typeof k === "string" ? JSON.stringify(k) : primitiveText(k), v];
        },
      };
    }
    if (object instanceof Set) {
      return {
        shape: "set",
        label: `Set(${object.size})`,
        size: object.size,
        entries: function* () {
          let i = 0;
          for (const v of object) yield [String(i++), v];
        },
      };
    }
    const keys = Object.keys(object);
    return {
      shape: "object",
      label: constructorName(object),
      size: keys.length,
      entries: function* () {
        for (const key of keys) {
          let child: unknown;
          try {
            child = (object as Record<string, unknown>)[key];
          } catch (error) {
            child = error;
          }
          yield [key, child];
        }
      },
    };
  }
}
