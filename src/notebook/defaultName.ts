/** The shipped notebook (in `notebooks/`) a fresh profile opens; the build precompiles its cells. */
export const DEFAULT_NOTEBOOK = "kyrgyzstan-customs-union.caravan.ts";
