// Test fixtures: the textbook SAMs shipped under data/reference (copies of ../shared/reference/cge).
import { readFileSync } from "node:fs";
import { parseSamCsv, sam, type Sam } from "./sam";

const read = (name: string) => readFileSync(new URL(`../../../data/reference/${name}`, import.meta.url), "utf8");

export const stdcgeAccounts = {
  sectors: ["BRD", "MLK"], factors: ["CAP", "LAB"], household: "HOH", government: "GOV", investment: "INV",
  indirectTax: "IDT", restOfWorld: "EXT", tariffs: "TRF",
} as const;

export const dyncgeAccounts = { ...stdcgeAccounts, sectors: ["AGR", "LMN", "HMN", "SRV"] } as const;

/** The STDCGE SAM (GAMS model library STDCGE; Hosoe, Gasawa & Hashimoto 2010, ch. 6). */
export function stdcgeSam(): Sam {
  return sam(parseSamCsv(read("stdcge_sam.csv")), stdcgeAccounts);
}

/** The DYNCGE SAM (GAMS model library DYNCGE, Japan 2005, billion JPY). */
export function dyncgeSam(): Sam {
  return sam(parseSamCsv(read("dyncge_sam.csv")), dyncgeAccounts);
}
