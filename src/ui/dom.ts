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
