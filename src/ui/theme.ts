/**
 * Light or dark: the system setting (`prefers-color-scheme`) unless the user chose one with
 * the toolbar's theme button; the choice is kept in localStorage. The page's colours are CSS
 * variables (styles.css) switched by `html[data-theme]`, so the editor, tables, outputs in
 * shadow roots and charts (drawn in currentColor) all follow.
 */

/** What the user chose: follow the system, or always light or dark. */
export type ThemeChoice = "system" | "light" | "dark";

const KEY = "caravan.theme";
const CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];

/** The stored choice ("system" when none, or storage is unavailable). */
export function storedTheme(storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): ThemeChoice {
  try {
    const value = storage?.getItem(KEY);
    return CHOICES.includes(value as ThemeChoice) ? (value as ThemeChoice) : "system";
  } catch {
    return "system";
  }
}

/** The choice after `choice` when the button is pressed: system → dark → light → system. */
export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return choice === "system" ? "dark" : choice === "dark" ? "light" : "system";
}

/** Applies `choice` to the page and stores it. */
export function applyTheme(choice: ThemeChoice, storage: Pick<Storage, "setItem" | "removeItem"> | undefined = globalThis.localStorage): void {
  if (choice === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  try {
    if (choice === "system") storage?.removeItem(KEY);
    else storage?.setItem(KEY, choice);
  } catch {
    // Storage refused (private mode, quota): the choice holds for this visit only.
  }
}

/** Whether the page is dark now (the choice, else the system setting). */
export function isDark(choice: ThemeChoice): boolean {
  if (choice !== "system") return choice === "dark";
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}
