/**
 * The solvers namespace cells see as the builtin `solvers`: pure numeric functions,
 * no DOM, no workers. Tabular arguments are Arquero tables or arrays of row objects.
 */
export { SolverError, isSolverError, type SolverErrorInfo } from "./errors";
export type { OnProgress, Rows, RowTable } from "./input";
export {
  tariffAverages, type ReportedLine, type TariffAverageOptions, type TariffAverageRow, type TariffAverages,
} from "./tariffs";
export {
  importPrice, importPriceShocks, type PriceShockComponents, type PriceShockOptions, type PriceShockRow,
  type PriceShockSector, type PriceShocks,
} from "./priceShocks";
export {
  arcElasticity, logLogElasticity, ncuShareElasticity, pointElasticity, type LogLogFit, type ShareObservation,
} from "./elasticity";
export {
  elasticityScenarios, projectImportShares, type DiversionRow, type ElasticitySpec, type ImportStructure, type ShareRow,
  type StructurePrice, type StructureSector,
} from "./importStructure";
export {
  smart, type SmartLine, type SmartLineResult, type SmartOptions, type SmartPartnerResult, type SmartProductResult,
  type SmartResult, type SmartTradeSums,
} from "./smart";
export {
  gsim, gsimMarketFromRows, gsimMarkets, gsimResiduals, type GsimFlow, type GsimMarket, type GsimOptions, type GsimResult,
} from "./gsim";
export type { GsimSummaryRow } from "./gsimResult";
export { luFactor, luSolve, newton, type LU, type NewtonOptions, type NewtonResult } from "./linalg";
/** The SAM-calibrated CGE model (issue 7), as `solvers.cge`. */
export * as cge from "./cge/index";
/** General equilibrium models as data, MPSGE-style (issue 17), as `solvers.mge`. */
export * as mge from "./mge/index";
