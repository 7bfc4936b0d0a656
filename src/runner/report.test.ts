import { describe, expect, test } from "vitest";
import { formatReport, REPORT_MESSAGE_CHARS } from "./report";
import type { CheckReport } from "./check";

describe("the text report", () => {
  test("an error message of megabytes is cut to its first characters, saying how much was left out", () => {
    const message = "x".repeat(5_000_000);
    const report: CheckReport = {
      cells: [{ id: "big", status: "error", error: { kind: "exception", cell: "big", message } }],
      ok: false,
      counts: { match: 0, mismatch: 0, error: 1, new: 0, skip: 0 },
      timedOut: false,
      failure: "y".repeat(10_000),
      elapsedMs: 1,
    };
    const text = formatReport("n.caravan.ts", report);
    expect(text.length).toBeLessThan(3 * REPORT_MESSAGE_CHARS);
    expect(text).toContain(`ERROR     big (exception): ${"x".repeat(REPORT_MESSAGE_CHARS)}… (4,998,000 more characters)`);
    expect(text).toContain("the runner failed: ");
    expect(text).toContain("(8,000 more characters)");
  });
});
