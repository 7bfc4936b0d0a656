/**
 * General equilibrium models as data (issue 17): declare sectors, commodities, consumers,
 * taxes and auxiliary constraints (`mge`), solve the complementarity problem (`solveMge`, sparse
 * Newton from 40 unknowns); the textbook standard model from any SAM with one import source or
 * several (`standardModel`, `importsBySource`) and the 1-2-3 model (`model123`) as ready-made examples.
 */
export { mge, type MgeModel, type MgeDeclaration, type Sector, type Consumer, type Flow, type Tax, type Auxiliary, type Linear } from "./model";
export { solveMge, trySolveMge, sparseFrom, type MgeSolveOptions, type MgeSolution } from "./solve";
export { compile, conditions, type Layout, type Plan } from "./equations";
export { standardModel, importsBySource, type StandardModelOptions } from "./standard";
export { model123, closures123, tm123 } from "./mge123";
