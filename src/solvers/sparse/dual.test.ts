// Sparse duals against the dense duals of cge/dual.ts (themselves checked against finite
// differences in cge/dual.test.ts) on one expression using every operation: the same value and
// gradient to 1e-15 relative, and a pattern holding exactly the unknowns the expression reads.
import { describe, expect, it } from "vitest";
import * as dense from "../cge/dual";
import * as sparse from "./dual";

type Ops<N> = { add(a: N, b: N): N; sub(a: N, b: N): N; mul(a: N, b: N): N; div(a: N, b: N): N; pow(a: N, p: number): N; scale(a: N, c: number): N;
  lincomb(t: readonly N[], c?: readonly number[]): N; powerMean(b: readonly N[], w: readonly number[], r: number): N };

function expression<N>(o: Ops<N>, x: N[]): N {
  const m = o.powerMean([x[0], x[2], x[5]], [0.2, 0.5, 0.3], -1.5);
  const cd = o.powerMean([x[1], x[2]], [0.6, 0.4], 0);
  const lin = o.lincomb([x[3], x[7], m, 4 as N], [2, -1, 0.5, 1]);
  return o.sub(o.add(o.mul(o.div(m, x[1]), o.pow(cd, 2.5)), o.scale(lin, 3)), o.pow(x[2], 0));
}

describe("sparse duals", () => {
  it("give dense duals' value and gradient, and a pattern of exactly the unknowns read (0…7 minus 4 and 6)", () => {
    const values = [1.3, 0.7, 2.1, 0.4, 9, 1.9, 9, 0.8];
    const d = expression<dense.Num>(dense, values.map((v, k) => dense.variable(v, k, 8))) as dense.Dual;
    const s = expression<sparse.SNum>(sparse, values.map((v, k) => sparse.variable(v, k))) as sparse.SDual;
    expect(s.v).toBeCloseTo(d.v, 14);
    expect(Array.from(s.i)).toEqual([0, 1, 2, 3, 5, 7]);
    s.i.forEach((k, t) => expect(Math.abs(s.d[t] - d.d[k])).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(d.d[k]))));
    expect(d.d[4]).toBe(0);
  });

  it("a^0 is the constant 1 and a constant times a dual keeps its pattern", () => {
    const x = sparse.variable(2, 3);
    expect(sparse.pow(x, 0)).toBe(1);
    const y = sparse.mul(5, x) as sparse.SDual;
    expect([y.v, Array.from(y.i), Array.from(y.d)]).toEqual([10, [3], [5]]);
  });

  it("the Fischer–Burmeister function in one dual equals its composition from add, hypot and sub", () => {
    const a = sparse.variable(0.3, 1), b = sparse.mul(sparse.variable(2, 4), sparse.variable(-0.7, 2));
    const one = sparse.fischerBurmeister(a, b, 1e-24) as sparse.SDual;
    const composed = sparse.sub(sparse.add(a, b), sparse.hypot(a, b, 1e-24)) as sparse.SDual;
    expect(one.v).toBeCloseTo(composed.v, 15);
    expect(Array.from(one.i)).toEqual(Array.from(composed.i));
    one.d.forEach((d, t) => expect(d).toBeCloseTo(composed.d[t], 15));
  });
});
