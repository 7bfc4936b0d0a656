/** Test helpers: run `fn` and return the error info it throws (failing if it throws nothing, or something else). */
import { isSolverError, type SolverErrorInfo } from "./errors";
import { isCgeError, type CgeErrorInfo } from "./cge/errors";

/** The CgeErrorInfo `fn` throws (the CGE and the model builder report CgeError). */
export function cgeErrorOf(fn: () => unknown): CgeErrorInfo {
  try {
    fn();
  } catch (e) {
    if (isCgeError(e)) return e.info;
    throw e;
  }
  throw new Error("expected a CgeError, but nothing was thrown");
}

/** The SolverErrorInfo `fn` throws. */
export function solverErrorOf(fn: () => unknown): SolverErrorInfo {
  try {
    fn();
  } catch (e) {
    if (isSolverError(e)) return e.info;
    throw e;
  }
  throw new Error("expected a SolverError, but nothing was thrown");
}
