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

/**
 * Runs `task` in a task of its own, after what is already queued (a zero-delay timer without
 * the clamp), so that it is not part of the task it was asked from.
 */
export function soon(task: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
}

/**
 * Resolves in a task of its own (see `soon`): an async step that awaits it ends the task it
 * runs in, so a long chain of work (read a file, parse it, open it) is not one long task.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => soon(resolve));
}

/** How long `afterFrame` waits at most for a frame (a hidden tab draws none). */
export const HIDDEN_FRAME_MS = 100;

/**
 * Runs `task` once, in a task of its own just after the next frame is drawn: DOM work paced by
 * the frame rate that is not part of the frame's own (rendering) task. A frame's task already
 * holds the style, layout and paint of everything changed since the last one, and on a machine
 * whose cores are busy with workers and compiler threads its wall time is twice its CPU time;
 * the work put off here is another task, measured on its own. A hidden tab draws no frames:
 * then the task runs after HIDDEN_FRAME_MS.
 */
export function afterFrame(task: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    task();
  };
  const timer = setTimeout(once, HIDDEN_FRAME_MS);
  requestAnimationFrame(() => soon(once));
}
