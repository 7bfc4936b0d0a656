/**
 * The worked notebooks shipped in `notebooks/`, bundled as text by Vite. They are opened
 * with `openShipped` (library.ts), which stores a copy: the bundled originals never change.
 * The start page (File → Notebooks…) lists them with a title and one line each, from the
 * catalogue below, so listing them loads none of their text.
 */

const files = import.meta.glob("../../notebooks/*.ts", { query: "?raw", import: "default" }) as Record<string, () => Promise<string>>;

/** One shipped notebook: its file name, what the start page says about it, and a loader for its text. */
export interface ShippedNotebook {
  readonly name: string;
  /** The file's `// title:` header (its file name without extension if it is not catalogued). */
  readonly title: string;
  /** One line for the start page; empty if the notebook is not catalogued. */
  readonly description: string;
  load(): Promise<string>;
}

/** What the start page says about each shipped notebook, in the order it lists them. */
export const SHIPPED_CATALOGUE: readonly { readonly name: string; readonly title: string; readonly description: string }[] = [
  {
    name: "kyrgyzstan-customs-union.caravan.ts",
    title: "Kyrgyzstan joins the Customs Union: tariffs, import prices and trade diversion",
    description: "The study notebook: the union's trade, tariff changes, price shocks and their effects, with live numbers checked against the study.",
  },
  {
    name: "smart-and-gsim.caravan.ts",
    title: "SMART and GSIM, step by step",
    description: "Teaching: trade creation, diversion, revenue and welfare by hand with elasticity sliders, then the GSIM 4×4 free trade example and its welfare convention.",
  },
  {
    name: "textbook-cge.caravan.ts",
    title: "The textbook CGE model, step by step: calibration, tariff removal, 30 years of dynamics",
    description: "Teaching: the standard CGE model calibrated from its SAM, tariffs removed against GAMS's published results, and DYNCGE's 30-year path charted.",
  },
  {
    name: "union-trade-explorer.caravan.ts",
    title: "Customs Union trade explorer: pick a reporter, a partner and a flow",
    description: "A first hour with trade data: Belarus, Kazakhstan and Russia, 2010 to 2013, as a series, growth rates and a table.",
  },
  {
    name: "format-example.ts",
    title: "The file format, by example",
    description: "The plain-text notebook file: cells, modes and saved outputs, in three cells.",
  },
];

/** The shipped notebooks (test files excluded): catalogued ones in catalogue order, then the rest by file name. */
export function listShipped(): ShippedNotebook[] {
  const order = (name: string) => {
    const k = SHIPPED_CATALOGUE.findIndex((c) => c.name === name);
    return k < 0 ? SHIPPED_CATALOGUE.length : k;
  };
  return Object.entries(files)
    .map(([path, load]) => {
      const name = path.slice(path.lastIndexOf("/") + 1);
      const entry = SHIPPED_CATALOGUE.find((c) => c.name === name);
      return { name, title: entry?.title ?? name.replace(/\.caravan\.ts$|\.ts$/, ""), description: entry?.description ?? "", load };
    })
    .filter((n) => !n.name.endsWith(".test.ts"))
    .sort((a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name));
}
