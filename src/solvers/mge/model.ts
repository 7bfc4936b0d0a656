/**
 * General equilibrium models as data, in the manner of MPSGE (Rutherford 1999): sectors with a
 * CES input nest and a CET output nest, commodities, consumers with endowments and CES demand,
 * taxes on any input or output paid to a consumer, and auxiliary variables with linear
 * constraints (replacement taxes, a rigid real wage with unemployment). `mge()` checks a
 * declaration and names whatever is wrong; `compile` (equations.ts) turns it into a square
 * mixed complementarity problem. Plain data throughout: a model survives structured cloning.
 *
 * Limits of this version: one nesting level per sector (inputs under one σ, outputs under one
 * t) and per consumer; auxiliary constraints are linear in the model's variables.
 */
import { CgeError } from "../cge/errors";
import { describe, member, numberOption, record } from "../options";
import { optionFail } from "../cge/errors";

/** A number, or `constant + coefficient·aux` (an endowment or tax rate that moves with an auxiliary variable). */
export type Linear = number | { constant?: number; aux: string; coefficient?: number };

/** A tax paid on an input or output, at `rate` (ad valorem), to `agent`. */
export interface Tax {
  rate: Linear;
  agent: string;
}

/** One input or output of a sector at its reference quantity (per unit of activity) and reference price. */
export interface Flow {
  commodity: string;
  quantity: number;
  /** Reference price: tax-inclusive for an input (1 + t0), net of tax for an output (1 − t0); default 1. */
  price?: number;
  taxes?: readonly Tax[];
}

/** A production sector: activity level Y ≥ 0, inputs under a CES with elasticity `s`, outputs under a CET with elasticity `t`. */
export interface Sector {
  name: string;
  inputs: readonly Flow[];
  outputs: readonly Flow[];
  s?: number;
  t?: number;
}

/** A consumer: income from endowments and taxes, spent on `demands` under a CES with elasticity `s`. */
export interface Consumer {
  name: string;
  demands: readonly { commodity: string; quantity: number; price?: number }[];
  endowments: readonly { commodity: string; quantity: Linear }[];
  s?: number;
}

/**
 * An auxiliary variable and its constraint Σ coefficient·variable ≥ 0 (⊥ aux ≥ 0 when `lower` is
 * 0) or = 0 (aux free, the default). Variables are sector, commodity, consumer or aux names.
 */
export interface Auxiliary {
  name: string;
  constraint: Readonly<Record<string, number>>;
  lower?: 0;
  /** Benchmark value (default 0). */
  benchmark?: number;
}

/** A declared model. */
export interface MgeModel {
  kind: "mge-model";
  commodities: string[];
  sectors: Sector[];
  consumers: Consumer[];
  auxiliaries: Auxiliary[];
}

/** The declaration `mge` accepts. */
export interface MgeDeclaration {
  commodities: readonly string[];
  sectors: readonly Sector[];
  consumers: readonly Consumer[];
  auxiliaries?: readonly Auxiliary[];
}

const elasticity = { min: 0, max: 50 };

/** `value` as an array (undefined as [] when `optional`); otherwise a `bad-option` naming `path` and saying a list is expected. */
function list<T>(value: readonly T[] | undefined, path: string, what: string, optional = false): readonly T[] {
  if (value === undefined && optional) return [];
  if (!Array.isArray(value)) optionFail(path, value, `must be an array of ${what}, got ${describe(value)}`);
  return value;
}

/**
 * Checks a declaration: names unique, every flow's commodity, tax agent and aux declared,
 * quantities finite and positive, reference prices positive, elasticities in [0, 50].
 * Throws `CgeError` `bad-option` naming the path (e.g. `sectors.Y.inputs[1].taxes[0].agent`); a
 * missing or non-array `commodities`, `sectors`, `consumers`, inputs, outputs, demands or
 * endowments is one too (`consumers must be an array of consumers, got undefined`).
 */
export function mge(d: MgeDeclaration): MgeModel {
  if (d === undefined) optionFail("model", d, "must be an object with commodities, sectors and consumers, got undefined");
  record(d, "model", ["commodities", "sectors", "consumers", "auxiliaries"], optionFail);
  const commodities = [...list(d.commodities, "commodities", "commodity names")];
  const consumers = list(d.consumers, "consumers", "consumers").map((c) => c.name);
  const auxes = list(d.auxiliaries, "auxiliaries", "auxiliaries", true).map((a) => a.name);
  const names = [...commodities, ...list(d.sectors, "sectors", "sectors").map((s) => s.name), ...consumers, ...auxes];
  const seen = new Set<string>();
  for (const n of names) {
    if (typeof n !== "string" || n === "") optionFail("model", n, "every commodity, sector, consumer and auxiliary needs a name");
    if (seen.has(n)) optionFail("model", n, `the name '${n}' is declared twice`);
    seen.add(n);
  }
  const linear = (v: Linear, path: string) => {
    if (typeof v === "number") return numberOption(v, path, {}, optionFail);
    record(v, path, ["constant", "aux", "coefficient"], optionFail);
    member(v.aux, `${path}.aux`, auxes, "auxiliary variable", optionFail);
    if (v.constant !== undefined) numberOption(v.constant, `${path}.constant`, {}, optionFail);
    if (v.coefficient !== undefined) numberOption(v.coefficient, `${path}.coefficient`, {}, optionFail);
  };
  const flow = (f: Flow, path: string) => {
    record(f, path, ["commodity", "quantity", "price", "taxes"], optionFail);
    member(f.commodity, `${path}.commodity`, commodities, "commodity", optionFail);
    numberOption(f.quantity, `${path}.quantity`, { above: 0 }, optionFail);
    if (f.price !== undefined) numberOption(f.price, `${path}.price`, { above: 0 }, optionFail);
    (f.taxes ?? []).forEach((t, k) => {
      record(t, `${path}.taxes[${k}]`, ["rate", "agent"], optionFail);
      member(t.agent, `${path}.taxes[${k}].agent`, consumers, "consumer", optionFail);
      linear(t.rate, `${path}.taxes[${k}].rate`);
    });
  };
  for (const s of d.sectors) {
    const p = `sectors.${s.name}`;
    record(s, p, ["name", "inputs", "outputs", "s", "t"], optionFail);
    list(s.inputs, `${p}.inputs`, "flows");
    list(s.outputs, `${p}.outputs`, "flows");
    if (s.inputs.length === 0 || s.outputs.length === 0) optionFail(p, s.name, "needs at least one input and one output");
    s.inputs.forEach((f, k) => flow(f, `${p}.inputs[${k}]`));
    s.outputs.forEach((f, k) => flow(f, `${p}.outputs[${k}]`));
    if (s.s !== undefined) numberOption(s.s, `${p}.s`, elasticity, optionFail);
    if (s.t !== undefined) numberOption(s.t, `${p}.t`, elasticity, optionFail);
  }
  for (const c of d.consumers) {
    const p = `consumers.${c.name}`;
    record(c, p, ["name", "demands", "endowments", "s"], optionFail);
    list(c.demands, `${p}.demands`, "demands");
    list(c.endowments, `${p}.endowments`, "endowments");
    if (c.demands.length === 0) optionFail(p, c.name, "needs at least one demand");
    c.demands.forEach((x, k) => {
      member(x.commodity, `${p}.demands[${k}].commodity`, commodities, "commodity", optionFail);
      numberOption(x.quantity, `${p}.demands[${k}].quantity`, { above: 0 }, optionFail);
      if (x.price !== undefined) numberOption(x.price, `${p}.demands[${k}].price`, { above: 0 }, optionFail);
    });
    c.endowments.forEach((e, k) => {
      member(e.commodity, `${p}.endowments[${k}].commodity`, commodities, "commodity", optionFail);
      linear(e.quantity, `${p}.endowments[${k}].quantity`);
    });
    if (c.s !== undefined) numberOption(c.s, `${p}.s`, elasticity, optionFail);
  }
  for (const a of d.auxiliaries ?? []) {
    const p = `auxiliaries.${a.name}`;
    record(a, p, ["name", "constraint", "lower", "benchmark"], optionFail);
    for (const [v, c] of Object.entries(a.constraint)) {
      member(v, `${p}.constraint`, names, "variable", optionFail);
      numberOption(c, `${p}.constraint.${v}`, {}, optionFail);
    }
    if (a.lower !== undefined && a.lower !== 0) optionFail(`${p}.lower`, a.lower, "must be 0 or omitted (free)");
  }
  if (commodities.length === 0) throw new CgeError({ kind: "bad-option", option: "commodities", value: 0, message: "a model needs commodities" });
  return {
    kind: "mge-model", commodities, sectors: d.sectors.map((s) => ({ ...s })), consumers: d.consumers.map((c) => ({ ...c })),
    auxiliaries: (d.auxiliaries ?? []).map((a) => ({ ...a })),
  };
}
