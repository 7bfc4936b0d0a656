/**
 * How cells are checked: the kernel worker's globals (es2022 + webworker, no DOM), strict
 * but with untyped parameters allowed, and the builtin modules' paths in the type library.
 */
import ts from "ts5";

/** The lib the cells are checked with. */
export const CELL_LIB = ["lib.es2022.d.ts", "lib.webworker.d.ts"];

/** The options cells are checked with: strict, but untyped parameters are allowed (`any`). */
export const CELL_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: CELL_LIB,
  types: [],
  strict: true,
  noImplicitAny: false,
  skipLibCheck: true,
  esModuleInterop: true,
  allowJs: false,
  noEmit: true,
  paths: {
    "caravan/solvers": ["/caravan/src/solvers/index.d.ts"],
    "caravan/cge": ["/caravan/src/solvers/cge/index.d.ts"],
    "caravan/widgets": ["/caravan/src/display/widgets.d.ts"],
    "caravan/cell-solvers": ["/caravan/workers/ts/cellSolvers.d.ts"],
  },
};
