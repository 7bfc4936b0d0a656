import { describe, expect, it } from "vitest";
import { nextTheme, storedTheme } from "./theme";

const storage = (value: string | null) => ({ getItem: () => value });

describe("theme choice", () => {
  it("reads a stored choice, and falls back to the system setting", () => {
    expect(storedTheme(storage("dark"))).toBe("dark");
    expect(storedTheme(storage("light"))).toBe("light");
    expect(storedTheme(storage(null))).toBe("system");
    expect(storedTheme(storage("purple"))).toBe("system");
    expect(storedTheme(undefined)).toBe("system");
    expect(storedTheme({ getItem: () => { throw new Error("denied"); } })).toBe("system");
  });

  it("cycles system → dark → light → system", () => {
    expect([nextTheme("system"), nextTheme("dark"), nextTheme("light")]).toEqual(["dark", "light", "system"]);
  });
});
