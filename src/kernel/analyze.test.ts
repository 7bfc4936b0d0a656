import { describe, expect, it } from "vitest";
import { analyze } from "./analyze";

// name, JavaScript, declared names, free references, top-level await, last statement is an expression
const cases: [string, string, string[], string[], boolean, boolean][] = [
  ["several const declarators", "const a = 1, b = 2", ["a", "b"], [], false, false],
  ["object and array destructuring", "const {x, y: [z, ...rest]} = obj", ["x", "z", "rest"], ["obj"], false, false],
  ["destructuring defaults read their free names", "const {p = q} = r", ["p"], ["q", "r"], false, false],
  ["function declaration, its body reads a free name", "function f(a) { return a + g }", ["f"], ["g"], false, false],
  ["class declaration reads its base", "class C extends Base {}", ["C"], ["Base"], false, false],
  ["let and var", "let a; var b = a", ["a", "b"], [], false, false],
  ["import bindings are declarations", "import * as aq from 'arquero'; import d, {e as f} from 'm'", ["aq", "d", "f"], [], false, false],
  ["an expression cell declares nothing", "x + y", [], ["x", "y"], false, true],
  ["own names are not references", "const a = 1; a * 2", ["a"], [], false, true],
  ["globals are still references (the graph decides)", "Math.max(a, 1)", [], ["Math", "a"], false, true],
  ["top-level await", "const r = await fetch(u)", ["r"], ["fetch", "u"], true, false],
  ["await inside a function is not top-level", "async function f() { await g }", ["f"], ["g"], false, false],
  ["for await is top-level await", "for await (const v of s) {}", [], ["s"], true, false],
  ["names local to a block are not declared", "{ const hidden = 1 }", [], [], false, false],
  ["an exported declaration still declares", "export const e = 1", ["e"], [], false, false],
  ["property keys are not references", "const o = {k: 1}; o.k", ["o"], [], false, true],
];

describe("analyze", () => {
  it.each(cases)("%s", (_name, code, declares, references, hasAwait, display) => {
    const result = analyze(code);
    if (!result.ok) throw new Error(result.message);
    expect(result.analysis.declares).toEqual(declares);
    expect([...result.analysis.references].sort()).toEqual([...references].sort());
    expect(result.analysis.hasAwait).toBe(hasAwait);
    expect(result.analysis.lastExpression !== null).toBe(display);
  });

  it("reports a parse failure with a 1-based line and column", () => {
    const result = analyze("const a = 1;\nconst = 2");
    expect(result).toMatchObject({ ok: false, line: 2, column: 7 });
  });
});
