/**
 * Scenarios: policy shocks as plain data, built with a chain that reads like the policy:
 *   scenario().tariff({ source: "ROW", to: cet }).ntb({ source: "CU", cut: 0.25 }).phase(2015, 2019)
 * Rates are fractions (0.1 = 10 %). A scenario is immutable; every method returns a new one.
 * `phase(start, end)` phases every shock in linearly: a fraction (y − start + 1)/(end − start + 1)
 * of the change in year y, clamped to [0, 1] (used by `dynamic`; a static `solve` applies it in full).
 */
import type { ClosureOptions } from "./closures";
import type { PerSector } from "./calibrate";
import { badOption } from "./errors";
import type { CgeModel, Exogenous } from "./model";

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
    return new Scenario([...this.shocks, s], this.phasing, this.closureOptions);
  }

  /** Import tariff rates: `to` a rate (or rates per sector, e.g. a common external tariff) or `scale` them (0 removes them). */
  tariff(o: Target & { to?: PerSector; scale?: number }): Scenario {
    if ((o.to === undefined) === (o.scale === undefined)) badOption("tariff", JSON.stringify(o), "give exactly one of to, scale");
    return this.with({ kind: "tariff", ...o });
  }

  /** Non-tariff ad valorem costs: `to` a rate, or `cut` a fraction of the current rate (0.25 cuts 25 %). */
  ntb(o: Target & { to?: PerSector; cut?: number }): Scenario {
    if ((o.to === undefined) === (o.cut === undefined)) badOption("ntb", JSON.stringify(o), "give exactly one of to, cut");
    return this.with({ kind: "ntb", ...o });
  }

  /** Production tax rates: `to` a rate or `scale`. */
  productionTax(o: { sectors?: readonly string[]; to?: PerSector; scale?: number }): Scenario {
    if ((o.to === undefined) === (o.scale === undefined)) badOption("productionTax", JSON.stringify(o), "give exactly one of to, scale");
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

  /** Real government demand multiplied by `scale` (balanced-budget government). */
  governmentDemand(scale: number): Scenario {
    return this.with({ kind: "government-demand", scale });
  }

  /** Phases every shock in linearly from `start` to `end` (years, inclusive). */
  phase(start: number, end: number): Scenario {
    if (!(Number.isInteger(start) && Number.isInteger(end) && end >= start)) badOption("phase", `${start}–${end}`, "expected whole years with end ≥ start");
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
  if (!names) return m.sectors.map((_, i) => i);
  return names.map((n) => {
    const i = m.sectors.indexOf(n);
    if (i < 0) badOption(option, n, `unknown sector; expected one of ${m.sectors.join(", ")}`);
    return i;
  });
}

function sourcesOf(m: CgeModel, name: string | undefined, option: string): number[] {
  if (name === undefined) return m.sources.map((_, s) => s);
  const s = m.sources.indexOf(name);
  if (s < 0) badOption(option, name, `unknown import source; expected one of ${m.sources.join(", ")}`);
  return [s];
}

function rate(v: PerSector, sector: string, option: string): number {
  const r = typeof v === "number" ? v : v[sector];
  if (r === undefined || !Number.isFinite(r) || r <= -1) badOption(option, r, `needs a rate above −1 for ${sector}`);
  return r;
}

/**
 * Exogenous values after the shocks, moved a `fraction` of the way from `exo` (default 1).
 * Shocks apply in order, each to the result of the previous one.
 */
export function applyShocks(m: CgeModel, exo: Exogenous, shocks: readonly Shock[], fraction = 1): Exogenous {
  const t: Exogenous = {
    ...exo,
    taum: exo.taum.map((r) => r.slice()), ntb: exo.ntb.map((r) => r.slice()), tauz: exo.tauz.slice(),
    pWe: exo.pWe.slice(), pWm: exo.pWm.map((r) => r.slice()), FF: exo.FF.slice(), FFs: exo.FFs.map((r) => r.slice()),
    Xg: exo.Xg.slice(),
  };
  for (const s of shocks) {
    switch (s.kind) {
      case "tariff":
        for (const k of sourcesOf(m, s.source, "tariff.source")) for (const i of sectorsOf(m, s.sectors, "tariff.sectors")) {
          t.taum[k][i] = s.to !== undefined ? rate(s.to, m.sectors[i], "tariff.to") : t.taum[k][i] * s.scale!;
        }
        break;
      case "ntb":
        for (const k of sourcesOf(m, s.source, "ntb.source")) for (const i of sectorsOf(m, s.sectors, "ntb.sectors")) {
          t.ntb[k][i] = s.to !== undefined ? rate(s.to, m.sectors[i], "ntb.to") : t.ntb[k][i] * (1 - s.cut!);
        }
        break;
      case "production-tax":
        for (const i of sectorsOf(m, s.sectors, "productionTax.sectors")) {
          t.tauz[i] = s.to !== undefined ? rate(s.to, m.sectors[i], "productionTax.to") : t.tauz[i] * s.scale!;
        }
        break;
      case "world-price":
        for (const i of sectorsOf(m, s.sectors, "worldPrice.sectors")) {
          if (s.side === "exports") t.pWe[i] *= s.scale;
          else for (const k of sourcesOf(m, s.source, "worldPrice.source")) t.pWm[k][i] *= s.scale;
        }
        break;
      case "foreign-savings":
        t.Sf *= s.scale;
        break;
      case "factor-supply": {
        const h = m.factors.indexOf(s.factor);
        if (h < 0) badOption("factorSupply", s.factor, `unknown factor; expected one of ${m.factors.join(", ")}`);
        t.FF[h] *= s.scale;
        t.FFs[h] = t.FFs[h].map((v) => v * s.scale);
        break;
      }
      case "government-demand":
        t.Xg = t.Xg.map((v) => v * s.scale);
        break;
      default: {
        const never: never = s;
        badOption("shock", JSON.stringify(never), "unknown kind");
      }
    }
  }
  if (fraction === 1) return t;
  const mix = (a: number, b: number) => a + fraction * (b - a);
  const mix1 = (a: number[], b: number[]) => a.map((v, i) => mix(v, b[i]));
  const mix2 = (a: number[][], b: number[][]) => a.map((r, i) => mix1(r, b[i]));
  return {
    ...t,
    taum: mix2(exo.taum, t.taum), ntb: mix2(exo.ntb, t.ntb), tauz: mix1(exo.tauz, t.tauz), pWe: mix1(exo.pWe, t.pWe),
    pWm: mix2(exo.pWm, t.pWm), FF: mix1(exo.FF, t.FF), FFs: mix2(exo.FFs, t.FFs), Xg: mix1(exo.Xg, t.Xg), Sf: mix(exo.Sf, t.Sf),
  };
}
