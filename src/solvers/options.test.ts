import { describe, expect, it } from "vitest";
import { distance, keyword, member, numberOption, perName, record, suggestion, type Fail } from "./options";

/** A `fail` that throws the three parts as data, for checking what a normaliser reports. */
class Refused extends Error {
  constructor(readonly option: string, readonly value: unknown, readonly why: string) {
    super(`${option} ${why}`);
  }
}
const fail: Fail = (option, value, why) => {
  throw new Refused(option, value, why);
};
function refusal(f: () => unknown): Refused {
  try {
    f();
  } catch (e) {
    if (e instanceof Refused) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("numberOption", () => {
  it.each<[unknown, string]>([
    ["0.5", "must be a number, got the string '0.5'"],
    ["-1.2", "must be a number, got the string '-1.2'"],
    [null, "must be a number, got null"],
    [[1], "must be a number, got an array"],
    [NaN, "must be a finite number, got NaN"],
    [Infinity, "must be a finite number, got Infinity"],
    [-1, "must be a number > 0 and ≤ 50, got -1"],
    [51, "must be a number > 0 and ≤ 50, got 51"],
  ])("checks the type before the range: %s", (value, why) => {
    expect(refusal(() => numberOption(value, "sigma", { above: 0, max: 50 }, fail))).toMatchObject({ option: "sigma", value, why });
  });

  it("accepts the bounds it states and whole numbers when asked", () => {
    expect(numberOption(50, "sigma", { above: 0, max: 50 }, fail)).toBe(50);
    expect(refusal(() => numberOption(2.5, "periods", { min: 1, integer: true }, fail)).why).toBe("must be a whole number ≥ 1, got 2.5");
  });
});

describe("names", () => {
  it("keyword lists the allowed values and suggests the closest", () => {
    const r = refusal(() => keyword("level", "form", ["linear", "levels"], fail));
    expect(r.why).toBe(`must be one of "linear", "levels", got the string 'level' (did you mean 'levels'?)`);
  });

  it("member names the unknown name and lists the valid ones", () => {
    expect(refusal(() => member("MILK", "sectors[0]", ["BRD", "MLK"], "sector", fail)).why)
      .toBe("unknown sector 'MILK' (did you mean 'MLK'?); expected one of BRD, MLK");
  });

  it("suggests nothing when no name is close", () => {
    expect(suggestion("EXTT", ["ROW"])).toBe("");
    expect(suggestion("Germny", ["France", "Germany"])).toBe(" (did you mean 'Germany'?)");
    expect(distance("kitten", "sitting")).toBe(3);
  });

  it("record refuses an unknown key with the closest suggested, and accepts undefined as empty", () => {
    expect(refusal(() => record({ sigmma: 2 }, "", ["sigma", "psi"], fail))).toMatchObject({ option: "sigmma", value: 2 });
    expect(refusal(() => record({ sectr: 1 }, "tariff", ["sectors"], fail)).option).toBe("tariff.sectr");
    expect(record(undefined, "x", [], fail)).toEqual({});
    expect(refusal(() => record("fast", "options", [], fail)).why).toBe("must be an object, got the string 'fast'");
  });
});

describe("perName", () => {
  const sectors = ["BRD", "MLK"];
  const range = { above: 0 };
  it("spreads one number, fills omitted names with the fallback and never ignores an unknown key", () => {
    expect(perName(3, "sigma", sectors, "sector", 2, range, fail)).toEqual([3, 3]);
    expect(perName({ MLK: 0.5 }, "sigma", sectors, "sector", 2, range, fail)).toEqual([2, 0.5]);
    expect(refusal(() => perName({ BRD: 3, MILK: 0.5 }, "sigma", sectors, "sector", 2, range, fail))).toMatchObject({ option: "sigma.MILK", value: 0.5 });
    expect(refusal(() => perName({ BRD: "3" }, "sigma", sectors, "sector", 2, range, fail))).toMatchObject({ option: "sigma.BRD", value: "3" });
    expect(refusal(() => perName("0.5", "sigma", sectors, "sector", 2, range, fail)).why).toContain("the string '0.5'");
  });
});
