/**
 * Small DOM builders the page's controls share.
 */

/** A `<button type="button">` showing `text`, with a tooltip, running `onClick` when pressed. */
export function actionButton(text: string, className: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element with `attributes` set (in the SVG namespace, as the page's own drawings need). */
export function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string> = {}): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** How much of an idle period is left (as `IdleDeadline` says). */
export interface IdleTime {
  timeRemaining(): number;
}

/**
 * Runs `run` in the page's next idle period (`requestIdleCallback`, with `options`); where
 * there is none, 50 ms later with `fallbackBudgetMs` to spend.
 */
export function whenIdle(run: (deadline: IdleTime) => void, fallbackBudgetMs: number, options?: IdleRequestOptions): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(run, options);
  else setTimeout(() => run({ timeRemaining: () => fallbackBudgetMs }), 50);
}
