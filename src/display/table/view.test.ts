import { describe, expect, test } from "vitest";
import * as aq from "arquero";
import type { TableViewSpec } from "../types";
import { Columns } from "./values";
import { filterRows, sortRows } from "./view";

const flows = aq.table({
  sector: ["Steel", "cars", "steel pipes", null, "Textiles", "CARS"],
  tariff: [0.25, 0.1, NaN, 0.05, null, 0.1],
  year: [2014, 2015, 2015, 2016, 2017, 2018],
});

const view = (v: Partial<TableViewSpec>): TableViewSpec => ({ search: "", filters: [], sort: null, ...v });
const rows = (table: aq.ColumnTable, v: Partial<TableViewSpec>) => {
  const columns = new Columns(table as never);
  return Array.from(sortRows(columns, filterRows(columns, view(v)), view(v).sort));
};

describe("the rows a view shows", () => {
  const cases: [string, Partial<TableViewSpec>, number[]][] = [
    ["no search and no filter shows every row in table order", {}, [0, 1, 2, 3, 4, 5]],
    ["search matches a substring of any column, ignoring case", { search: "STEEL" }, [0, 2]],
    ["search matches numbers as written in full", { search: "0.25" }, [0]],
    ["search matches in another column", { search: "2016" }, [3]],
    ["search trims spaces", { search: "  cars " }, [1, 5]],
    ["a search that matches nothing shows no rows", { search: "zinc" }, []],
    ["a range filter is inclusive and skips nulls and NaN", { filters: [{ column: "tariff", kind: "range", min: 0.05, max: 0.1 }] }, [1, 3, 5]],
    ["a range with only a minimum", { filters: [{ column: "year", kind: "range", min: 2017 }] }, [4, 5]],
    ["contains ignores case", { filters: [{ column: "sector", kind: "contains", text: "Car" }] }, [1, 5]],
    ["equals keeps the named values exactly", { filters: [{ column: "sector", kind: "equals", values: ["cars", null] }] }, [1, 3]],
    ["equals on numbers", { filters: [{ column: "year", kind: "equals", values: [2015] }] }, [1, 2]],
    ["filters and search must all hold", { search: "cars", filters: [{ column: "year", kind: "range", max: 2016 }] }, [1]],
    ["sort ascending puts nulls and NaN last, ties in table order", { sort: { column: "tariff", descending: false } }, [3, 1, 5, 0, 2, 4]],
    ["sort descending keeps nulls last", { sort: { column: "tariff", descending: true } }, [0, 1, 5, 3, 2, 4]],
    ["sort applies to the filtered rows, ties in table order", { search: "s", sort: { column: "year", descending: true } }, [5, 4, 1, 2, 0]],
  ];
  test.each(cases)("%s", (_, v, expected) => {
    expect(rows(flows, v)).toEqual(expected);
  });

  test("positions count rows in a filtered, ordered table's own order", () => {
    const ordered = flows.filter((d: { year: number }) => d.year >= 2015).orderby(aq.desc("year"));
    // Shown order: 2018 CARS, 2017 Textiles, 2016 null, 2015 cars, 2015 steel pipes; text sorts by code point.
    expect(rows(ordered, { search: "cars" })).toEqual([0, 3]);
    expect(rows(ordered, { sort: { column: "sector", descending: false } })).toEqual([0, 1, 3, 4, 2]);
  });

  test("a million rows are searched exactly; the search index makes the next keystroke fast", () => {
    const n = 1_000_000;
    const big = aq.table({ i: Float64Array.from({ length: n }, (_, i) => i), root: Float64Array.from({ length: n }, (_, i) => Math.sqrt(i)) });
    const columns = new Columns(big as never);
    const timed = (search: string) => {
      const start = performance.now();
      const found = Array.from(filterRows(columns, { search, filters: [], sort: null }));
      return { found, ms: performance.now() - start };
    };
    const reference = (needle: string) => {
      const out = [];
      for (let i = 0; i < n; i++) if (String(i).includes(needle) || String(Math.sqrt(i)).includes(needle)) out.push(i);
      return out;
    };
    const first = timed("99999");
    const next = timed("999990");
    expect(first.found).toEqual(reference("99999"));
    expect(next.found).toEqual(reference("999990"));
    console.log(`search of 1,000,000 rows × 2 number columns: first ${first.ms.toFixed(0)} ms (builds the index), next ${next.ms.toFixed(0)} ms`);
    expect(next.ms).toBeLessThan(first.ms);
  });
});
