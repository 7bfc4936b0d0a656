import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { tariffAverages } from "./tariffs";
import { isSolverError } from "./errors";

const concordance = [
  { hs: "010121", sector: "agriculture" },
  { hs: "010129", sector: "agriculture" },
  { hs: "270900", sector: "fuel" },
];

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isSolverError(e)) return e.info;
    throw e;
  }
  throw new Error("expected a SolverError");
}

describe("tariffAverages", () => {
  it("computes simple, import-weighted and line-count averages by hand", () => {
    // agriculture: tariffs 10, 20, 0 with imports 100, 300, 0
    //   simple   = (10 + 20 + 0) / 3 = 10
    //   weighted = (10·100 + 20·300 + 0·0) / 400 = 7000 / 400 = 17.5
    // fuel: one line, 5% on 50 → 5 and 5
    const lines = [
      { hs: "010121", partner: "RU", tariff: 10, imports: 100 },
      { hs: "010129", partner: "RU", tariff: 20, imports: 300 },
      { hs: "010190", partner: "RU", tariff: 0, imports: 0 },
      { hs: "270900", partner: "RU", tariff: 5, imports: 50 },
    ];
    const { averages } = tariffAverages(lines, [...concordance, { hs: "010190", sector: "agriculture" }]);
    expect(averages.objects()).toEqual([
      { sector: "agriculture", partner: "RU", lines: 3, simple: 10, weighted: 17.5, imports: 400 },
      { sector: "fuel", partner: "RU", lines: 1, simple: 5, weighted: 5, imports: 50 },
    ]);
  });

  it("averages identical lines to exactly their tariff, and a second copy of every group's lines changes nothing", () => {
    // 1,000 lines of one sector, each its own code, all at 3.561 % on 0.1: exactly 3.561, not 3.561 ± rounding.
    const codes = Array.from({ length: 2000 }, (_, i) => `01${String(i).padStart(4, "0")}`);
    const wide = codes.map((hs) => ({ hs, sector: "agriculture" }));
    const line = (hs: string) => ({ hs, partner: "CN", tariff: 3.561, imports: 0.1 });
    const one = tariffAverages([line(codes[0]!)], wide).averages.objects()[0];
    const many = tariffAverages(codes.slice(0, 1000).map(line), wide).averages.objects()[0];
    expect(many.simple).toBe(3.561);
    expect(many.weighted).toBe(3.561);
    expect(many.lines).toBe(1000);
    expect(one.weighted).toBe(3.561);
    // The same two lines again under other codes of the same sector: the averages do not move.
    const mixed = [line(codes[0]!), { ...line(codes[1]!), tariff: 5.415, imports: 0.3 }];
    const again = [line(codes[2]!), { ...line(codes[3]!), tariff: 5.415, imports: 0.3 }];
    const once = tariffAverages(mixed, wide).averages.objects()[0];
    const twice = tariffAverages([...mixed, ...again], wide).averages.objects()[0];
    expect(twice.simple).toBe(once.simple);
    expect(twice.weighted).toBe(once.weighted);
  });

  it("reports missing tariffs, zero imports and unknown codes beside the result", () => {
    const lines = [
      { hs: "010121", partner: "RU", tariff: 10, imports: 100 },
      { hs: "010129", partner: "RU", tariff: null, imports: 40 },
      { hs: "999999", partner: "RU", tariff: 7, imports: 10 },
      { hs: "270900", partner: "KZ", tariff: 2, imports: 0 },
    ];
    const r = tariffAverages(lines, concordance);
    expect(r.missingTariff.objects()).toEqual([{ row: 2, hs: "010129", partner: "RU", imports: 40 }]);
    expect(r.unmatched.objects()).toEqual([{ row: 3, hs: "999999", partner: "RU" }]);
    expect(r.zeroImports.objects()).toEqual([{ row: 4, hs: "270900", partner: "KZ", tariff: 2 }]);
    // the missing tariff is not read as 0: agriculture averages only row 1
    const agri = r.averages.objects().find((o) => o.sector === "agriculture");
    expect(agri).toMatchObject({ lines: 1, simple: 10, weighted: 10 });
    // a sector whose only lines have zero imports has a simple average but no weighted one
    const fuel = r.averages.objects().find((o) => o.sector === "fuel");
    expect(fuel).toMatchObject({ lines: 1, simple: 2, weighted: null });
  });

  it("groups partners (CU / NCU) and matches codes on their first hsDigits characters", () => {
    // 8-digit national lines matched on HS6; CU = RU + KZ: weighted (10·1 + 20·3)/4 = 17.5; NCU: 4
    const lines = [
      { hs: "01012110", partner: "RU", tariff: 10, imports: 1 },
      { hs: "01012190", partner: "KZ", tariff: 20, imports: 3 },
      { hs: "01012910", partner: "CN", tariff: 4, imports: 2 },
    ];
    const r = tariffAverages(lines, concordance, { hsDigits: 6, partnerGroups: { RU: "CU", KZ: "CU" } });
    expect(r.averages.objects()).toEqual([
      { sector: "agriculture", partner: "CU", lines: 2, simple: 15, weighted: 17.5, imports: 4 },
      { sector: "agriculture", partner: "CN", lines: 1, simple: 4, weighted: 4, imports: 2 },
    ]);
    const all = tariffAverages(lines, concordance, { hsDigits: 6, byPartner: false }).averages.objects();
    // (10·1 + 20·3 + 4·2) / 6 = 78 / 6 = 13
    expect(all).toEqual([{ sector: "agriculture", partner: "all", lines: 3, simple: 34 / 3, weighted: 13, imports: 6 }]);
  });

  it("gives the same result for an Arquero table as for an array of rows", () => {
    const rows = [
      { hs: "010121", partner: "RU", tariff: 10, imports: 100 },
      { hs: "270900", partner: "CN", tariff: 5, imports: 50 },
    ];
    const fromTable = tariffAverages(aq.from(rows), aq.from(concordance)).averages.objects();
    expect(fromTable).toEqual(tariffAverages(rows, concordance).averages.objects());
  });

  const bad: { name: string; lines: object[]; conc?: object[]; argument: string; row?: number; column?: string }[] = [
    { name: "negative imports", lines: [{ hs: "010121", partner: "RU", tariff: 1, imports: 1 }, { hs: "010121", partner: "RU", tariff: 1, imports: -5 }], argument: "lines", row: 2, column: "imports" },
    { name: "NaN imports", lines: [{ hs: "010121", partner: "RU", tariff: 1, imports: NaN }], argument: "lines", row: 1, column: "imports" },
    { name: "NaN tariff", lines: [{ hs: "010121", partner: "RU", tariff: NaN, imports: 1 }], argument: "lines", row: 1, column: "tariff" },
    { name: "negative tariff", lines: [{ hs: "010121", partner: "RU", tariff: -1, imports: 1 }], argument: "lines", row: 1, column: "tariff" },
    { name: "text tariff", lines: [{ hs: "010121", partner: "RU", tariff: "5%", imports: 1 }], argument: "lines", row: 1, column: "tariff" },
    { name: "missing code", lines: [{ partner: "RU", tariff: 1, imports: 1 }], argument: "lines", row: 1, column: "hs" },
    { name: "a code mapped to two sectors", lines: [], conc: [{ hs: "1", sector: "a" }, { hs: "1", sector: "b" }], argument: "concordance", row: 2, column: "hs" },
    { name: "the same code and partner twice", lines: [{ hs: "010121", partner: "RU", tariff: 1, imports: 1 }, { hs: "270900", partner: "RU", tariff: 1, imports: 1 },
      { hs: "010121", partner: "RU", tariff: 1, imports: 1 }], argument: "lines", row: 3, column: "hs" },
    { name: "a partner code with a trailing space", lines: [{ hs: "010121", partner: "RU", tariff: 5, imports: 1 }, { hs: "010121", partner: "RU ", tariff: 15, imports: 1 }],
      argument: "lines", row: 2, column: "partner" },
    { name: "an HS code with a leading space", lines: [{ hs: " 010121", partner: "RU", tariff: 5, imports: 1 }], argument: "lines", row: 1, column: "hs" },
    { name: "a concordance code with spaces", lines: [], conc: [{ hs: "010121 ", sector: "a" }], argument: "concordance", row: 1, column: "hs" },
  ];
  it.each(bad)("refuses $name, naming the argument and row", ({ lines, conc, argument, row, column }) => {
    const info = errorOf(() => tariffAverages(lines as Record<string, unknown>[], (conc ?? concordance) as Record<string, unknown>[]));
    expect(info).toMatchObject({ kind: "bad-input", argument, row, column });
  });

  it("names both rows of a repeated line", () => {
    const line = { hs: "010121", partner: "RU", tariff: 1, imports: 1 };
    expect(errorOf(() => tariffAverages([line, { ...line, partner: "KZ" }, line], concordance)).message).toContain("rows 1 and 3");
    // over all partners, the partner column (when present) still tells lines apart
    expect(tariffAverages([line, { ...line, partner: "KZ" }], concordance, { byPartner: false }).averages.objects()[0].lines).toBe(2);
  });

  it("refuses a partner differing from an earlier one only in case, naming both rows", () => {
    // "ru" would otherwise be averaged as a partner group of its own beside "RU".
    const lines = [{ hs: "010121", partner: "RU", tariff: 1, imports: 1 }, { hs: "010129", partner: "ru", tariff: 9, imports: 1 }];
    const e = errorOf(() => tariffAverages(lines, concordance));
    expect(e).toMatchObject({ kind: "bad-input", argument: "lines", row: 2, column: "partner" });
    expect(e.message).toContain("'ru' differs from 'RU' (row 1) only in case");
  });

  it("refuses a tariff column absent from every row, as it does for a table", () => {
    const lines = [{ hs: "010121", partner: "RU", tariff: 5, imports: 1 }];
    const fromArray = errorOf(() => tariffAverages(lines, concordance, { tariffColumn: "rate" }));
    const fromTable = errorOf(() => tariffAverages(aq.from(lines), concordance, { tariffColumn: "rate" }));
    expect(fromArray).toMatchObject({ kind: "bad-input", argument: "lines" });
    expect(fromArray.message).toContain('missing column "rate"');
    expect(fromTable.message).toContain('missing column "rate"');
    // a column present in some rows only is not missing: the others are missing tariffs
    const some = tariffAverages([...lines, { hs: "010129", partner: "RU", imports: 1 }], concordance);
    expect(some.missingTariff.objects()).toEqual([{ row: 2, hs: "010129", partner: "RU", imports: 1 }]);
  });

  it.each<[string, object, string]>([
    ["byPartner given as text", { byPartner: "false" }, "options.byPartner"],
    ["partnerGroups given as text", { partnerGroups: "CU" }, "options.partnerGroups"],
    ["a partner group that is a number", { partnerGroups: { RU: 1, KZ: "1" } }, "options.partnerGroups.RU"],
  ])("refuses %s", (_, options, argument) => {
    const lines = [{ hs: "010121", partner: "RU", tariff: 5, imports: 1 }, { hs: "010121", partner: "KZ", tariff: 7, imports: 1 }];
    expect(errorOf(() => tariffAverages(lines, concordance, options as never))).toMatchObject({ kind: "bad-input", argument });
  });
});
