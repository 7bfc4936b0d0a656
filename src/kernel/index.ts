/**
 * The reactive kernel's public surface. Everything else in this folder is internal.
 */
export { Kernel, CELL_BUILTINS } from "./kernel";
export type { KernelOptions } from "./kernel";
export { VIEW, isView, view } from "./view";
export type { View } from "./view";
export { compile } from "./compile";
export type { CompiledCell, CompileResult } from "./compile";
export { buildGraph } from "./graph";
export type { Graph, GraphNode, Binding } from "./graph";
export { markdownToTemplate } from "./markdown";
export type {
  CellError,
  CellId,
  CellKind,
  CellScope,
  CellSpec,
  CellStatus,
  KernelEvent,
  KernelObserver,
  RunMode,
} from "./types";
