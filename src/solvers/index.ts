/**
 * The solvers namespace cells see as the builtin `solvers`: pure numeric functions,
 * no DOM, no workers. Tabular arguments are Arquero tables or arrays of row objects.
 */
export { SolverError, isSolverError, type SolverErrorInfo } from "./errors";
export type { OnProgress, Rows } from "./input";
export { tariffAverages, type TariffAverageOptions, type TariffAverages } from "./tariffs";
export {
  importPrice, importPriceShocks, type PriceShockOptions, type PriceShockSector, type PriceShocks,
} from "./priceShocks";
export {
  arcElasticity, logLogElasticity, ncuShareElasticity, pointElasticity, type LogLogFit, type ShareObservation,
} from "./elasticity";
export {
  elasticityScenarios, projectImportShares, type ElasticitySpec, type ImportStructure, type StructurePrice,
  type StructureSector,
} from "./importStructure";
export { smart, type SmartLine, type SmartOptions, type SmartResult } from "./smart";
export { gsim, gsimMarkets, gsimResiduals, type GsimMarket, type GsimOptions, type GsimResult } from "./gsim";
export { luFactor, luSolve, newton, type LU, type NewtonOptions, type NewtonResult } from "./linalg";
