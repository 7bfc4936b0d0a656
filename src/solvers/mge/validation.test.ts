// Input validation of the model builder and its solver: a declaration missing a list, start and
// fixed values outside a variable's domain, a solution with a negative flow, and MPSGE's benchmark
// replication check (`checkBenchmark`). Each case here was accepted, or threw a TypeError, before.
import { describe, expect, it } from "vitest";
import { cgeErrorOf as infoOf } from "../testing";
import { closures123, model123 } from "./mge123";
import { mge, type Consumer, type MgeDeclaration, type Sector } from "./model";
import { solveMge, trySolveMge, type MgeSolveOptions } from "./solve";

/** Two sectors (X, Y) using labour PL and capital PK, one household owning both; balanced at the benchmark. */
function twoGoods(): { commodities: string[]; sectors: Sector[]; consumers: Consumer[] } {
  return {
    commodities: ["PX", "PY", "PL", "PK"],
    sectors: [
      { name: "X", s: 1, inputs: [{ commodity: "PL", quantity: 40 }, { commodity: "PK", quantity: 60 }], outputs: [{ commodity: "PX", quantity: 100 }] },
      { name: "Y", s: 1, inputs: [{ commodity: "PL", quantity: 60 }, { commodity: "PK", quantity: 40 }], outputs: [{ commodity: "PY", quantity: 100 }] },
    ],
    consumers: [{ name: "HH", s: 1, demands: [{ commodity: "PX", quantity: 100 }, { commodity: "PY", quantity: 100 }],
      endowments: [{ commodity: "PL", quantity: 100 }, { commodity: "PK", quantity: 100 }] }],
  };
}

const mge123Closures = (): MgeSolveOptions[] => Object.values(closures123);


describe("mge: a declaration's lists are checked before they are read", () => {
  it.each<[string, Partial<MgeDeclaration> | ((d: MgeDeclaration) => unknown), string, string]>([
    ["without consumers", { consumers: undefined }, "consumers", "must be an array of consumers, got undefined"],
    ["with sectors as an object", { sectors: {} as never }, "sectors", "must be an array of sectors, got an object"],
    ["with a sector's inputs as an object", (d) => ((d.sectors[0] as { inputs: unknown }).inputs = {}), "sectors.X.inputs", "must be an array of flows"],
    ["with a consumer's endowments missing", (d) => ((d.consumers[0] as { endowments: unknown }).endowments = undefined), "consumers.HH.endowments", "must be an array of endowments"],
  ])("refuses a declaration %s, naming the list (a TypeError before)", (_, change, option, words) => {
    const d = twoGoods();
    const declaration = typeof change === "function" ? (change(d), d) : { ...d, ...change };
    const e = infoOf(() => mge(declaration as MgeDeclaration));
    expect(e).toMatchObject({ kind: "bad-option", option });
    expect(e.message).toContain(words);
  });
});

describe("solveMge: start and fixed values are checked by the variable's kind", () => {
  const m = mge(twoGoods());

  it.each<[string, object, string, string]>([
    ["a negative start price (a false equilibrium with a demand of −1.3e13 before)", { fix: { PL: 1 }, start: { PX: -1 } }, "start.PX", "> 0"],
    ["a zero start price", { fix: { PL: 1 }, start: { PX: 0 } }, "start.PX", "> 0"],
    ["a negative start activity", { fix: { PL: 1 }, start: { X: -0.5 } }, "start.X", "≥ 0"],
    ["an infinite start income", { fix: { PL: 1 }, start: { HH: Infinity } }, "start.HH", "finite"],
    ["a numeraire price of 0 (an all-zero 'solution' before)", { fix: { PL: 0 } }, "fix.PL", "> 0"],
    ["a negative fixed price", { fix: { PL: 1, PK: -2 } }, "fix.PK", "> 0"],
    ["a numeraire income of 0", { fix: { HH: 0 } }, "fix", "positive value as the numeraire"],
  ])("refuses %s", (_, options, option, words) => {
    const e = infoOf(() => solveMge(m, options));
    expect(e).toMatchObject({ kind: "bad-option", option });
    expect(e.message).toContain(words);
  });

  it("valid start values still lead to the benchmark equilibrium", () => {
    const r = solveMge(m, { fix: { PL: 1 }, start: { PX: 0.5, X: 0 } });
    for (const v of ["X", "Y", "PX", "PY", "PK"]) expect(r.values[v]).toBeCloseTo(1, 10);
  });
});

describe("solveMge: a solution with a negative flow is outside the domain, never OK", () => {
  it("a consumer whose endowment income turns negative (a negative demand before) is an outside-domain error naming the flow", () => {
    const d = twoGoods();
    const m = mge({
      ...d,
      consumers: [
        { ...d.consumers[0], demands: [{ commodity: "PX", quantity: 90 }, { commodity: "PY", quantity: 100 }] },
        { name: "G", demands: [{ commodity: "PX", quantity: 10 }], endowments: [{ commodity: "PL", quantity: 20 }, { commodity: "PK", quantity: -10 }] },
      ],
    });
    expect(trySolveMge(m, { fix: { PL: 1 } }).ok).toBe(true);
    const r = trySolveMge(m, { fix: { PL: 1, PK: 3 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: "outside-domain", variable: "PXρG" });
    if (r.error.kind === "outside-domain") expect(r.error.value).toBeLessThan(0);
  });

  it("a fixed negative income (a demand of −5.9e12 reported before) is an outside-domain error", () => {
    const r = trySolveMge(mge(twoGoods()), { fix: { PL: 1, HH: -50 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("outside-domain");
  });
});

describe("solveMge checkBenchmark: MPSGE's benchmark replication check, on request", () => {
  it("refuses a benchmark that does not balance, naming the sector and its imbalance (solved without complaint before)", () => {
    const d = twoGoods();
    d.sectors[0] = { ...d.sectors[0], inputs: [{ commodity: "PL", quantity: 50 }, { commodity: "PK", quantity: 60 }] };
    const m = mge(d);
    const e = infoOf(() => solveMge(m, { fix: { PL: 1 }, checkBenchmark: true }));
    expect(e).toMatchObject({ kind: "bad-option", option: "model", value: "X" });
    expect(e.message).toContain("zero profit of sector X is off by 10.0000");
  });

  it("names the market when a commodity's benchmark supply and demand differ", () => {
    const d = twoGoods();
    d.sectors[1] = { ...d.sectors[1], outputs: [{ commodity: "PY", quantity: 90 }], inputs: [{ commodity: "PL", quantity: 54 }, { commodity: "PK", quantity: 36 }] };
    const e = infoOf(() => solveMge(mge(d), { fix: { PL: 1 }, checkBenchmark: true }));
    expect(e.message).toMatch(/market clearing of commodity (PY|PL|PK) is off by/);
  });

  it("accepts balanced benchmarks (the two-good model, MGE123 under all four closures) with unchanged results", () => {
    expect(solveMge(mge(twoGoods()), { fix: { PL: 1 }, checkBenchmark: true }).iterations).toBe(0);
    for (const c of mge123Closures()) {
      expect(solveMge(model123(), { ...c, checkBenchmark: true }).values).toEqual(solveMge(model123(), c).values);
    }
  });

  it("is off by default: a counterfactual model (MGE123 without tariffs) is off balance at the benchmark and still solves", () => {
    const c = mge123Closures()[0];
    expect(solveMge(model123(0), c).iterations).toBeGreaterThan(0);
    expect(infoOf(() => solveMge(model123(0), { ...c, checkBenchmark: true }))).toMatchObject({ kind: "bad-option", option: "model" });
  });

  it("refuses a non-boolean checkBenchmark", () => {
    expect(infoOf(() => solveMge(mge(twoGoods()), { fix: { PL: 1 }, checkBenchmark: "yes" as never }))).toMatchObject({ kind: "bad-option", option: "checkBenchmark" });
  });
});
