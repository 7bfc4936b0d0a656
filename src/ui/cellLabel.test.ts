import { describe, expect, it } from "vitest";
import { cellLabel, declaredNames } from "./cellLabel";

describe("declaredNames", () => {
  it.each([
    ["const tariffs = 1\nlet rates = 2", ["tariffs", "rates"]],
    ["export function solve() {}\nclass Model {}", ["solve", "Model"]],
    ["async function* stream() {}", ["stream"]],
    ["const {a, b: c, ...rest} = obj", ["a", "c", "rest"]],
    ["const [x, , y = 2] = pair", ["x", "y"]],
    ["  const indented = 1", []],
    ["sectors.select('a')", []],
    ["const a = 1\nconst a = 2", ["a"]],
  ])("%j declares %j", (source, names) => {
    expect(declaredNames(source)).toEqual(names);
  });
});

describe("cellLabel", () => {
  it("names a code cell by its position and what it defines", () => {
    expect(cellLabel(3, "code", "const tariffs = load()\nconst rates = tariffs.x")).toBe("Cell 3, defines tariffs, rates");
  });
  it("counts names past the fourth", () => {
    expect(cellLabel(1, "code", "const a=1\nconst b=2\nconst c=3\nconst d=4\nconst e=5\nconst f=6")).toBe("Cell 1, defines a, b, c, d and 2 more");
  });
  it("says when a cell is empty or defines nothing", () => {
    expect(cellLabel(2, "code", "  \n")).toBe("Cell 2, empty");
    expect(cellLabel(4, "code", "chart(data)")).toBe("Cell 4");
  });
  it("names a Markdown cell by its first heading", () => {
    expect(cellLabel(1, "markdown", "Intro\n## Tariffs before the union\ntext")).toBe("Cell 1, Markdown: Tariffs before the union");
    expect(cellLabel(5, "markdown", "plain text")).toBe("Cell 5, Markdown");
  });
});
