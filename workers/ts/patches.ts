/**
 * Corrections to shipped declaration files, applied when the type library is built. Arquero
 * types a row as `object` (no properties), so `t.objects().map((d) => d.price)` would be an
 * error in every notebook although the rows have the table's columns; a row here is a
 * `Record<string, any>` (the columns are only known at run time), as in its verbs' callbacks.
 * Each patch names the exact text it replaces: a package update that changes it fails the
 * build, instead of silently checking cells against the unpatched file.
 */

/** One replacement in one file of the type library. */
export interface DeclarationPatch {
  /** Virtual path in the type library. */
  file: string;
  from: string;
  to: string;
  why: string;
}

const ROW = "Record<string, any>";
const TABLE = "/node_modules/arquero/dist/types/table/Table.d.ts";

/** The patches the type library gets. */
export const PATCHES: readonly DeclarationPatch[] = [
  { file: TABLE, from: "object(row?: number): object;", to: `object(row?: number): ${ROW};`, why: "a row has the table's columns" },
  { file: TABLE, from: 'objects(options?: import("./types.js").ObjectsOptions): object[];', to: `objects(options?: import("./types.js").ObjectsOptions): ${ROW}[];`, why: "rows have the table's columns" },
  { file: TABLE, from: "values(name: any): Iterator<object>;", to: "values(name: string): Iterator<any>;", why: "a column's values, of any type" },
  { file: TABLE, from: "[Symbol.iterator](): Iterator<object>;", to: `[Symbol.iterator](): Iterator<${ROW}>;`, why: "for…of over a table gives rows" },
];

/** The library with every patch applied; throws naming the patch whose text is not found. */
export function applyPatches(library: Record<string, string>, patches: readonly DeclarationPatch[] = PATCHES): Record<string, string> {
  const out = { ...library };
  for (const patch of patches) {
    const text = out[patch.file];
    if (text === undefined || !text.includes(patch.from)) throw new Error(`declaration patch not applicable: ${patch.file} no longer contains "${patch.from}" (${patch.why})`);
    out[patch.file] = text.split(patch.from).join(patch.to);
  }
  return out;
}
