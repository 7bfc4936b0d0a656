/**
 * Command-mode keys (a cell is selected, no editor has focus), as in Jupyter: a/b insert,
 * dd delete, arrows or j/k select, Alt-arrows move, m/y change kind, Enter edits,
 * Shift-Enter runs, z/Shift-z undo and redo at the notebook level, l toggles a cell
 * between auto and manual ("lazy": it only runs when asked, and shows stale meanwhile),
 * h hides or shows the cell's code. (r, the reader view, works outside command mode too: reader.ts.)
 */

/** Something the user asked for from the keyboard. */
export type Command =
  | { type: "edit" }
  | { type: "insert"; where: "above" | "below" }
  | { type: "delete" }
  | { type: "select"; delta: -1 | 1 }
  | { type: "move"; delta: -1 | 1 }
  | { type: "kind"; kind: "code" | "markdown" }
  | { type: "toggle-mode" }
  | { type: "toggle-code" }
  | { type: "run"; then: "stay" | "next" }
  | { type: "undo" }
  | { type: "redo" };

/** Remembers the previous key so that "d d" means delete. */
export class CommandKeys {
  private lastKey = "";
  private lastAt = 0;

  /** The command for a keydown in command mode, or null (the key is not ours). */
  command(event: KeyboardEvent): Command | null {
    const key = event.key;
    const now = event.timeStamp;
    const previous = this.lastKey;
    const recent = now - this.lastAt < 800;
    this.lastKey = key;
    this.lastAt = now;
    if (event.ctrlKey || event.metaKey) {
      if (key === "Enter") return { type: "run", then: "stay" };
      if (key === "z") return event.shiftKey ? { type: "redo" } : { type: "undo" };
      return null;
    }
    if (event.altKey) {
      if (key === "ArrowUp") return { type: "move", delta: -1 };
      if (key === "ArrowDown") return { type: "move", delta: 1 };
      return null;
    }
    switch (key) {
      case "Enter":
        return event.shiftKey ? { type: "run", then: "next" } : { type: "edit" };
      case "a":
        return { type: "insert", where: "above" };
      case "b":
        return { type: "insert", where: "below" };
      case "d":
        if (previous === "d" && recent) {
          this.lastKey = "";
          return { type: "delete" };
        }
        return null;
      case "ArrowUp":
      case "k":
        return { type: "select", delta: -1 };
      case "ArrowDown":
      case "j":
        return { type: "select", delta: 1 };
      case "m":
        return { type: "kind", kind: "markdown" };
      case "y":
        return { type: "kind", kind: "code" };
      case "l":
        return { type: "toggle-mode" };
      case "h":
        return { type: "toggle-code" };
      case "z":
        return { type: "undo" };
      case "Z":
        return { type: "redo" };
      default:
        return null;
    }
  }
}
