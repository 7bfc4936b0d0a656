import { beforeAll, describe, expect, test } from "vitest";
import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkFile } from "./check";
import { main } from "./cli";

// Real runs: each starts a worker thread with the browser's builtins (about a second).
const SLOW = 30_000;

const NOTEBOOK = `// caravan: 1
// title: Runner fixture

// %% [markdown id=intro]
// # Shares of \${shares.numRows()} sectors

// %% [code id=shares]
const shares = await FileAttachment("shares.csv").csv()
shares
// %% output
// sector\tcu
// agri\t75
// fuel\t40

// %% [code id=third]
const third = 1 / 3
// %% output
// 0.333333

// %% [code id=total]
shares.rollup({ cu: (d) => op.sum(d.cu) }).get("cu", 0) * third
// %% output
// 38.3333

// %% [code id=cut mode=manual]
const cut = slider({ min: 0, max: 50, step: 5, value: 25 })
// %% output
// slider = 25

// %% [code id=chart]
Plot.dot(shares, { x: "sector", y: "cu" }).plot({ ariaLabel: "shares" })
// %% output
// chart: shares, 1 mark: dot ×2
// x: "agri", "fuel"
// y: 40, 75

// %% end
`;

let dir = "";
const file = (name: string) => join(dir, name);
async function write(name: string, text: string): Promise<string> {
  await writeFile(file(name), text);
  return file(name);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "caravan-check-"));
  await mkdir(file("data"));
  await writeFile(file("data/shares.csv"), "sector,cu\nagri,75\nfuel,40\n");
});

describe("checking saved outputs", () => {
  test(
    "a notebook whose saved outputs match passes, and the file is left as it was",
    async () => {
      const path = await write("ok.caravan.ts", NOTEBOOK);
      const result = await checkFile(path, { dataDir: file("data") });
      expect(result.ok && result.report.cells.map((c) => `${c.id}:${c.status}`)).toEqual(["intro:skip", "shares:match", "third:match", "total:match", "cut:match", "chart:match"]);
      expect(result.ok && result.report.ok).toBe(true);
      expect(await readFile(path, "utf8")).toBe(NOTEBOOK);
    },
    SLOW,
  );

  test(
    "a saved number changed beyond the tolerance fails, naming the cell and the line; a looser tolerance accepts it",
    async () => {
      const path = await write("drift.caravan.ts", NOTEBOOK.replace("// 38.3333", "// 38.34"));
      const result = await checkFile(path, { dataDir: file("data") });
      if (!result.ok) throw new Error("unreadable");
      expect(result.report.ok).toBe(false);
      expect(result.report.cells.find((c) => c.status === "mismatch")).toEqual({
        id: "total",
        status: "mismatch",
        expected: "38.34",
        actual: "38.3333",
        difference: { line: 1, expected: "38.34", actual: "38.3333" },
      });
      const loose = await checkFile(path, { dataDir: file("data"), tolerance: 1e-3 });
      expect(loose.ok && loose.report.ok).toBe(true);
    },
    SLOW,
  );

  test(
    "a cell that fails is reported as an error with its message, and so is its dependent",
    async () => {
      const path = await write("error.caravan.ts", NOTEBOOK.replace("const third = 1 / 3", "const third = missing / 3"));
      const result = await checkFile(path, { dataDir: file("data") });
      if (!result.ok) throw new Error("unreadable");
      expect(result.report.ok).toBe(false);
      const third = result.report.cells.find((c) => c.id === "third");
      expect(third).toMatchObject({ status: "error", error: { kind: "undefined", message: "missing is not defined" } });
      expect(result.report.cells.find((c) => c.id === "total")).toMatchObject({ status: "error", error: { kind: "upstream" } });
    },
    SLOW,
  );

  test(
    "an error the file expects (saved as error: …) matches",
    async () => {
      const text = NOTEBOOK.replace("const third = 1 / 3\n// %% output\n// 0.333333", 'const third = solvers.pointElasticity(1, 1, 1, 1)\n// %% output\n// error: placeholder');
      const first = await checkFile(await write("expected.caravan.ts", text), { dataDir: file("data") });
      if (!first.ok) throw new Error("unreadable");
      const error = first.report.cells.find((c) => c.id === "third");
      if (error?.status !== "error") throw new Error(`third should fail, got ${error?.status}`);
      const saved = text.replace("// error: placeholder", `// error: ${error.error.message}`).replace(/\/\/ %% \[code id=total\][^]*?(?=\/\/ %% \[code id=cut)/, "");
      const second = await checkFile(await write("expected.caravan.ts", saved), { dataDir: file("data") });
      expect(second.ok && second.report.cells.find((c) => c.id === "third")?.status).toBe("match");
      expect(second.ok && second.report.ok).toBe(true);
    },
    SLOW,
  );

  test(
    "--update writes fresh outputs into the output blocks only, and a second check passes",
    async () => {
      const stale = NOTEBOOK.replace("// 38.3333", "// 12").replace("const third = 1 / 3\n// %% output\n// 0.333333", "const third = 1 / 3");
      const path = await write("update.caravan.ts", stale);
      const first = await checkFile(path, { dataDir: file("data"), update: true });
      expect(first.ok && first.report.counts).toMatchObject({ mismatch: 1, new: 1 });
      expect(first.ok && first.written).toBe(true);
      expect(await readFile(path, "utf8")).toBe(NOTEBOOK);
      const second = await checkFile(path, { dataDir: file("data") });
      expect(second.ok && second.report.ok).toBe(true);
      expect(second.ok && second.report.counts).toMatchObject({ match: 5, mismatch: 0, error: 0, new: 0 });
    },
    SLOW,
  );

  test(
    "cells that never finish time out instead of hanging the run, and cells that did finish are still compared",
    async () => {
      const text = NOTEBOOK.replace("// %% end", "// %% [code id=forever]\nawait new Promise(() => {})\n\n// %% end");
      const result = await checkFile(await write("hang.caravan.ts", text), { dataDir: file("data"), timeoutMs: 3000 });
      if (!result.ok) throw new Error("unreadable");
      expect(result.report.timedOut).toBe(true);
      expect(result.report.cells.find((c) => c.id === "forever")).toMatchObject({ status: "error", error: { kind: "timeout", message: "did not finish within 3000 ms" } });
      expect(result.report.counts.match).toBe(5);

      const loop = NOTEBOOK.replace("// %% end", "// %% [code id=spin]\nwhile (true) {}\n\n// %% end");
      // The bound is "does not hang" (the cell runs forever); worker start-up under load takes several seconds of it.
      const started = Date.now();
      const spun = await checkFile(await write("spin.caravan.ts", loop), { dataDir: file("data"), timeoutMs: 3000 });
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(spun.ok && spun.report.cells.find((c) => c.id === "spin")).toMatchObject({ status: "error", error: { kind: "timeout" } });
    },
    SLOW,
  );

  test(
    "a generator is checked at its first value",
    async () => {
      const text = NOTEBOOK.replace("// %% end", "// %% [code id=ticks]\nconst ticks = (function* () { let i = 10; while (true) yield i++; })()\n// %% output\n// 10\n\n// %% [code id=after]\nticks * 2\n// %% output\n// 20\n\n// %% end");
      const result = await checkFile(await write("gen.caravan.ts", text), { dataDir: file("data") });
      expect(result.ok && result.report.ok).toBe(true);
      expect(result.ok && result.report.counts.match).toBe(7);
    },
    SLOW,
  );
});

describe("the check command", () => {
  test(
    "exits 0 when all saved outputs match, 1 on a mismatch naming the cell, 2 on an unreadable file",
    async () => {
      const ok = await write("cli-ok.caravan.ts", NOTEBOOK);
      const bad = await write("cli-bad.caravan.ts", NOTEBOOK.replace("// 0.333333", "// 0.5"));
      const broken = await write("cli-broken.caravan.ts", "not a notebook\n");
      const out: string[] = [];
      const print = (t: string) => void out.push(t);
      expect(await main([ok, "--data", file("data")], print)).toBe(0);
      expect(out.join("\n")).toMatch(/PASS: 5 match, 0 mismatch, 0 error, 0 new/);
      out.length = 0;
      expect(await main([bad, "--data", file("data")], print)).toBe(1);
      expect(out.join("\n")).toContain("MISMATCH  third (line 1)\n              expected: 0.5\n              actual:   0.333333");
      out.length = 0;
      out.length = 0;
      expect(await main([bad, "--data", file("data"), "--update"], print)).toBe(0);
      expect(out.join("\n")).toContain(`UPDATED: 4 match, 1 mismatch, 0 error, 0 new`);
      expect(await main([bad, "--data", file("data")], print)).toBe(0);
      out.length = 0;
      expect(await main([broken], print)).toBe(2);
      expect(out.join("\n")).toContain(`${broken}:1: not a Caravan notebook`);
      expect(await main(["--tolerance"], print)).toBe(2);
    },
    SLOW,
  );
});
