/**
 * A short, JavaScript-like text of any value, for messages about values that are not
 * Errors (`throw "x"` → `"x"`, `throw {code: 42}` → `{code: 42}`). No DOM and no display
 * module: the kernel must name a thrown value without knowing how the app shows values.
 */

/** Characters of a literal before it is cut with `…`. */
export const MAX_LITERAL = 200;
const ITEMS = 10;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The literal text of `value`, nested two levels deep at most, cut at MAX_LITERAL characters. */
export function literal(value: unknown): string {
  const text = write(value, 2, new Set());
  return text.length > MAX_LITERAL ? `${text.slice(0, MAX_LITERAL - 1)}…` : text;
}

function write(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > MAX_LITERAL ? value.slice(0, MAX_LITERAL) : value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
    case "boolean":
    case "symbol":
      return String(value);
    case "function":
      return `ƒ ${value.name || "anonymous"}()`;
  }
  if (value === null) return "null";
  const object = value as object;
  if (seen.has(object)) return "[Circular]";
  if (object instanceof Date) return Number.isNaN(+object) ? "Invalid Date" : object.toISOString();
  if (object instanceof RegExp) return String(object);
  if (depth === 0) return Array.isArray(object) ? "[…]" : "{…}";
  seen.add(object);
  let text: string;
  if (Array.isArray(object)) {
    const items = object.slice(0, ITEMS).map((item) => write(item, depth - 1, seen));
    if (object.length > ITEMS) items.push("…");
    text = `[${items.join(", ")}]`;
  } else {
    const keys = Object.keys(object);
    const items = keys.slice(0, ITEMS).map((key) => `${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${write(read(object, key), depth - 1, seen)}`);
    if (keys.length > ITEMS) items.push("…");
    const name = constructorName(object);
    text = `${name === "Object" ? "" : `${name} `}{${items.join(", ")}}`;
  }
  seen.delete(object);
  return text;
}

function read(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch (error) {
    return error instanceof Error ? `[${error.name}]` : "[getter threw]";
  }
}

function constructorName(object: object): string {
  const proto = Object.getPrototypeOf(object) as { constructor?: { name?: unknown } } | null;
  const name = proto?.constructor?.name;
  return typeof name === "string" && name ? name : "Object";
}
