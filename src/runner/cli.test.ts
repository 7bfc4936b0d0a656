import { describe, expect, test } from "vitest";
import { parseArgs } from "./cli";

describe("command line", () => {
  test("files and options are read in any order", () => {
    expect(parseArgs(["a.caravan.ts", "--update", "--tolerance", "1e-3", "--timeout=500", "--data", "d", "--strict", "b.caravan.ts"])).toEqual({
      files: ["a.caravan.ts", "b.caravan.ts"],
      options: { update: true, tolerance: 1e-3, timeoutMs: 500, dataDir: "d", strict: true },
    });
  });

  test.each([
    [["a", "--tolerance", "abc"], "invalid --tolerance: abc"],
    [["a", "--tolerance", "-1"], "invalid --tolerance: -1"],
    [["a", "--timeout", "0"], "invalid --timeout: 0"],
    [["a", "--frobnicate"], "unknown option --frobnicate"],
    [["--update"], "no notebook given"],
  ])("%j is refused: %s", (argv, error) => {
    expect(parseArgs(argv)).toEqual({ error });
  });
});

describe("the check command as a process", () => {
  test(
    "npm run check's command exits 1 on a mismatch and 0 once the file matches",
    async () => {
      const { execFile } = await import("node:child_process");
      const { mkdtemp, writeFile } = await import("node:fs/promises");
      const { tmpdir } = await import("node:os");
      const { join } = await import("node:path");
      const dir = await mkdtemp(join(tmpdir(), "caravan-cli-"));
      const path = join(dir, "n.caravan.ts");
      await writeFile(path, "// caravan: 1\n// title: t\n\n// %% [code id=x]\n6 * 7\n// %% output\n// 41\n\n// %% end\n");
      const run = (...args: string[]) =>
        new Promise<{ code: number; out: string }>((resolve) =>
          execFile("npx", ["tsx", "src/runner/cli.ts", path, ...args], (error, stdout) => resolve({ code: error ? Number(error.code) : 0, out: stdout })),
        );
      const failed = await run();
      expect(failed.code).toBe(1);
      expect(failed.out).toContain("MISMATCH  x (line 1)");
      expect((await run("--update")).code).toBe(0);
      expect(await run()).toMatchObject({ code: 0, out: expect.stringContaining("PASS: 1 match") });
    },
    60_000,
  );
});
