import { describe, expect, test } from "vitest";
import * as aq from "arquero";
import { tableFromIPC } from "@uwdata/flechette";
import { TableSession } from "./session";
import type { TableReply, TableViewSpec } from "../types";

const view = (v: Partial<TableViewSpec> = {}): TableViewSpec => ({ search: "", filters: [], sort: null, ...v });

function rowsOf(reply: TableReply) {
  if (reply.kind !== "rows") throw new Error(`expected rows, got ${reply.kind}`);
  return { total: reply.total, positions: reply.positions, objects: tableFromIPC(reply.ipc, { useDate: true }).toArray() };
}

describe("a table session answers the page", () => {
  const t = aq.table({ country: ["France", "Chile", "Kenya", "Chad", "Peru"], gdp: [2.9, 0.3, 0.1, 0.01, 0.2] });
  const session = new TableSession(t as never);

  test("rows of a view are a slice of the filtered, sorted positions, with their values", () => {
    const reply = rowsOf(session.answer({ kind: "rows", ref: 1, view: view({ search: "ch", sort: { column: "gdp", descending: true } }), offset: 0, limit: 10 }));
    expect(reply.total).toBe(2);
    expect(reply.positions).toEqual([1, 3]);
    expect(reply.objects).toEqual([{ country: "Chile", gdp: 0.3 }, { country: "Chad", gdp: 0.01 }]);
  });

  test("offset and limit page through the view", () => {
    const reply = rowsOf(session.answer({ kind: "rows", ref: 1, view: view(), offset: 3, limit: 10 }));
    expect(reply).toMatchObject({ total: 5, positions: [3, 4] });
  });

  test("a summary answers for the filtered rows", () => {
    const reply = session.answer({ kind: "summary", ref: 1, view: view({ filters: [{ column: "gdp", kind: "range", min: 0.2 }] }) });
    expect(reply.kind === "summary" && reply.total).toBe(3);
    expect(reply.kind === "summary" && reply.columns.map((c) => [c.name, c.distinct])).toEqual([["country", 3], ["gdp", 3]]);
  });

  test("an export writes the sorted view, or only the selected positions", () => {
    const csv = session.answer({ kind: "export", ref: 1, view: view({ sort: { column: "country", descending: false } }), format: "csv", limit: 2 });
    expect(csv).toEqual({ kind: "text", text: "country,gdp\r\nChad,0.01\r\nChile,0.3\r\n", rows: 2, total: 5, truncated: true });
    const tsv = session.answer({ kind: "export", ref: 1, view: view(), format: "tsv", limit: 100, positions: [4, 0, 99] });
    expect(tsv).toEqual({ kind: "text", text: "country\tgdp\r\nPeru\t0.2\r\nFrance\t2.9\r\n", rows: 2, total: 2, truncated: false });
  });

  test("a filter on a column the table lacks is an error reply, not a throw", () => {
    const reply = session.answer({ kind: "rows", ref: 1, view: view({ filters: [{ column: "nope", kind: "contains", text: "x" }] }), offset: 0, limit: 5 });
    expect(reply).toEqual({ kind: "error", message: "unknown column: nope" });
  });

  test("a filtered, ordered table is read in its own order", () => {
    const ordered = new TableSession(t.filter((d: { gdp: number }) => d.gdp < 1).orderby("country") as never);
    const reply = rowsOf(ordered.answer({ kind: "rows", ref: 1, view: view(), offset: 0, limit: 10 }));
    expect(reply.objects.map((o) => o.country)).toEqual(["Chad", "Chile", "Kenya", "Peru"]);
  });
});
