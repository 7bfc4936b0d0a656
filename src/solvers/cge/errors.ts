/**
 * CGE failures as data. Every failure is one of the tagged `CgeErrorInfo` values;
 * `CgeError` only carries one through `throw`. Tell them apart by `kind`, never by
 * `instanceof`: structured cloning across the worker boundary keeps plain data only.
 */

/** One account whose row total (receipts) differs from its column total (payments). */
export interface Imbalance {
  account: string;
  rowTotal: number;
  columnTotal: number;
  /** rowTotal − columnTotal, in SAM units. */
  imbalance: number;
}

/** One equation and its residual (left side minus right side, in the equation's own units). */
export interface EquationResidual {
  name: string;
  residual: number;
}

/** Why a CGE step refused or failed. */
export type CgeErrorInfo =
  | { kind: "unbalanced-sam"; accounts: Imbalance[]; message: string }
  | { kind: "bad-sam"; message: string; account?: string }
  | { kind: "unsupported-sam-entry"; cells: { row: string; column: string; value: number }[]; message: string }
  | { kind: "bad-option"; option: string; value: unknown; message: string }
  | { kind: "not-converged"; iterations: number; residual: number; worstEquations: EquationResidual[]; message: string }
  | { kind: "singular-jacobian"; iterations: number; unknown: string; message: string }
  /** SAM cells whose sign the model cannot read (a negative factor payment, negative exports…), each named. */
  | { kind: "negative-sam-entry"; cells: { row: string; column: string; value: number; flow: string }[]; message: string }
  /** A solution whose prices or quantities are negative or zero: the equations hold but mean nothing. */
  | { kind: "outside-domain"; variable: string; value: number; scenario: string; message: string };

/** The thrown form of a `CgeErrorInfo`; `info` is the data and `kind` repeats its tag. */
export class CgeError extends Error {
  override readonly name = "CgeError";
  readonly kind: CgeErrorInfo["kind"];
  readonly info: CgeErrorInfo;

  constructor(info: CgeErrorInfo) {
    super(info.message);
    this.kind = info.kind;
    this.info = info;
  }

  toJSON(): CgeErrorInfo {
    return this.info;
  }
}

/** True when `e` is a CGE error, judged by its tag so it also works on cloned values. */
export function isCgeError(e: unknown): e is CgeError {
  return typeof e === "object" && e !== null && (e as { name?: unknown }).name === "CgeError" &&
    typeof (e as { kind?: unknown }).kind === "string";
}

/** A value safe to put in error data (survives structured cloning): primitives as they are, others as text. */
function plain(value: unknown): unknown {
  return value === null || ["string", "number", "boolean", "undefined"].includes(typeof value) ? value : JSON.stringify(value) ?? String(value);
}

/** The option check's `fail` for the CGE: a `bad-option` error reading "<option> <why>". */
export function optionFail(option: string, value: unknown, why: string): never {
  throw new CgeError({ kind: "bad-option", option, value: plain(value), message: `${option} ${why}` });
}

/** Throws a `bad-option` error naming the option and the value it got. */
export function badOption(option: string, value: unknown, why: string): never {
  throw new CgeError({ kind: "bad-option", option, value: plain(value), message: `invalid ${option}: ${String(value)} (${why})` });
}
