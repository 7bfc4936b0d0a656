// The tape (record once, replay anywhere) against sparse duals evaluated afresh (sparse/dual.ts,
// themselves checked against dense duals and finite differences): on an expression using every
// operation, at several random points replayed one after the other on the same tape, the same
// values, the same non-zero pattern and the same gradients; a replay never depends on the one before.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../cge/synthetic";
import * as sparse from "./dual";
import { Recorder, type TNum } from "./tape";

function expression<N>(o: sparse.Ops<N>, x: (N | number)[]): (N | number)[] {
  const m = o.powerMean([x[0], x[2], x[5]], [0.2, 0.5, 0.3], -1.5);
  const cd = o.powerMean([x[1], x[2], 1.7], [0.6, 0.4, 0], 0);
  const leontief = o.powerMean([x[3], 2.5, x[6]], [0.3, 0.3, 0.4], 1);
  const lin = o.lincomb([x[3], x[7], m, 4, x[4]], [2, -1, 0.5, 1, 0]);
  const first = o.sub(o.add(o.mul(o.div(m, x[1]), o.pow(cd, 2.5)), o.scale(lin, 3)), o.pow(x[2], 0));
  return [
    first,
    o.div(2, o.sub(3, o.mul(leontief, x[0]))), // constant ÷ dual, constant − dual
    o.add(o.div(x[6], 4), o.mul(0.5, x[3])), // dual ÷ constant, constant · dual
    o.lincomb([o.add(x[4], 1), o.sub(x[4], 2), 7]), // the same pattern twice, and a constant
  ];
}


describe("a recorded tape", () => {
  const n = 8;
  const rec = new Recorder(n);
  const rows = expression<TNum>(rec as unknown as sparse.Ops<TNum>, Array.from({ length: n }, (_, k) => rec.variable(k)) as TNum[]);
  // Fischer–Burmeister in its three forms: node and node, node and constant, constant and node.
  const phi = [rec.fischerBurmeister(rows[0], rows[1], 1e-24), rec.fischerBurmeister(rows[2], 0.3, 1e-24), rec.fischerBurmeister(-0.2, rows[3], 1e-24)];
  const tape = rec.finish([...rows, ...phi, 5], [rows[1], 9]);
  const m = rows.length + phi.length + 1;

  /** The same outputs by sparse duals, evaluated afresh at z. */
  function fresh(z: number[]): sparse.SNum[] {
    const x = z.map((v, k) => sparse.variable(v, k));
    const r = expression<sparse.SDual>(sparse.sparseOps, x);
    return [...r, sparse.fischerBurmeister(r[0], r[1], 1e-24), sparse.fischerBurmeister(r[2], 0.3, 1e-24), sparse.fischerBurmeister(-0.2, r[3], 1e-24), 5];
  }

  const rnd = mulberry32(3);
  const points = Array.from({ length: 5 }, () => Array.from({ length: n }, () => 0.3 + 2 * rnd()));

  it("replays to the values, pattern and gradient of sparse duals at five random points in turn (1e-14 relative)", () => {
    const f = new Float64Array(m), jac = new Float64Array(tape.rowStart[m]), values = new Float64Array(m);
    for (const z of points) {
      tape.jacobian(z, f, jac);
      tape.values(z, values);
      const expected = fresh(z);
      expected.forEach((e, i) => {
        const v = typeof e === "number" ? e : e.v;
        expect(Math.abs(f[i] - v), `row ${i}`).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(v)));
        expect(values[i]).toBe(f[i]);
        const cols = Array.from(tape.cols.subarray(tape.rowStart[i], tape.rowStart[i + 1]));
        expect(cols, `pattern of row ${i}`).toEqual(typeof e === "number" ? [] : Array.from(e.i));
        if (typeof e !== "number") {
          e.d.forEach((d, t) => expect(Math.abs(jac[tape.rowStart[i] + t] - d), `row ${i}, column ${e.i[t]}`).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(d))));
        }
      });
      expect(Array.from(tape.extras())).toEqual([f[1], 9]);
    }
  });

  it("gives bit-identical results when a point is replayed again after others", () => {
    const run = (z: number[]) => {
      const f = new Float64Array(m), jac = new Float64Array(tape.rowStart[m]);
      tape.jacobian(z, f, jac);
      return [...f, ...jac];
    };
    const first = run(points[0]);
    run(points[3]);
    tape.values(points[4], new Float64Array(m));
    expect(run(points[0])).toEqual(first);
  });

  it("folds constants while recording: numbers stay numbers, a^0 is 1, a·1 and a^1 are a itself", () => {
    const r = new Recorder(2);
    const x = r.variable(0);
    expect(r.add(2, 3)).toBe(5);
    expect(r.lincomb([2, x], [1.5, 0])).toBe(3);
    expect(r.powerMean([2, 8], [0.5, 0.5], 0)).toBeCloseTo(4, 14);
    expect(r.pow(x, 0)).toBe(1);
    expect(r.scale(x, 1)).toBe(x);
    expect(r.pow(x, 1)).toBe(x);
    expect(r.mul(1, x)).toBe(x);
  });
});
