import { setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { describe, expect, test } from "vitest";
import { problemSummary, problemsOf } from "./problems";

describe("a cell's list of type diagnostics", () => {
  test("entries in document order with 1-based line and column, following edits", () => {
    const doc = 'const a = 1;\nconst wrong: number = "abc";';
    let state = EditorState.create({ doc });
    const at = doc.indexOf("wrong");
    state = state.update(
      setDiagnostics(state, [
        { from: at, to: at + 5, severity: "error", message: "Type 'string' is not assignable to type 'number'." },
        { from: 6, to: 7, severity: "warning", message: "'a' is declared but never used." },
      ]),
    ).state;
    expect(problemsOf(state)).toEqual([
      { from: 6, line: 1, column: 7, severity: "warning", message: "'a' is declared but never used." },
      { from: at, line: 2, column: 7, severity: "error", message: "Type 'string' is not assignable to type 'number'." },
    ]);
    // A line typed above moves the entry down with its text.
    state = state.update({ changes: { from: 0, insert: "// note\n" } }).state;
    expect(problemsOf(state).map((p) => [p.line, p.column])).toEqual([[2, 7], [3, 7]]);
  });

  test.each([
    [["error"], "1 type error"],
    [["error", "error", "warning"], "2 type errors, 1 warning"],
    [["warning", "info"], "1 warning, 1 note"],
    [[], ""],
  ] as const)("%j is summed up as %j", (severities, text) => {
    expect(problemSummary(severities.map((severity) => ({ severity })))).toBe(text);
  });
});
