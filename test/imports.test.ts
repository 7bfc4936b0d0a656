import { describe, expect, it } from "vitest";
import { makeCell, makeDoc } from "../src/notebook/document";
import { runNotebook } from "../src/runner/run";

describe("cells import the libraries the app bundles", () => {
  it("arquero, Plot and the solvers resolve by name; an unknown module fails on its cell", async () => {
    const doc = makeDoc([
      makeCell('import * as arquero from "arquero"\narquero.table({ x: [1, 2, 3] }).numRows()', "code", { id: "a" }),
      makeCell('import { importPrice } from "caravan/solvers"\nimportPrice(100, 0.1, 0.05)', "code", { id: "b" }),
      makeCell('import * as P from "@observablehq/plot"\ntypeof P.barX', "code", { id: "c" }),
      makeCell('import nope from "left-pad"\nnope', "code", { id: "d" }),
    ]);
    const run = await runNotebook(doc, { timeoutMs: 20_000 });
    const byId = Object.fromEntries(run.cells.map((c) => [c.id, c]));
    expect(byId.a?.output).toBe("3");
    // PM = PW·(1 + t)·(1 + τ) = 100 · 1.1 · 1.05 = 115.5
    expect(Number(byId.b?.output)).toBeCloseTo(115.5, 6);
    expect(byId.c?.output).toContain("function");
    expect(byId.d?.status).toBe("error");
    expect(byId.d?.error?.message).toMatch(/left-pad/);
  }, 60_000);
});
