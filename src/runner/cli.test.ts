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
