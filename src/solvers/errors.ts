/**
 * Solver errors as data. Every failure a solver reports is one of the tagged
 * `SolverErrorInfo` values below; `SolverError` only carries it through `throw`.
 * Tell errors apart by `kind` (never `instanceof`): structured cloning across the
 * worker boundary keeps `name` and `message` only, so `toJSON()` gives the plain info.
 */

/** Why a solver refused or failed. Rows are 1-based positions in the input table. */
export type SolverErrorInfo =
  | { kind: "bad-input"; argument: string; row?: number; column?: string; message: string }
  | { kind: "not-converged"; iterations: number; residual: number; worstEquation: string; message: string }
  | { kind: "singular-matrix"; pivot: number; message: string }
  /**
   * A solution exists for the equations as written but lies where the model means nothing
   * (a negative trade flow, a price falling by more than 100 %): the linear approximation
   * has been pushed past its domain. `variable` names the quantity, `where` the row or pair.
   */
  | { kind: "outside-domain"; variable: string; where: string; value: number; message: string };

/** The thrown form of a `SolverErrorInfo`; `info` is the data, `kind` repeats its tag. */
export class SolverError extends Error {
  override readonly name = "SolverError";
  readonly kind: SolverErrorInfo["kind"];
  readonly info: SolverErrorInfo;

  constructor(info: SolverErrorInfo) {
    super(info.message);
    this.kind = info.kind;
    this.info = info;
  }

  toJSON(): SolverErrorInfo {
    return this.info;
  }
}

/** True when `e` is a solver error, judged by its tag so it works after cloning too. */
export function isSolverError(e: unknown): e is SolverError {
  return typeof e === "object" && e !== null && (e as { name?: unknown }).name === "SolverError" &&
    typeof (e as { kind?: unknown }).kind === "string";
}

/** The option check's `fail` for the trade solvers: a `bad-input` error naming the option. */
export function badOptionInput(option: string, _value: unknown, why: string): never {
  throw new SolverError({ kind: "bad-input", argument: option, message: `${option} ${why}` });
}

/** Throws an `outside-domain` error: `variable` at `where` is `value`, and what to try. */
export function outsideDomain(variable: string, where: string, value: number, why: string): never {
  throw new SolverError({ kind: "outside-domain", variable, where, value, message: `${variable} for ${where} is ${value.toPrecision(4)}: ${why}` });
}

/** Throws a `bad-input` error naming the argument and, when given, the 1-based row and column. */
export function badInput(argument: string, message: string, row?: number, column?: string): never {
  const where = row === undefined ? argument : `${argument} row ${row}${column ? ` (${column})` : ""}`;
  throw new SolverError({ kind: "bad-input", argument, row, column, message: `${where}: ${message}` });
}
