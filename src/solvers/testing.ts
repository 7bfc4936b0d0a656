/** Test helper: runs `fn` and returns the SolverErrorInfo it throws (fails if it throws nothing else). */
import { isSolverError, type SolverErrorInfo } from "./errors";

export function solverErrorOf(fn: () => unknown): SolverErrorInfo {
  try {
    fn();
  } catch (e) {
    if (isSolverError(e)) return e.info;
    throw e;
  }
  throw new Error("expected a SolverError, but nothing was thrown");
}
