/**
 * SAM-calibrated computable general equilibrium model (issue 7): the Hosoe–Gasawa–Hashimoto
 * standard CGE (STDCGE), N sectors × M factors × S import sources, exact-Jacobian Newton solver,
 * closures, scenarios, Arquero results and DYNCGE-style recursive dynamics.
 */
export { sam, parseSamCsv, imbalances, type Sam, type SamAccounts, type SamOptions, type LabelledMatrix } from "./sam";
export { calibrate, calibrateFlows, flows, type CalibrateOptions, type Flows, type PerSector } from "./calibrate";
export { closure, type Closure, type ClosureOptions } from "./closures";
export { scenario, Scenario, applyShocks, phaseFraction, refuseInertShocks, type Shock, type ScenarioData, type Target } from "./scenario";
export { solve, trySolve, type Solution, type SolveOptions } from "./solve";
export { syntheticSam, type SyntheticOptions } from "./synthetic";
export { variables, summary, indicators, utility, socialAccounts, type Indicators } from "./results";
export { dynamicModel, simulate, dynamic, compare, equivalentVariation, investment, type DynamicModel, type DynamicOptions, type SimulateOptions, type Year } from "./dynamic";
export { publishedResiduals, type PublishedResidual } from "./equations";
export { CgeError, isCgeError, type CgeErrorInfo, type Imbalance, type EquationResidual } from "./errors";
export type { CgeModel, Levels, Exogenous, Parameters } from "./model";
