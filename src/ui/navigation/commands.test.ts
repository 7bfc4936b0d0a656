import { describe, expect, it } from "vitest";
import { CommandKeys } from "../keys";
import { CELL_COMMANDS, CommandRegistry, keyLabel } from "./commands";

/** Presses a key sequence such as "d d", "Shift-Enter" or "Alt-ArrowUp" in command mode. */
function press(keys: string) {
  const handler = new CommandKeys();
  let result = null;
  let at = 1000;
  for (const stroke of keys.split(" ")) {
    const parts = stroke.split("-");
    const key = parts.pop()!;
    const shift = parts.includes("Shift");
    const event = { key: shift && key.length === 1 ? key.toUpperCase() : key, ctrlKey: parts.includes("Ctrl"), metaKey: false, altKey: parts.includes("Alt"), shiftKey: shift, timeStamp: (at += 50) };
    result = handler.command(event as unknown as KeyboardEvent);
  }
  return result;
}

describe("CELL_COMMANDS", () => {
  const specs = Object.values(CELL_COMMANDS).flat();

  it.each(specs.map((s) => [s.title, s.keys, s] as const))("%s: %s gives the command in command mode", (_title, keys, spec) => {
    expect(press(keys)).toEqual(spec.command);
  });

  it("gives every command a unique id", () => {
    expect(new Set(specs.map((s) => s.id)).size).toBe(specs.length);
  });
});

describe("CommandRegistry", () => {
  it("lists commands in order, later ids replacing earlier, leaving out those that cannot run", () => {
    const registry = new CommandRegistry();
    const run = () => {};
    registry.add({ id: "a", title: "A", section: "x", run }, { id: "b", title: "B", section: "x", run, enabled: () => false });
    registry.add({ id: "a", title: "A2", section: "x", run });
    registry.provide(() => [{ id: "c", title: "C", section: "File", run }, { id: "a", title: "shadowed", section: "File", run }]);
    expect(registry.list().map((c) => c.title)).toEqual(["A2", "C"]);
  });
});

describe("keyLabel", () => {
  it("shows Mac modifiers on a Mac and arrows everywhere", () => {
    expect(keyLabel("Alt-ArrowUp", false)).toBe("Alt-↑");
    expect(keyLabel("Ctrl-Shift-P", true)).toBe("⌘⇧P");
  });
});
