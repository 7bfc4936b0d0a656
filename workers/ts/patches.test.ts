import { describe, expect, it } from "vitest";
import { applyPatches, PATCHES } from "./patches";

describe("declaration patches", () => {
  it("replace the exact text they name", () => {
    const out = applyPatches({ "/a.d.ts": "objects(): object[]; other" }, [{ file: "/a.d.ts", from: "object[]", to: "Record<string, any>[]", why: "rows" }]);
    expect(out["/a.d.ts"]).toBe("objects(): Record<string, any>[]; other");
  });

  it("fail loudly when a package update changed the text", () => {
    expect(() => applyPatches({ "/a.d.ts": "objects(): Row[];" }, [{ file: "/a.d.ts", from: "object[]", to: "x", why: "rows" }])).toThrow(
      'declaration patch not applicable: /a.d.ts no longer contains "object[]" (rows)',
    );
  });

  it("type Arquero's rows as records of their columns", () => {
    expect(PATCHES.map((p) => p.to)).toContain('objects(options?: import("./types.js").ObjectsOptions): Record<string, any>[];');
  });
});
