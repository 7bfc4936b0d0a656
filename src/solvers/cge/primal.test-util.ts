// Test oracle: the published model solved as written — every GAMS variable an unknown, every
// published equation a residual (equations.ts), a forward-difference Jacobian and plain damped
// Newton. Independent of the reduced dual formulation and the dual-number Jacobian the library uses.
import type { Closure } from "./closures";
import { publishedResiduals } from "./equations";
import { factor, solveLU } from "./lu";
import type { CgeModel, Exogenous, Levels } from "./model";

type Slot = { get: (l: Levels) => number; set: (l: Levels, v: number) => void };

function clone(l: Levels): Levels {
  return JSON.parse(JSON.stringify(l)) as Levels;
}

function slots(m: CgeModel, c: Closure): Slot[] {
  const out: Slot[] = [];
  const N = m.sectors.length;
  const vec = ["Y", "Z", "py", "pz", "pq", "pd", "pe", "PM", "Xp", "Xg", "Xv", "E", "D", "Q", "M", "Tz"] as const;
  for (const f of vec) for (let i = 0; i < N; i++) out.push({ get: (l) => l[f][i], set: (l, v) => (l[f][i] = v) });
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) out.push({ get: (l) => l.X[i][j], set: (l, v) => (l.X[i][j] = v) });
  m.factors.forEach((_, h) => {
    for (let j = 0; j < N; j++) {
      if (m.params.beta[h][j] <= 0) continue;
      out.push({ get: (l) => l.F[h][j], set: (l, v) => (l.F[h][j] = v) });
      const numeraire = c.numeraire.kind === "factor" && c.numeraire.factor === h && j === 0;
      if (!numeraire) out.push({ get: (l) => l.pf[h][j], set: (l, v) => (l.pf[h][j] = v) });
    }
  });
  const multi = m.sources.length > 1;
  m.sources.forEach((_, s) => {
    for (let i = 0; i < N; i++) {
      if (m.params.dS[s][i] <= 0) continue;
      out.push({ get: (l) => l.pm[s][i], set: (l, v) => (l.pm[s][i] = v) });
      out.push({ get: (l) => l.Tm[s][i], set: (l, v) => (l.Tm[s][i] = v) });
      if (multi) out.push({ get: (l) => l.Ms[s][i], set: (l, v) => (l.Ms[s][i] = v) });
    }
  });
  if (c.exchangeRate === "flexible" && c.numeraire.kind !== "exchange-rate") out.push({ get: (l) => l.eps, set: (l, v) => (l.eps = v) });
  out.push({ get: (l) => l.Sp, set: (l, v) => (l.Sp = v) });
  out.push({ get: (l) => l.Td, set: (l, v) => (l.Td = v) });
  if (m.government === "fixed-tax-rates") out.push({ get: (l) => l.Sg, set: (l, v) => (l.Sg = v) });
  return out;
}

/** Solves the published equations for exogenous `exo` (default closures only) from `start`; returns levels and the final max residual. */
export function solvePrimal(m: CgeModel, exo: Exogenous, c: Closure, start: Levels): { levels: Levels; residual: number; iterations: number } {
  const sl = slots(m, c);
  const n = sl.length;
  const dropped = `eqpqd[${m.sectors[m.sectors.length - 1]}]`;
  const trivial = new Set(m.factors.map((f) => `eqpf2[${f},${m.sectors[0]}]`));
  const unpack = (x: Float64Array): Levels => {
    const l = clone(start);
    sl.forEach((s, k) => s.set(l, x[k]));
    if (m.sources.length === 1) l.Ms[0] = l.M.slice();
    l.eps = c.exchangeRate === "flexible" && c.numeraire.kind !== "exchange-rate" ? l.eps : exo.eps;
    l.Sf = exo.Sf;
    l.sspScale = 1;
    if (c.numeraire.kind === "factor") l.pf[c.numeraire.factor][0] = exo.pf[c.numeraire.factor];
    m.factors.forEach((_, h) => {
      if (!m.specific[h]) l.FF[h] = exo.FF[h];
    });
    if (m.government === "balanced-budget") l.Sg = 0;
    return l;
  };
  const kept = (l: Levels) => publishedResiduals(m, exo, c, l).filter((r) => r.name !== dropped && !trivial.has(r.name));
  // Each equation is scaled by its size at the start, a fixed scale, so the residuals stay smooth.
  const sizes = kept(start).map((r) => (r.size > 0 ? r.size : 1));
  const F = (x: Float64Array) => Float64Array.from(kept(unpack(x)).map((r, k) => r.residual / sizes[k]));
  let x = Float64Array.from(sl.map((s) => s.get(start)));
  let f = F(x);
  if (f.length !== n) throw new Error(`primal system not square: ${n} unknowns, ${f.length} equations`);
  const norm = (v: Float64Array) => Math.sqrt(v.reduce((a, y) => a + y * y, 0));
  let it = 0;
  for (; it < 60 && Math.max(...f.map(Math.abs)) > 1e-13; it++) {
    const jac = new Float64Array(n * n);
    for (let k = 0; k < n; k++) {
      const h = 1e-7 * Math.max(1, Math.abs(x[k]));
      const xp = x.slice();
      xp[k] += h;
      const fp = F(xp);
      for (let r = 0; r < n; r++) jac[r * n + k] = (fp[r] - f[r]) / h;
    }
    const lu = factor(jac, n);
    if ("kind" in lu) throw new Error(`primal jacobian singular at column ${lu.column}`);
    const dx = solveLU(lu, f.map((v) => -v));
    let t = 1;
    for (;;) {
      const trial = x.map((v, k) => v + t * dx[k]);
      const ft = F(trial);
      if (ft.every(Number.isFinite) && norm(ft) < norm(f)) {
        x = trial;
        f = ft;
        break;
      }
      t /= 2;
      if (t < 1e-10) throw new Error("primal line search failed");
    }
  }
  return { levels: unpack(x), residual: Math.max(...f.map(Math.abs)), iterations: it };
}
