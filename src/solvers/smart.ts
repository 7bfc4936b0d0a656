/**
 * SMART, the WITS single-market partial-equilibrium model: one importing market, each
 * product imported from several partners (Armington varieties), tariff changes by
 * product and partner. Trade creation, trade diversion, world price effects, tariff
 * revenue, consumer surplus and welfare by line, product and partner.
 */
import * as aq from "arquero";
import { badInput, badOptionInput, outsideDomain } from "./errors";
import { caseTwins, finite, key, nonNegative, rowTable, rowsOf, type OnProgress, type Rows, type RowTable } from "./input";
import { describe, numberOption, record, type Range } from "./options";

/**
 * Largest substitution elasticity σ accepted, the CGE's bound on its elasticities
 * (`cge/options.ts`): past 50 a 1 % tariff gap moves shares by e^0.5 and more, and the CES
 * weights r^(−σ) overflow for large tariff changes.
 */
export const maxSubstitutionElasticity = 50;

/** One SMART input line: imports of `product` from `partner` and its tariff before and after (percent). */
export interface SmartLine {
  product: string | number;
  partner: string;
  /** Import value at world prices (SMART normalises world prices to 1, so value = quantity). */
  imports: number;
  /** Ad valorem tariff before and after the change, percent. */
  tariff0: number;
  tariff1: number;
  /** Import demand elasticity of this product (< 0); overrides the option. */
  importDemandElasticity?: number;
}

/** Options of `smart` (WITS defaults for the substitution and export supply elasticities). */
export interface SmartOptions {
  /** Import demand elasticity (< 0) for lines without their own. No default: WITS uses product estimates. */
  importDemandElasticity?: number;
  /** Elasticity of substitution between partners, in [0, 50] (default 1.5, WITS; 50 is the CGE's bound). */
  substitutionElasticity?: number;
  /** Export supply elasticity (default 99; WITS reads 99 and above as infinite). */
  exportSupplyElasticity?: number;
  /** Called with the fraction done and a label; must be a function when given (checked before any work). */
  onProgress?: OnProgress;
}

/** Sums of the trade effects, shared by the product and partner views. */
export interface SmartTradeSums {
  imports0: number;
  creation: number;
  diversion: number;
  priceEffect: number;
  totalEffect: number;
  imports1: number;
}

/** One row of `SmartResult.lines`: tariffs in percent, `worldPriceChange` proportional. */
export interface SmartLineResult extends SmartTradeSums {
  product: string;
  partner: string;
  tariff0: number;
  tariff1: number;
  worldPriceChange: number;
  revenueChange: number;
  consumerSurplus: number;
  welfare: number;
}

/** One row of `SmartResult.products`. */
export interface SmartProductResult extends SmartTradeSums {
  product: string;
  revenueChange: number;
  consumerSurplus: number;
  welfare: number;
}

/** One row of `SmartResult.partners`. */
export interface SmartPartnerResult extends SmartTradeSums {
  partner: string;
}

/** Result of `smart`: tables by line, by product and by partner. Values in the unit of `imports`. */
export interface SmartResult {
  /** `product, partner, imports0, tariff0, tariff1, creation, diversion, priceEffect, totalEffect, imports1, worldPriceChange, revenueChange, consumerSurplus, welfare` */
  lines: RowTable<SmartLineResult>;
  /** The same sums per product (diversion sums to 0 within each product). */
  products: RowTable<SmartProductResult>;
  /** Per partner: `partner, imports0, creation, diversion, priceEffect, totalEffect, imports1` (the exporters' view). */
  partners: RowTable<SmartPartnerResult>;
}

interface Line {
  row: number;
  product: string;
  partner: string;
  m: number;
  t0: number;
  t1: number;
  eta: number;
}

/**
 * Runs SMART for tariff changes by product and partner.
 *
 * For product g with imports M_k from partner k, tariffs t0_k → t1_k (fractions), import
 * demand elasticity η < 0, substitution elasticity σ and export supply elasticity ε:
 *
 *     creation   TC_k = η·M_k·(Δt_k/(1+t0_k)) / (1 − η/ε)         (ε ≥ 99: the divisor is 1)
 *     diversion  TD_k = M·(s'_k − s_k),  s'_k = s_k·r_k^(−σ) / Σ_j s_j·r_j^(−σ),  r_k = (1+t1_k)/(1+t0_k)
 *     world price p̂*_k = TC_k / (M_k·ε)                             (0 when ε ≥ 99)
 *     price effect     = (M_k + TC_k + TD_k)·p̂*_k;   total = TC + TD + price effect
 *     revenue    ΔR_k = t1_k·(M_k + TC_k + TD_k)·(1 + p̂*_k) − t0_k·M_k
 *     consumer   ΔCS_k = −Δp_k·M_k − ½·Δp_k·TC_k,  Δp_k = (1+t1_k)(1+p̂*_k) − (1+t0_k)
 *     welfare    ΔW_k = ΔCS_k + ΔR_k
 *
 * M = Σ_k M_k and s_k = M_k/M. Diversion is the CES reallocation of the product's imports
 * at constant total: it sums to zero across partners and a partner never loses more than its
 * existing trade (s'_k ≥ 0); to first order it is the WITS term M·s_k·σ·(Σ_j s_j·r̂_j − r̂_k).
 * Creation is linear in η when supply is infinite. Units: `imports` in any currency unit,
 * tariffs in percent. σ is at most 50 (`maxSubstitutionElasticity`), `onProgress` a function;
 * a result that would hold NaN or ±Infinity (inputs too large for doubles) is refused, never
 * returned. Sources: O. Jammes and M. Olarreaga, "Explaining SMART and GSIM",
 * World Bank, 2005; WITS online help, "SMART theoretical framework" and "Trade effects"
 * (World Bank, 2010); Laird and Yeats (1986) for the creation/diversion split.
 */
export function smart(input: Rows<SmartLine>, options: SmartOptions = {}): SmartResult {
  const o = record(options, "options", ["importDemandElasticity", "substitutionElasticity", "exportSupplyElasticity", "onProgress"], badOptionInput);
  const given = (name: string, fallback: number | undefined, range: Range) =>
    (o[name] === undefined ? fallback : numberOption(o[name], `options.${name}`, range, badOptionInput));
  const sigma = given("substitutionElasticity", 1.5, { min: 0, max: maxSubstitutionElasticity })!;
  const supply = given("exportSupplyElasticity", 99, { above: 0 })!;
  const etaDefault = given("importDemandElasticity", undefined, { max: 0 });
  const infinite = supply >= 99;
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") {
    badOptionInput("options.onProgress", o.onProgress, `must be a function (fraction, label) => void, got ${describe(o.onProgress)}`);
  }

  const rows = rowsOf(input, "lines");
  const products = new Map<string, Line[]>();
  const seen = new Set<string>();
  const partnerTwin = caseTwins("lines", "partner");
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const row = i + 1;
    const product = key(r.product, "lines", row, "product");
    const partner = key(r.partner, "lines", row, "partner");
    partnerTwin(partner, row);
    const pair = `${product}\u0000${partner}`;
    if (seen.has(pair)) badInput("lines", `product ${product} from ${partner} appears twice`, row, "partner");
    seen.add(pair);
    const m = nonNegative(r.imports, "lines", row, "imports");
    const t0 = nonNegative(r.tariff0, "lines", row, "tariff0") / 100;
    const t1 = nonNegative(r.tariff1, "lines", row, "tariff1") / 100;
    const eta = r.importDemandElasticity ?? etaDefault;
    if (eta === undefined) badInput("lines", "no import demand elasticity (set the column or options.importDemandElasticity)", row, "importDemandElasticity");
    if (finite(eta, "lines", row, "importDemandElasticity") > 0) {
      badInput("lines", `import demand elasticity must be ≤ 0, got ${eta}`, row, "importDemandElasticity");
    }
    const list = products.get(product) ?? [];
    list.push({ row, product, partner, m, t0, t1, eta });
    products.set(product, list);
  }

  const cols = ["product", "partner", "imports0", "tariff0", "tariff1", "creation", "diversion", "priceEffect",
    "totalEffect", "imports1", "worldPriceChange", "revenueChange", "consumerSurplus", "welfare"] as const;
  const out = Object.fromEntries(cols.map((c) => [c, [] as unknown[]])) as Record<(typeof cols)[number], unknown[]>;
  let done = 0;
  for (const lines of products.values()) {
    const total = lines.reduce((s, l) => s + l.m, 0);
    let norm = 0;
    const weights = lines.map((l) => {
      const w = total > 0 ? (l.m / total) * ((1 + l.t1) / (1 + l.t0)) ** -sigma : 0;
      norm += w;
      return w;
    });
    let diverted = 0;
    lines.forEach((l, k) => {
      const dt = (l.t1 - l.t0) / (1 + l.t0);
      // `+ 0` turns the −0 of an unchanged tariff into 0.
      const creation = (l.eta * l.m * dt) / (infinite ? 1 : 1 - l.eta / supply) + 0;
      // Diversion moves the product's imports between partners at a constant total; the last
      // partner takes minus the sum of the others, so the product's diversion is exactly 0.
      let diversion = norm > 0 ? total * (weights[k] / norm) - l.m : 0;
      if (k === lines.length - 1 && lines.length > 1) diversion = -diverted;
      diverted += diversion;
      const pw = infinite || l.m === 0 ? 0 : creation / (l.m * supply);
      const quantity = l.m + creation + diversion;
      const priceEffect = quantity * pw;
      const dp = (1 + l.t1) * (1 + pw) - (1 + l.t0);
      const revenue = l.t1 * quantity * (1 + pw) - l.t0 * l.m;
      // SMART's import demand is linear in the tariff (WITS: creation is proportional to η); past the
      // point where it removes all imports it has no meaning (negative imports, a consumer-surplus
      // gain from a tariff rise), so such a line is refused rather than reported.
      const where = `product ${l.product} from ${l.partner} (lines row ${l.row})`;
      const rates = `${(l.t0 * 100).toPrecision(4)} % → ${(l.t1 * 100).toPrecision(4)} %`;
      if (l.m + creation < 0) {
        outsideDomain("imports after trade creation", where, l.m + creation, `the linear import demand (η = ${l.eta}) removes more than all ${l.m} of imports for a tariff change of ${rates}; ` +
          "SMART is valid only while imports stay ≥ 0: use a smaller change or a smaller |η|");
      }
      // The last partner's diversion closes the product's sum, so it carries the sum's rounding.
      if (quantity + priceEffect < -1e-9 * Math.max(total, 1)) {
        outsideDomain("imports1", where, quantity + priceEffect, `creation and diversion together remove more than all ${l.m} of imports (tariff ${rates}); use a smaller change`);
      }
      const cs = -dp * l.m - 0.5 * dp * creation;
      refuseNonFinite({ creation, diversion, priceEffect, worldPriceChange: pw, revenueChange: revenue, consumerSurplus: cs,
        welfare: cs + revenue, imports1: quantity + priceEffect }, where, l.row);
      out.product.push(l.product); out.partner.push(l.partner); out.imports0.push(l.m);
      out.tariff0.push(l.t0 * 100); out.tariff1.push(l.t1 * 100); out.creation.push(creation);
      out.diversion.push(diversion); out.priceEffect.push(priceEffect);
      out.totalEffect.push(creation + diversion + priceEffect); out.imports1.push(quantity + priceEffect);
      out.worldPriceChange.push(pw); out.revenueChange.push(revenue); out.consumerSurplus.push(cs);
      out.welfare.push(cs + revenue);
    });
    done++;
    if (options.onProgress && done % 256 === 0) options.onProgress(done / products.size, `product ${done} of ${products.size}`);
  }
  options.onProgress?.(1, "done");
  const lines = rowTable<SmartLineResult>(out);
  const sums = {
    imports0: aq.op.sum("imports0"), creation: aq.op.sum("creation"), diversion: aq.op.sum("diversion"),
    priceEffect: aq.op.sum("priceEffect"), totalEffect: aq.op.sum("totalEffect"), imports1: aq.op.sum("imports1"),
  };
  const productSums = lines.groupby("product").rollup({ ...sums, revenueChange: aq.op.sum("revenueChange"),
    consumerSurplus: aq.op.sum("consumerSurplus"), welfare: aq.op.sum("welfare") }) as RowTable<SmartProductResult>;
  const partnerSums = lines.groupby("partner").rollup(sums) as RowTable<SmartPartnerResult>;
  refuseNonFiniteSums(productSums, "product");
  refuseNonFiniteSums(partnerSums, "partner");
  return { lines, products: productSums, partners: partnerSums };
}

/** Refuses a line whose effects overflowed (NaN or ±Infinity): the inputs are beyond what doubles can carry. */
function refuseNonFinite(values: Record<string, number>, where: string, row: number): void {
  for (const [name, v] of Object.entries(values)) {
    if (!Number.isFinite(v)) {
      badInput("lines", `${name} of ${where} is ${v}: the imports or tariffs are too large to compute; check their units (imports in one currency unit, tariffs in percent)`, row);
    }
  }
}

/** Refuses a product or partner sum that overflowed although each line was finite. */
function refuseNonFiniteSums(table: aq.ColumnTable, by: "product" | "partner"): void {
  for (const r of table.objects() as Record<string, unknown>[]) {
    for (const [name, v] of Object.entries(r)) {
      if (typeof v === "number" && !Number.isFinite(v)) {
        badInput("lines", `the sum of ${name} for ${by} ${String(r[by])} is ${v}: the imports are too large to add up; use a larger currency unit`);
      }
    }
  }
}
