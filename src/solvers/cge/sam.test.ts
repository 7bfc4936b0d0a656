import { describe, expect, it } from "vitest";
import { table } from "arquero";
import { cgeErrorOf as failure } from "../testing";
import { parseSamCsv, sam } from "./sam";
import { calibrate } from "./calibrate";
import { stdcgeAccounts, stdcgeSam } from "./fixtures.test-util";
import { readFileSync } from "node:fs";

const csv = readFileSync(new URL("../../../data/reference/stdcge_sam.csv", import.meta.url), "utf8");


describe("sam", () => {
  it("accepts the balanced textbook SAMs", () => {
    const s = stdcgeSam();
    expect(s.labels).toHaveLength(10);
    expect(s.sources).toEqual([{ name: "ROW", account: "EXT", tariff: "TRF" }]);
  });

  it("reads an Arquero table the same as a labelled matrix", () => {
    const m = parseSamCsv(csv);
    const t = table({ account: m.labels, ...Object.fromEntries(m.labels.map((c, k) => [c, m.values.map((r) => r[k])])) });
    expect(sam(t, stdcgeAccounts).values).toEqual(sam(m, stdcgeAccounts).values);
  });

  it("names every unbalanced account with its row total, column total and imbalance", () => {
    const m = parseSamCsv(csv);
    const values = m.values.map((r) => r.slice());
    // BRD sells 1.5 more to households than the SAM says: BRD receives too much, HOH pays too much.
    values[m.labels.indexOf("BRD")][m.labels.indexOf("HOH")] += 1.5;
    const info = failure(() => sam({ labels: m.labels, values }, stdcgeAccounts));
    expect(info.kind).toBe("unbalanced-sam");
    if (info.kind !== "unbalanced-sam") return;
    expect(info.accounts.map((a) => a.account)).toEqual(["BRD", "HOH"]);
    expect(info.accounts[0]).toEqual({ account: "BRD", rowTotal: 93.5, columnTotal: 92, imbalance: 1.5 });
    expect(info.accounts[1].imbalance).toBeCloseTo(-1.5, 12);
    expect(info.message).toContain("BRD");
  });

  it("rejects an account without a role and a role without an account", () => {
    expect(failure(() => sam(parseSamCsv(csv), { ...stdcgeAccounts, factors: ["CAP"] })).message).toContain("LAB has no role");
    expect(failure(() => sam(parseSamCsv(csv), { ...stdcgeAccounts, household: "HH" })).message).toContain("HH is not in the SAM");
  });

  it("refuses SAM cells the model has no flow for, naming them", () => {
    const m = parseSamCsv(csv);
    const values = m.values.map((r) => r.slice());
    const at = (x: string) => m.labels.indexOf(x);
    // A government transfer to households (GOV pays HOH 1), balanced by one more unit of direct tax.
    values[at("HOH")][at("GOV")] += 1;
    values[at("GOV")][at("HOH")] += 1;
    const info = failure(() => calibrate(sam({ labels: m.labels, values }, stdcgeAccounts)));
    expect(info.kind).toBe("unsupported-sam-entry");
    if (info.kind === "unsupported-sam-entry") expect(info.cells).toEqual([{ row: "HOH", column: "GOV", value: 1 }]);
  });
});
