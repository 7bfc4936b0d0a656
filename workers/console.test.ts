import { describe, expect, test } from "vitest";
import { ConsoleCapture } from "./console";
import { CONSOLE_LINES, mergeConsole, type ConsoleEvent, type ConsoleState } from "./consoleMerge";

/** A capture whose events are merged as the page merges them. */
function harness() {
  const state: ConsoleState & { events: number } = { lines: [], omitted: 0, events: 0 };
  const capture = new ConsoleCapture((event: ConsoleEvent) => {
    state.events++;
    mergeConsole(state, event);
  }, () => 0);
  return { state, capture };
}

describe("a cell's console", () => {
  test("each level writes a line of its own level, values in text form", () => {
    const { state, capture } = harness();
    const c = capture.console("a");
    c.log("x =", 1.5, { a: [1, 2], b: "s" });
    c.info("info");
    c.warn("careful");
    c.error(new RangeError("too far"));
    c.debug(null, undefined, 10n);
    expect(state.lines).toEqual([
      { level: "log", text: 'x = 1.5 {a: Array(2) [1, 2], b: "s"}', count: 1 },
      { level: "info", text: "info", count: 1 },
      { level: "warn", text: "careful", count: 1 },
      { level: "error", text: "RangeError: too far", count: 1 },
      { level: "debug", text: "null undefined 10n", count: 1 },
    ]);
  });

  test("a line repeating the one before is counted, not repeated", () => {
    const { state, capture } = harness();
    const c = capture.console("a");
    for (let i = 0; i < 5; i++) c.log("tick");
    c.log("tock");
    c.log("tick");
    expect(state.lines.map((l) => [l.text, l.count])).toEqual([["tick", 5], ["tock", 1], ["tick", 1]]);
  });

  test("a run shows at most CONSOLE_LINES lines and counts the rest in a few events", async () => {
    const { state, capture } = harness();
    const c = capture.console("a");
    for (let i = 0; i < 100_000; i++) c.log(i);
    // Inside the loop the count goes out every 10,000 lines; the rest once the loop yields.
    expect(state.omitted).toBe(90_000);
    await Promise.resolve();
    expect(state.events).toBe(CONSOLE_LINES + 10);
    expect(state.lines).toHaveLength(CONSOLE_LINES);
    expect(state.lines.at(-1)!.text).toBe(String(CONSOLE_LINES - 1));
    expect(state.omitted).toBe(100_000 - CONSOLE_LINES);
  });

  test("lines past the cap are never formatted", () => {
    const { capture } = harness();
    const c = capture.console("a");
    for (let i = 0; i < CONSOLE_LINES; i++) c.log(i);
    let formatted = 0;
    const spy = { toString: () => String(++formatted) };
    c.log("%s", spy);
    expect(formatted).toBe(0);
  });

  test("a new run starts with a reset, and the old run's console falls silent", () => {
    const { state, capture } = harness();
    const first = capture.console("a");
    first.log("run 1");
    const second = capture.console("a");
    first.log("late line from run 1");
    second.log("run 2");
    expect(state.lines.map((l) => l.text)).toEqual(["run 2"]);
  });

  test("a run is silent once its invalidation resolves", async () => {
    const { state, capture } = harness();
    let invalidate!: () => void;
    const c = capture.console("a", new Promise<void>((resolve) => (invalidate = resolve)));
    c.log("before");
    invalidate();
    await Promise.resolve();
    c.log("after");
    expect(state.lines.map((l) => l.text)).toEqual(["before"]);
  });

  test("format specifiers, as the browser's console substitutes them", () => {
    const { state, capture } = harness();
    const c = capture.console("a");
    c.log("%s has %d items (%i%%), %f, %o %c", "cart", 3.7, 42.9, 0.5, [1], "color: red", "extra");
    expect(state.lines[0]!.text).toBe("cart has 3 items (42%), 0.5, Array(1) [1]  extra");
  });

  test("count, time, group, assert, table and clear", () => {
    const { state, capture } = harness();
    const c = capture.console("a");
    c.count();
    c.count("x");
    c.count();
    c.group("outer");
    c.log("inner");
    c.groupEnd();
    c.assert(1 === 1, "never");
    c.assert(false, "broken", 2);
    c.timeEnd("missing");
    c.table([{ a: 1, b: "x" }, { a: 22 }]);
    expect(state.lines.map((l) => [l.level, l.text])).toEqual([
      ["log", "default: 1"],
      ["log", "x: 1"],
      ["log", "default: 2"],
      ["log", "outer"],
      ["log", "  inner"],
      ["error", "Assertion failed: broken 2"],
      ["warn", "Timer 'missing' does not exist"],
      ["log", '(index) │ a  │ b\n────────┼────┼──\n0       │ 1  │ x\n1       │ 22 │'],
    ]);
    c.clear();
    c.log("fresh");
    expect(state.lines.map((l) => l.text)).toEqual(["fresh"]);
  });

  test("methods work detached from the console object", () => {
    const { state, capture } = harness();
    const c = capture.console("a");
    [1, 2].forEach(c.log!);
    expect(state.lines.map((l) => l.text)).toEqual(["1 0 Array(2) [1, 2]", "2 1 Array(2) [1, 2]"]);
    expect(Object.isFrozen(c)).toBe(true);
  });
});

describe("mergeConsole", () => {
  test("a repeat of the last kept line adds to its count even across events; a reset empties", () => {
    const state: ConsoleState = { lines: [], omitted: 0 };
    mergeConsole(state, { reset: false, lines: [{ level: "log", text: "a", count: 2 }], omitted: 0 });
    mergeConsole(state, { reset: false, lines: [{ level: "log", text: "a", count: 3 }, { level: "warn", text: "a", count: 1 }], omitted: 4 });
    expect(state).toEqual({ lines: [{ level: "log", text: "a", count: 5 }, { level: "warn", text: "a", count: 1 }], omitted: 4 });
    mergeConsole(state, { reset: true, lines: [], omitted: 0 });
    expect(state).toEqual({ lines: [], omitted: 0 });
  });
});
