/**
 * One registry of the commands a user can give: the command-mode keys of `keys.ts` (with
 * the keys that give them), the toolbar's actions and the navigation aids. The command
 * palette lists it; each entry says its key so the palette teaches the shortcuts. No DOM.
 */
import type { Command } from "../keys";

/** A command the palette can run. */
export interface PaletteCommand {
  /** Stable id, `section.name`. */
  id: string;
  title: string;
  /** How the keyboard gives it, as shown to the user ("Shift-Enter", "Esc b"). */
  keys?: string;
  /** What the palette groups it under ("Cell", "Notebook", "Navigate", "File"). */
  section: string;
  /** Whether it can run now (a cell command needs a selected cell); absent means always. */
  enabled?(): boolean;
  run(): void;
}

/** Commands in the order they were added; a later command with the same id replaces the earlier one. */
export class CommandRegistry {
  private readonly commands = new Map<string, PaletteCommand>();
  private readonly providers: (() => PaletteCommand[])[] = [];

  /** Adds (or replaces) commands. */
  add(...commands: PaletteCommand[]): void {
    for (const command of commands) this.commands.set(command.id, command);
  }

  /** Adds commands computed each time the list is read (menu items present only sometimes). */
  provide(provider: () => PaletteCommand[]): void {
    this.providers.push(provider);
  }

  /** Every command that can run now. */
  list(): PaletteCommand[] {
    const all = new Map(this.commands);
    for (const provider of this.providers) for (const command of provider()) if (!all.has(command.id)) all.set(command.id, command);
    return [...all.values()].filter((c) => !c.enabled || c.enabled());
  }
}

/** A command-mode command with its palette title and keys. */
export interface CellCommandSpec {
  id: string;
  title: string;
  /** The key sequence as typed in command mode (see `keys.ts`), for the label and its test. */
  keys: string;
  command: Command;
}

/**
 * Every `Command` of `keys.ts`, titled, with the keys that give it in command mode (Esc
 * first from an editor). Typed by command kind so a new kind of command cannot be left out.
 */
export const CELL_COMMANDS: Record<Command["type"], CellCommandSpec[]> = {
  edit: [{ id: "cell.edit", title: "Edit cell", keys: "Enter", command: { type: "edit" } }],
  insert: [
    { id: "cell.insert-above", title: "Insert cell above", keys: "a", command: { type: "insert", where: "above" } },
    { id: "cell.insert-below", title: "Insert cell below", keys: "b", command: { type: "insert", where: "below" } },
  ],
  delete: [{ id: "cell.delete", title: "Delete cell", keys: "d d", command: { type: "delete" } }],
  select: [
    { id: "cell.select-previous", title: "Select previous cell", keys: "k", command: { type: "select", delta: -1 } },
    { id: "cell.select-next", title: "Select next cell", keys: "j", command: { type: "select", delta: 1 } },
  ],
  move: [
    { id: "cell.move-up", title: "Move cell up", keys: "Alt-ArrowUp", command: { type: "move", delta: -1 } },
    { id: "cell.move-down", title: "Move cell down", keys: "Alt-ArrowDown", command: { type: "move", delta: 1 } },
  ],
  kind: [
    { id: "cell.to-markdown", title: "Change cell to Markdown", keys: "m", command: { type: "kind", kind: "markdown" } },
    { id: "cell.to-code", title: "Change cell to code", keys: "y", command: { type: "kind", kind: "code" } },
  ],
  "toggle-mode": [{ id: "cell.toggle-mode", title: "Toggle manual mode (runs only when asked)", keys: "l", command: { type: "toggle-mode" } }],
  "toggle-code": [{ id: "cell.toggle-code", title: "Hide or show the cell's code", keys: "h", command: { type: "toggle-code" } }],
  run: [
    { id: "cell.run", title: "Run cell", keys: "Ctrl-Enter", command: { type: "run", then: "stay" } },
    { id: "cell.run-next", title: "Run cell and select next", keys: "Shift-Enter", command: { type: "run", then: "next" } },
  ],
  undo: [{ id: "notebook.undo", title: "Undo cell change", keys: "z", command: { type: "undo" } }],
  redo: [{ id: "notebook.redo", title: "Redo cell change", keys: "Shift-z", command: { type: "redo" } }],
};

/** The key label as the user reads it: `Ctrl` becomes `⌘` on a Mac, arrows become arrows. */
export function keyLabel(keys: string, mac: boolean): string {
  const label = keys.replace(/ArrowUp/g, "↑").replace(/ArrowDown/g, "↓");
  return mac ? label.replace(/Ctrl-/g, "⌘").replace(/Alt-/g, "⌥").replace(/Shift-/g, "⇧") : label;
}
