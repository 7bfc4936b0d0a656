import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { SolverError, isSolverError } from "./errors";
import { smart } from "./smart";
import { solverErrorOf } from "./testing";

describe("SolverError", () => {
  it("carries plain data that survives structured cloning and JSON", () => {
    const info = solverErrorOf(() => smart([{ product: "a", partner: "X", imports: -1, tariff0: 0, tariff1: 0 }], { importDemandElasticity: -1 }));
    expect(structuredClone(info)).toEqual(info);
    expect(JSON.parse(JSON.stringify(new SolverError(info)))).toEqual(info);
    expect(info.message).toBe("lines row 1 (imports): expected a number ≥ 0, got -1");
  });

  it("is recognised by its tag, not by its class", () => {
    const lookalike = Object.assign(new Error("x"), { name: "SolverError", kind: "bad-input" });
    expect(isSolverError(lookalike)).toBe(true);
    expect(isSolverError(new Error("x"))).toBe(false);
    expect(isSolverError({ kind: "bad-input" })).toBe(false);
  });

  it("names the same row whether the input is an Arquero table or an array", () => {
    const rows = [
      { product: "a", partner: "X", imports: 1, tariff0: 0, tariff1: 0 },
      { product: "a", partner: "Y", imports: Number.NaN, tariff0: 0, tariff1: 0 },
    ];
    const fromArray = solverErrorOf(() => smart(rows, { importDemandElasticity: -1 }));
    const fromTable = solverErrorOf(() => smart(aq.from(rows), { importDemandElasticity: -1 }));
    expect(fromTable).toEqual(fromArray);
    expect(fromArray).toMatchObject({ row: 2, column: "imports" });
  });
});
