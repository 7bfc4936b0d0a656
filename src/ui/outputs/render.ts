/**
 * Renders a display descriptor into DOM, choosing the view by kind (one exhaustive switch).
 */
import type { CellError } from "../../kernel/types";
import type { Display, InspectNode, TableReply, TableRequest, WidgetInput } from "../../display/types";
import { renderInspector } from "./inspector";
import { containedHtml } from "./contain";
import { markdownHtml } from "../../display/markdownHtml";
import { renderTable } from "./tableView";
import { renderWidget } from "./widgetView";
import { attachPointers } from "./plotPointer";

/** What a rendered output may call back into. */
export interface OutputContext {
  expand(ref: number): Promise<InspectNode | null>;
  widgetInput(input: WidgetInput): void;
  /** Asks the worker about a table shown in this output (rows of a view, summaries, exports). */
  table(request: TableRequest): Promise<TableReply>;
}

/** The DOM for one display descriptor. */
export function renderDisplay(display: Display, context: OutputContext): HTMLElement | null {
  switch (display.kind) {
    case "empty":
      return null;
    case "inspect": {
      const box = document.createElement("div");
      box.className = "output-inspect";
      box.append(renderInspector(display.node, context.expand));
      return box;
    }
    case "table":
      return renderTable(display.table, (request) => context.table(request));
    case "plot": {
      const box = containedHtml(display.svg, "output-plot", "output");
      const root = box.querySelector(".output-host")?.shadowRoot;
      // The width Plot drew at: below 900 px the chart keeps it and scrolls in its box (contain.ts).
      // The chart itself, not a legend's swatch (a figure with a legend holds small SVGs first).
      const svg = root?.querySelector<SVGSVGElement>(".output-plot > svg, .output-plot > figure > svg");
      const drawn = Number(svg?.getAttribute("width"));
      if (svg && drawn > 0) svg.style.setProperty("--drawn-width", `${drawn}px`);
      if (display.pointers && root) attachPointers(root, display.pointers);
      return box;
    }
    case "html":
      return containedHtml(display.html, "output-html", "output");
    case "markdown":
      return containedHtml(markdownHtml(display.markdown), "output-markdown", "output");
    case "widget":
      return renderWidget(display.widget, context.widgetInput, (request) => context.table(request));
    default: {
      const never: never = display;
      return never;
    }
  }
}

/** Markdown as HTML, not yet sanitised (`containedHtml` sanitises); within limits (src/display/markdownHtml.ts). */
export { markdownHtml };

/** Where in the cell an error points, if anywhere (1-based line). */
export function errorLine(error: CellError): number | undefined {
  switch (error.kind) {
    case "syntax":
      return error.line;
    case "exception":
    case "reassign":
      return error.line;
    case "undefined":
    case "cycle":
    case "duplicate":
    case "upstream":
    case "interrupted":
      return undefined;
    default: {
      const never: never = error;
      return never;
    }
  }
}

/** The DOM for a cell error: its message, and the line and column when known. */
export function renderError(error: CellError): HTMLElement {
  const box = document.createElement("div");
  box.className = `output-error error-${error.kind}`;
  const line = errorLine(error);
  const column = error.kind === "syntax" || error.kind === "exception" || error.kind === "reassign" ? error.column : undefined;
  const where = line !== undefined ? ` (line ${line}${column !== undefined ? `, column ${column}` : ""})` : "";
  const name = error.kind === "exception" && error.name ? `${error.name}: ` : error.kind === "syntax" ? "SyntaxError: " : "";
  box.textContent = `${name}${error.message}${where}`;
  return box;
}
