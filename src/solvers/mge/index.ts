/**
 * General equilibrium models as data (issue 17): declare sectors, commodities, consumers,
 * taxes and auxiliary constraints (`mge`), solve the complementarity problem (`solveMge`).
 */
export { mge, type MgeModel, type MgeDeclaration, type Sector, type Consumer, type Flow, type Tax, type Auxiliary, type Linear } from "./model";
export { solveMge, trySolveMge, sparseFrom, type MgeSolveOptions, type MgeSolution } from "./solve";
export { compile, conditions, type Layout, type Plan } from "./equations";
