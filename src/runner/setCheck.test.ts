import { describe, expect, test } from "vitest";
import { setProblem } from "./setCheck";
import type { WidgetSpec } from "../display/types";

describe("setProblem: a --set value against the widget declared under its name", () => {
  test("a slider takes a number within its range", () => {
    const slider = { type: "slider", min: 0, max: 50, step: 1, value: 10 } as const;
    expect(setProblem("rate", slider, 25)).toBeNull();
    expect(setProblem("rate", slider, 0)).toBeNull();
    expect(setProblem("rate", slider, 50)).toBeNull();
    expect(setProblem("rate", slider, "abc")).toBe('rate is a slider from 0 to 50: the text "abc" is not a number');
    expect(setProblem("rate", slider, "")).toBe('rate is a slider from 0 to 50: the text "" is not a number');
    expect(setProblem("rate", slider, 50.5)).toBe("rate is a slider from 0 to 50: 50.5 is outside it");
    expect(setProblem("rate", slider, -1)).toBe("rate is a slider from 0 to 50: -1 is outside it");
  });

  test("a number input checks only the bounds it has", () => {
    expect(setProblem("n", { type: "number", value: 1 }, 1e9)).toBeNull();
    expect(setProblem("n", { type: "number", min: 1, value: 1 }, 0)).toBe("n is a number input of at least 1: 0 is outside it");
    expect(setProblem("n", { type: "number", value: 1 }, null)).toBe("n is a number input: null is not a number");
  });

  test("a select takes one of its options, a checkbox a boolean, a text box text", () => {
    const select: WidgetSpec = { type: "select", options: ["EAEU", "WTO", "2"], value: 0 };
    expect(setProblem("scenario", select, "WTO")).toBeNull();
    expect(setProblem("scenario", select, 2)).toBeNull();
    expect(setProblem("scenario", select, "wto")).toBe('scenario is a select of "EAEU", "WTO", "2": the text "wto" is not one of them');
    expect(setProblem("on", { type: "checkbox", value: false }, true)).toBeNull();
    expect(setProblem("on", { type: "checkbox", value: false }, "yes")).toBe('on is a checkbox: the text "yes" is not true or false');
    expect(setProblem("label", { type: "text", value: "" }, "25")).toBeNull();
    expect(setProblem("label", { type: "text", value: "" }, 25)).toBe(`label is a text input: 25 is not text (quote it: --set 'label="25"')`);
  });

  test("a button or a table cannot be set", () => {
    expect(setProblem("go", { type: "button", label: "Go", value: 0 }, 1)).toBe("go is a button, which --set cannot press or pick");
  });
});
