/**
 * The worked notebooks shipped in `notebooks/`, bundled as text by Vite. They are opened
 * with `openShipped` (library.ts), which stores a copy: the bundled originals never change.
 */

const files = import.meta.glob("../../notebooks/*.ts", { query: "?raw", import: "default" }) as Record<string, () => Promise<string>>;

/** One shipped notebook: its file name and a loader for its text. */
export interface ShippedNotebook {
  readonly name: string;
  load(): Promise<string>;
}

/** The shipped notebooks, by file name (test files excluded). */
export function listShipped(): ShippedNotebook[] {
  return Object.entries(files)
    .map(([path, load]) => ({ name: path.slice(path.lastIndexOf("/") + 1), load }))
    .filter((n) => !n.name.endsWith(".test.ts"))
    .sort((a, b) => a.name.localeCompare(b.name));
}
