/**
 * Scenarios: policy shocks as plain data, built with a chain that reads like the policy:
 *   scenario().tariff({ source: "ROW", to: cet }).ntb({ source: "CU", cut: 0.25 }).phase(2015, 2019)
 * Rates are fractions (0.1 = 10 %). A scenario is immutable; every method returns a new one.
 * `phase(start, end)` phases every shock in linearly: a fraction (y − start + 1)/(end − start + 1)
 * of the change in year y, clamped to [0, 1] (used by `dynamic`; a static `solve` applies it in full).
 */
import type { Closure, ClosureOptions } from "./closures";
import type { PerSector } from "./calibrate";
import { badOption, optionFail } from "./errors";
import { describe, keyword, member, numberOption, rangeText, record, type Range } from "../options";
import { ntbRange, rateRange } from "./options";
import { exogenous, type CgeModel, type Exogenous } from "./model";
import { doubles, doublesOf, rows, tabulate } from "./doubles";

/** Which sectors and source a shock touches (all when omitted). */
export interface Target {
  source?: string;
  sectors?: readonly string[];
}

/** One shock; `to` sets a level, `scale` multiplies, `cut` removes a fraction. */
export type Shock =
  | { kind: "tariff"; source?: string; sectors?: readonly string[]; to?: PerSector; scale?: number }
  | { kind: "ntb"; source?: string; sectors?: readonly string[]; to?: PerSector; cut?: number }
  | { kind: "production-tax"; sectors?: readonly string[]; to?: PerSector; scale?: number }
  | { kind: "world-price"; source?: string; sectors?: readonly string[]; side: "imports" | "exports"; scale: number }
  | { kind: "foreign-savings"; scale: number }
  | { kind: "factor-supply"; factor: string; scale: number }
  | { kind: "government-demand"; scale: number };

/** A scenario: shocks, an optional phase-in window and closure overrides. */
export class Scenario {
  readonly kind = "cge-scenario";
  constructor(
    readonly shocks: readonly Shock[] = [],
    readonly phasing: { start: number; end: number } | null = null,
    readonly closureOptions: ClosureOptions | null = null,
  ) {}

  private with(s: Shock): Scenario {
    return new Scenario([...this.shocks, checkShock(s, this.shocks.length)], this.phasing, this.closureOptions);
  }

  /**
   * Import tariff rates: `to` a rate (or rates per sector, e.g. a common external tariff) or `scale`
   * them (0 removes them; ≥ 0). Rates after the shock must lie in (−1, 10] (above −100 %, at most 1000 %).
   */
  tariff(o: Target & { to?: PerSector; scale?: number }): Scenario {
    return this.with({ kind: "tariff", ...o });
  }

  /** Non-tariff ad valorem costs: `to` a rate, or `cut` a fraction of the current rate (0.25 cuts 25 %). */
  ntb(o: Target & { to?: PerSector; cut?: number }): Scenario {
    return this.with({ kind: "ntb", ...o });
  }

  /** Production tax rates: `to` a rate or `scale`. */
  productionTax(o: { sectors?: readonly string[]; to?: PerSector; scale?: number }): Scenario {
    return this.with({ kind: "production-tax", ...o });
  }

  /** World (foreign-currency) prices of imports or exports, multiplied by `scale`. */
  worldPrice(o: Target & { side: "imports" | "exports"; scale: number }): Scenario {
    return this.with({ kind: "world-price", ...o });
  }

  /** Foreign savings (capital inflow, foreign currency), multiplied by `scale`. */
  foreignSavings(scale: number): Scenario {
    return this.with({ kind: "foreign-savings", scale });
  }

  /** A factor endowment multiplied by `scale` (every sector's stock, for specific factors). */
  factorSupply(factor: string, scale: number): Scenario {
    return this.with({ kind: "factor-supply", factor, scale });
  }

  /**
   * Real government demand multiplied by `scale`. Only a model calibrated with
   * `government: "balanced-budget"` (as `dynamicModel`) has exogenous real government demand;
   * under "fixed-tax-rates" spending is a fixed share of revenue, and `solve` refuses the shock.
   */
  governmentDemand(scale: number): Scenario {
    return this.with({ kind: "government-demand", scale });
  }

  /**
   * Phases every shock in linearly from `start` to `end` (years, inclusive). `simulate` and
   * `dynamic` refuse a window wholly outside the model's years (`startYear` to
   * `startYear + periods − 1`); a static `solve` applies the shocks in full.
   */
  phase(start: number, end: number): Scenario {
    numberOption(start, "phase.start", { integer: true }, optionFail);
    numberOption(end, "phase.end", { integer: true, min: start }, optionFail);
    return new Scenario(this.shocks, { start, end }, this.closureOptions);
  }

  /** Overrides the model's closure for this scenario. */
  closure(o: ClosureOptions): Scenario {
    return new Scenario(this.shocks, this.phasing, { ...this.closureOptions, ...o });
  }
}

/** A scenario as plain data (what survives structured cloning); every `Scenario` is one. */
export type ScenarioData = Pick<Scenario, "shocks" | "phasing" | "closureOptions">;

/** An empty scenario to chain shocks onto. */
export function scenario(): Scenario {
  return new Scenario();
}

/** The share of each shock applied in `year` under the scenario's phasing (1 without phasing). */
export function phaseFraction(s: Pick<ScenarioData, "phasing">, year: number): number {
  if (!s.phasing) return 1;
  const { start, end } = s.phasing;
  return Math.min(1, Math.max(0, (year - start + 1) / (end - start + 1)));
}

function sectorsOf(m: CgeModel, names: readonly string[] | undefined, option: string): number[] {
  if (!names) return tabulate(m.sectors.length, (i) => i);
  return names.map((n, k) => m.sectors.indexOf(member(n, `${option}[${k}]`, m.sectors, "sector", optionFail)));
}

function sourcesOf(m: CgeModel, name: string | undefined, option: string): number[] {
  if (name === undefined) return tabulate(m.sources.length, (s) => s);
  return [m.sources.indexOf(member(name, option, m.sources, "import source", optionFail))];
}

/** The rate `to` sets for `sector`: a per-sector map must name only the model's sectors and every targeted one. */
function rate(v: PerSector, m: CgeModel, sector: string, option: string): number {
  if (typeof v === "number") return v;
  for (const k of Object.keys(v)) member(k, option, m.sectors, "sector", optionFail);
  if (v[sector] === undefined) optionFail(`${option}.${sector}`, undefined, `is missing: the shock targets ${sector} but gives it no rate`);
  return v[sector];
}

/** Whether a rate after a shock lies in `range` (and is finite). */
function inRange(value: number, range: Range): boolean {
  return Number.isFinite(value) && (range.above === undefined || value > range.above) && (range.min === undefined || value >= range.min) &&
    (range.max === undefined || value <= range.max);
}

/** Refuses a rate after a shock that is out of its range, naming the shock, source and sector (`where`) and how it came about. */
function outOfRange(value: number, option: string, where: string, range: Range, how: string): never {
  return optionFail(option, value, `would set the rate ${where} to ${(value * 100).toPrecision(4)} % (${how}); rates must be ${rangeText(range)} (as fractions)`);
}

/*
 * One function per kind of shock, each changing `t` (a copy): small functions, so that a sweep's
 * worker optimises only the kinds it meets, and error messages are written only for an error.
 */

/** Where an import rate applies, for error messages. */
function importsOf(m: CgeModel, k: number, i: number): string {
  return `on ${m.sources[k]} imports of ${m.sectors[i]}`;
}

function applyTariff(m: CgeModel, t: Exogenous, s: Extract<Shock, { kind: "tariff" }>): void {
  for (const k of sourcesOf(m, s.source, "tariff.source")) {
    const sectors = sectorsOf(m, s.sectors, "tariff.sectors");
    for (let a = 0; a < sectors.length; a++) {
      const i = sectors[a];
      if (s.to !== undefined) {
        const v = rate(s.to, m, m.sectors[i], "tariff.to");
        t.taum[k][i] = inRange(v, rateRange) ? v : outOfRange(v, "tariff.to", importsOf(m, k, i), rateRange, "as given");
      } else {
        const v = t.taum[k][i] * s.scale!;
        t.taum[k][i] = inRange(v, rateRange) ? v : outOfRange(v, "tariff.scale", importsOf(m, k, i), rateRange, `${s.scale} × ${(t.taum[k][i] * 100).toPrecision(4)} %`);
      }
    }
  }
}

function applyNtb(m: CgeModel, t: Exogenous, s: Extract<Shock, { kind: "ntb" }>): void {
  for (const k of sourcesOf(m, s.source, "ntb.source")) {
    const sectors = sectorsOf(m, s.sectors, "ntb.sectors");
    for (let a = 0; a < sectors.length; a++) {
      const i = sectors[a];
      if (s.to !== undefined) {
        const v = rate(s.to, m, m.sectors[i], "ntb.to");
        t.ntb[k][i] = inRange(v, ntbRange) ? v : outOfRange(v, "ntb.to", importsOf(m, k, i), ntbRange, "as given");
      } else {
        t.ntb[k][i] = t.ntb[k][i] * (1 - s.cut!);
      }
    }
  }
}

function applyProductionTax(m: CgeModel, t: Exogenous, s: Extract<Shock, { kind: "production-tax" }>): void {
  for (const i of sectorsOf(m, s.sectors, "productionTax.sectors")) {
    const where = () => `on ${m.sectors[i]} output`;
    if (s.to !== undefined) {
      const v = rate(s.to, m, m.sectors[i], "productionTax.to");
      t.tauz[i] = inRange(v, rateRange) ? v : outOfRange(v, "productionTax.to", where(), rateRange, "as given");
    } else {
      const v = t.tauz[i] * s.scale!;
      t.tauz[i] = inRange(v, rateRange) ? v : outOfRange(v, "productionTax.scale", where(), rateRange, `${s.scale} × ${(t.tauz[i] * 100).toPrecision(4)} %`);
    }
  }
}

function applyWorldPrice(m: CgeModel, t: Exogenous, s: Extract<Shock, { kind: "world-price" }>): void {
  for (const i of sectorsOf(m, s.sectors, "worldPrice.sectors")) {
    if (s.side === "exports") t.pWe[i] *= s.scale;
    else for (const k of sourcesOf(m, s.source, "worldPrice.source")) t.pWm[k][i] *= s.scale;
  }
}

function applyFactorSupply(m: CgeModel, t: Exogenous, s: Extract<Shock, { kind: "factor-supply" }>): void {
  const h = m.factors.indexOf(member(s.factor, "factorSupply.factor", m.factors, "factor", optionFail));
  t.FF[h] *= s.scale;
  const stocks = t.FFs[h];
  t.FFs[h] = doublesOf(stocks.length, (j) => stocks[j] * s.scale);
}

/** Why shock `s` would have no effect on model `m` under closure `c` (the fix included), or null when it acts. */
function inertUnder(m: Pick<CgeModel, "government" | "factors">, c: Closure, s: Shock): { option: string; value: unknown; why: string } | null {
  switch (s.kind) {
    case "government-demand":
      return m.government === "balanced-budget" ? null : {
        option: "governmentDemand", value: s.scale,
        why: `has no effect on a model calibrated with government "${m.government}" (government spending is a fixed share of tax revenue there); ` +
          `it needs real government demand fixed: calibrate with government: "balanced-budget"`,
      };
    case "foreign-savings":
      return c.exchangeRate !== "fixed" ? null : {
        option: "foreignSavings", value: s.scale,
        why: `has no effect under the closure exchangeRate "fixed" (foreign savings adjust to hold the exchange rate); it needs exchangeRate: "flexible"`,
      };
    case "factor-supply": {
      const h = m.factors.indexOf(s.factor);
      return h < 0 || !c.flexibleSupply[h] ? null : {
        option: "factorSupply", value: s.factor,
        why: `('${s.factor}', ${s.scale}) has no effect under the closure factorSupply {${s.factor}: "flexible"} (its price is fixed and its supply adjusts); ` +
          `it needs factorSupply: {${s.factor}: "fixed"}`,
      };
    }
    default:
      return null;
  }
}

/**
 * Refuses (`bad-option`, naming the shock and the closure or government rule it needs) any shock
 * that model `m` under closure `c` would silently ignore: `governmentDemand` without a balanced-budget
 * government, `foreignSavings` with a fixed exchange rate (foreign savings are then endogenous),
 * `factorSupply` for a factor whose supply the closure makes flexible.
 */
export function refuseInertShocks(m: Pick<CgeModel, "government" | "factors">, c: Closure, shocks: readonly Shock[]): void {
  shocks.forEach((x, k) => {
    const inert = inertUnder(m, c, checkShock(x, k));
    if (inert) optionFail(inert.option, inert.value, inert.why);
  });
}

/** Shock `s` applied to `t` (a copy, changed in place). */
function applyShock(m: CgeModel, t: Exogenous, s: Shock): void {
  switch (s.kind) {
    case "tariff":
      return applyTariff(m, t, s);
    case "ntb":
      return applyNtb(m, t, s);
    case "production-tax":
      return applyProductionTax(m, t, s);
    case "world-price":
      return applyWorldPrice(m, t, s);
    case "foreign-savings":
      t.Sf *= s.scale;
      return;
    case "factor-supply":
      return applyFactorSupply(m, t, s);
    case "government-demand": {
      const xg = t.Xg;
      t.Xg = doublesOf(xg.length, (i) => xg[i] * s.scale);
      return;
    }
    default: {
      const never: never = s;
      badOption("shock", JSON.stringify(never), "unknown kind");
    }
  }
}

/**
 * Exogenous values after the shocks, moved a `fraction` of the way from `exo` (default 1).
 * Shocks apply in order, each to the result of the previous one.
 */
export function applyShocks(m: CgeModel, exo: Exogenous, shocks: readonly Shock[], fraction = 1): Exogenous {
  const t = exogenous({
    ...exo,
    // Copies in one array layout whatever the values (see doubles.ts).
    taum: rows(exo.taum), ntb: rows(exo.ntb), tauz: doubles(exo.tauz),
    pWe: doubles(exo.pWe), pWm: rows(exo.pWm), FF: doubles(exo.FF), FFs: rows(exo.FFs),
    Xg: doubles(exo.Xg),
  });
  shocks.forEach((x, k) => checkShock(x, k));
  for (const s of shocks) applyShock(m, t, s);
  if (fraction === 1) return t;
  const mix = (a: number, b: number) => a + fraction * (b - a);
  const mix1 = (a: number[], b: number[]) => doublesOf(a.length, (i) => mix(a[i], b[i]));
  const mix2 = (a: number[][], b: number[][]) => tabulate(a.length, (i) => mix1(a[i], b[i]));
  return exogenous({
    ...t,
    taum: mix2(exo.taum, t.taum), ntb: mix2(exo.ntb, t.ntb), tauz: mix1(exo.tauz, t.tauz), pWe: mix1(exo.pWe, t.pWe),
    pWm: mix2(exo.pWm, t.pWm), FF: mix1(exo.FF, t.FF), FFs: mix2(exo.FFs, t.FFs), Xg: mix1(exo.Xg, t.Xg), Sf: mix(exo.Sf, t.Sf),
  });
}

const shockKeys: Record<Shock["kind"], readonly string[]> = {
  "tariff": ["kind", "source", "sectors", "to", "scale"],
  "ntb": ["kind", "source", "sectors", "to", "cut"],
  "production-tax": ["kind", "sectors", "to", "scale"],
  "world-price": ["kind", "source", "sectors", "side", "scale"],
  "foreign-savings": ["kind", "scale"],
  "factor-supply": ["kind", "factor", "scale"],
  "government-demand": ["kind", "scale"],
};

const methodName: Record<Shock["kind"], string> = {
  "tariff": "tariff", "ntb": "ntb", "production-tax": "productionTax", "world-price": "worldPrice",
  "foreign-savings": "foreignSavings", "factor-supply": "factorSupply", "government-demand": "governmentDemand",
};

/**
 * Checks one shock's keys and types, before any model is at hand (names are checked when
 * the shock is applied). Ranges: tariff and production-tax `scale` ≥ 0 (a negative scale
 * would turn every tariff into a subsidy: set a subsidy with `to`), `to` rates in `rateRange`,
 * NTB `cut` in [0, 1], world-price and factor-supply `scale` > 0, government-demand `scale` ≥ 0,
 * foreign-savings `scale` any finite number (a capital outflow is a negative inflow).
 */
export function checkShock(shock: unknown, index = 0): Shock {
  if (typeof shock !== "object" || shock === null) return optionFail(`shocks[${index}]`, shock, "must be a shock object");
  const kind = keyword((shock as { kind?: unknown }).kind, `shocks[${index}].kind`, Object.keys(shockKeys) as Shock["kind"][], optionFail);
  const name = methodName[kind];
  const o = record(shock, name, shockKeys[kind], optionFail) as Record<string, unknown>;
  if (o.source !== undefined && typeof o.source !== "string") optionFail(`${name}.source`, o.source, "must be an import source name");
  if (o.sectors !== undefined && !Array.isArray(o.sectors)) optionFail(`${name}.sectors`, o.sectors, "must be an array of sector names");
  const exactlyOne = (a: string, b: string) => {
    if ((o[a] === undefined) === (o[b] === undefined)) optionFail(name, JSON.stringify(shock), `give exactly one of ${a}, ${b}`);
  };
  const perSector = (option: string, range: Range) => {
    const v = o.to;
    if (typeof v === "number") numberOption(v, option, range, optionFail);
    else if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) numberOption(x, `${option}.${k}`, range, optionFail);
    } else optionFail(option, v, `must be a rate or an object with a rate per sector, got ${describe(v)}`);
  };
  switch (kind) {
    case "tariff":
    case "production-tax":
      exactlyOne("to", "scale");
      if (o.to !== undefined) perSector(`${name}.to`, rateRange);
      else numberOption(o.scale, `${name}.scale`, { min: 0 }, optionFail);
      break;
    case "ntb":
      exactlyOne("to", "cut");
      if (o.to !== undefined) perSector("ntb.to", ntbRange);
      else numberOption(o.cut, "ntb.cut", { min: 0, max: 1 }, optionFail);
      break;
    case "world-price":
      keyword(o.side, "worldPrice.side", ["imports", "exports"], optionFail);
      numberOption(o.scale, "worldPrice.scale", { above: 0 }, optionFail);
      break;
    case "foreign-savings":
      numberOption(o.scale, "foreignSavings", {}, optionFail);
      break;
    case "factor-supply":
      if (typeof o.factor !== "string") optionFail("factorSupply.factor", o.factor, "must be a factor name");
      numberOption(o.scale, "factorSupply.scale", { above: 0 }, optionFail);
      break;
    case "government-demand":
      numberOption(o.scale, "governmentDemand", { min: 0 }, optionFail);
      break;
  }
  return shock as Shock;
}
