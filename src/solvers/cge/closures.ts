/**
 * Closures: which variables are fixed and which adjust. Normalised once, here, with
 * errors that name the bad option. Counting rule: the core system is square when one
 * price is fixed (numeraire) and one goods-market condition is dropped (Walras's law);
 * every swap (exchange rate ↔ foreign savings, factor price ↔ endowment, saving rate ↔
 * real investment) trades one unknown for one.
 */
import { describe, numberOption, record, suggestion } from "../options";
import { badOption, optionFail } from "./errors";
import { exogenous, type CgeModel, type Exogenous, type Layout } from "./model";
import { tabulate } from "./doubles";

/** A closure, as given by a user; every field optional. */
export interface ClosureOptions {
  /** A factor name (its price is fixed, e.g. "LAB" as STDCGE), "price-index" (Σ w_i pq_i fixed, as DYNCGE) or "exchange-rate". */
  numeraire?: string;
  /** "savings-driven": investment spends total savings (textbook); "investment-driven": real investment fixed, household saving rate adjusts. */
  investment?: "savings-driven" | "investment-driven";
  /** "flexible": exchange rate adjusts, foreign savings fixed (textbook); "fixed": exchange rate fixed, foreign savings adjust. */
  exchangeRate?: "flexible" | "fixed";
  /** Per factor: "fixed" endowment (textbook) or "flexible" (price fixed, supply adjusts, e.g. unemployed labour). */
  factorSupply?: Readonly<Record<string, "fixed" | "flexible">>;
  /** Value of the numeraire (default 1). Scaling it scales every price (homogeneity). */
  numeraireValue?: number;
}

/** A normalised closure. */
export interface Closure {
  numeraire: { kind: "factor"; factor: number } | { kind: "price-index" } | { kind: "exchange-rate" };
  investment: "savings-driven" | "investment-driven";
  exchangeRate: "flexible" | "fixed";
  flexibleSupply: boolean[];
  numeraireValue: number;
}

/** Checks and completes closure options against the model's factors. */
export function closure(m: Pick<CgeModel, "factors" | "specific">, o: ClosureOptions = {}, base?: Closure): Closure {
  const c: Closure = base ? { ...base, flexibleSupply: base.flexibleSupply.slice() } : {
    numeraire: { kind: "price-index" }, investment: "savings-driven", exchangeRate: "flexible",
    flexibleSupply: m.factors.map(() => false), numeraireValue: 1,
  };
  record(o, "closure", ["numeraire", "investment", "exchangeRate", "factorSupply", "numeraireValue"], optionFail);
  if (o.numeraire !== undefined) {
    if (typeof o.numeraire !== "string") optionFail("closure.numeraire", o.numeraire, `must be "price-index", "exchange-rate" or a factor name, got ${describe(o.numeraire)}`);
    if (o.numeraire === "price-index") c.numeraire = { kind: "price-index" };
    else if (o.numeraire === "exchange-rate") c.numeraire = { kind: "exchange-rate" };
    else {
      const h = m.factors.indexOf(o.numeraire);
      if (h < 0) optionFail("closure.numeraire", o.numeraire, `must be "price-index", "exchange-rate" or a factor (${m.factors.join(", ")}), got '${o.numeraire}'${suggestion(o.numeraire, ["price-index", "exchange-rate", ...m.factors])}`);
      if (m.specific[h]) badOption("numeraire", o.numeraire, "a sector-specific factor has no single price");
      c.numeraire = { kind: "factor", factor: h };
    }
  }
  if (o.investment !== undefined) {
    if (o.investment !== "savings-driven" && o.investment !== "investment-driven") badOption("investment", o.investment, 'expected "savings-driven" or "investment-driven"');
    c.investment = o.investment;
  }
  if (o.exchangeRate !== undefined) {
    if (o.exchangeRate !== "flexible" && o.exchangeRate !== "fixed") badOption("exchangeRate", o.exchangeRate, 'expected "flexible" or "fixed"');
    c.exchangeRate = o.exchangeRate;
  }
  for (const [name, mode] of Object.entries(record(o.factorSupply, "closure.factorSupply", m.factors, optionFail))) {
    const h = m.factors.indexOf(name);
    if (mode !== "fixed" && mode !== "flexible") badOption(`factorSupply.${name}`, mode, 'expected "fixed" or "flexible"');
    if (mode === "flexible" && m.specific[h]) badOption(`factorSupply.${name}`, mode, "sector-specific factors have fixed stocks");
    c.flexibleSupply[h] = mode === "flexible";
  }
  if (o.numeraireValue !== undefined) {
    c.numeraireValue = numberOption(o.numeraireValue, "closure.numeraireValue", { above: 0 }, optionFail);
  }
  if (c.exchangeRate === "fixed" && c.numeraire.kind === "exchange-rate") {
    badOption("exchangeRate", "fixed", "a fixed exchange rate needs another numeraire (a factor or the price index)");
  }
  if (c.numeraire.kind === "factor" && c.flexibleSupply[c.numeraire.factor]) {
    badOption("factorSupply", m.factors[c.numeraire.factor], "the numeraire factor cannot also have a flexible supply");
  }
  return c;
}

/** Sets the fixed values the closure implies (numeraire value, fixed exchange rate and prices) on a copy of `exo`. */
export function fixValues(m: CgeModel, c: Closure, exo: Exogenous): Exogenous {
  const pf = exo.pf.slice();
  if (c.numeraire.kind === "factor") pf[c.numeraire.factor] = m.base.pf[c.numeraire.factor][0] * c.numeraireValue;
  const eps = c.numeraire.kind === "exchange-rate" ? m.base.eps * c.numeraireValue : exo.eps;
  const priceIndex = c.numeraire.kind === "price-index" ? c.numeraireValue : exo.priceIndex;
  return exogenous({ ...exo, pf, eps, priceIndex });
}

/** The core unknowns and conditions for a closure: names, positivity, scales and index maps. */
export function layout(m: CgeModel, c: Closure): Layout {
  const N = m.sectors.length;
  const unknowns: string[] = [];
  const positive: boolean[] = [];
  const scales: number[] = [];
  const add = (name: string, pos: boolean, s: number) => {
    unknowns.push(name);
    positive.push(pos);
    scales.push(Math.abs(s) > 0 ? Math.abs(s) : 1);
    return unknowns.length - 1;
  };
  // Index arrays built by push: one array layout whether or not this code is optimised (see doubles.ts).
  const pd: number[] = [];
  const Z: number[] = [];
  m.sectors.forEach((s, i) => pd.push(add(`pd[${s}]`, true, m.base.pd[i])));
  m.sectors.forEach((s, i) => Z.push(add(`Z[${s}]`, true, m.base.Z[i])));
  const pf: (number | null)[] = [];
  const FF: (number | null)[] = [];
  const pfs: (number | null)[][] = [];
  m.factors.forEach((f, h) => {
    pfs.push(tabulate(N, () => null));
    pf.push(null);
    FF.push(null);
    if (m.specific[h]) {
      m.sectors.forEach((s, j) => {
        if (m.base.F[h][j] > 0) pfs[h][j] = add(`pf[${f},${s}]`, true, m.base.pf[h][j]);
      });
    } else if (c.flexibleSupply[h]) {
      FF[h] = add(`FF[${f}]`, true, m.base.FF[h]);
    } else if (!(c.numeraire.kind === "factor" && c.numeraire.factor === h)) {
      pf[h] = add(`pf[${f}]`, true, m.base.pf[h][0]);
    }
  });
  let eps: number | null = null;
  let Sf: number | null = null;
  if (c.exchangeRate === "fixed") Sf = add("Sf", false, Math.max(Math.abs(m.base.Sf), m.base.M.reduce((a, v) => a + v, 0)));
  else if (c.numeraire.kind !== "exchange-rate") eps = add("epsilon", true, m.base.eps);
  const sspScale = c.investment === "investment-driven" ? add("sspScale", true, 1) : null;

  const dropped = N - 1;
  const equations: string[] = [];
  m.sectors.forEach((s) => equations.push(`eqpzd[${s}]`));
  m.sectors.forEach((s, i) => {
    if (i !== dropped) equations.push(`eqpqd[${s}]`);
  });
  m.factors.forEach((f, h) => {
    if (m.specific[h]) m.sectors.forEach((s, j) => {
      if (pfs[h][j] !== null) equations.push(`eqpf[${f},${s}]`);
    });
    else equations.push(`eqpf[${f}]`);
  });
  equations.push("eqepsilon");
  if (c.numeraire.kind === "price-index") equations.push("eqPRICE");
  if (c.investment === "investment-driven") equations.push("eqSI");
  if (equations.length !== unknowns.length) {
    badOption("closure", JSON.stringify(c), `not square: ${unknowns.length} unknowns, ${equations.length} conditions`);
  }
  return {
    unknowns, positive, scales, equations, pd, Z, pf, FF, pfs, eps, Sf, sspScale,
    investmentDriven: c.investment === "investment-driven",
    priceIndexNumeraire: c.numeraire.kind === "price-index",
    dropped,
  };
}
