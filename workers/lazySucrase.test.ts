import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { lazySucrase } from "./vite-plugins";

/**
 * Bundles `entry` as the kernel worker is bundled (iife, browser) with the lazy transpiler and
 * runs it; `compiled` counts the code the bundle compiles with `new Function` as it runs.
 */
async function bundled(entry: string): Promise<{ exports: Record<string, unknown>; compiled: () => number }> {
  const result = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    format: "iife",
    globalName: "entry",
    platform: "browser",
    target: "es2022",
    write: false,
    plugins: [lazySucrase(process.cwd(), true)],
  });
  const code = result.outputFiles[0]!.text;
  let compiled = 0;
  const counting = function (...args: string[]) {
    compiled++;
    return new Function(...args);
  };
  const exports = new Function("Function", `${code}\nreturn entry;`)(counting) as Record<string, unknown>;
  return { exports, compiled: () => compiled };
}

describe("the kernel worker's lazy transpiler", () => {
  it("ships sucrase as text, compiled only when a cell is first transpiled, with the package's output", async () => {
    const { exports, compiled } = await bundled(`
      import { transform } from "sucrase";
      export const first = () => transform("const rate: number = 0.1; type T = string", { transforms: ["typescript"], disableESTransforms: true }).code;
    `);
    // Loading the bundle compiles nothing more; the first transpile compiles sucrase, once.
    expect(compiled()).toBe(0);
    const { transform } = await import("sucrase");
    const expected = transform("const rate: number = 0.1; type T = string", { transforms: ["typescript"], disableESTransforms: true }).code;
    expect((exports.first as () => string)()).toBe(expected);
    expect(compiled()).toBe(1);
    expect((exports.first as () => string)()).toBe(expected);
    expect(compiled()).toBe(1);
    expect(expected).toContain("const rate = 0.1");
  });

  it("reports a syntax error as sucrase does, with its position", async () => {
    const { exports } = await bundled(`
      import { transform } from "sucrase";
      export const bad = () => { try { transform("const = 1", { transforms: ["typescript"] }); return null } catch (e) { return e.loc } };
    `);
    expect((exports.bad as () => unknown)()).toMatchObject({ line: 1 });
  });
});
