import { describe, expect, it } from "vitest";
import { readReply } from "./protocol";

const known = new Set(["a"]);
const diagnostic = { from: 0, to: 3, severity: "error", message: "bad", code: 2322 };

describe("the page's door for the checker's replies", () => {
  it("rebuilds a well-formed reply from its known fields", () => {
    const reply = readReply({ kind: "diagnostics", request: 1, cells: { a: [{ ...diagnostic, extra: "dropped" }] }, extra: 1 }, known);
    expect(reply).toEqual({ kind: "diagnostics", request: 1, cells: { a: [diagnostic] } });
  });

  const refused: [string, unknown][] = [
    ["not an object", "diagnostics"],
    ["an unknown kind", { kind: "eval", request: 1 }],
    ["no request number", { kind: "hover", info: null }],
    ["diagnostics for a cell the page did not send", { kind: "diagnostics", request: 1, cells: { b: [diagnostic] } }],
    ["a prototype key as a cell", JSON.parse('{"kind":"diagnostics","request":1,"cells":{"__proto__":[]}}')],
    ["a diagnostic ending before it starts", { kind: "diagnostics", request: 1, cells: { a: [{ ...diagnostic, from: 5, to: 2 }] } }],
    ["an unknown severity", { kind: "diagnostics", request: 1, cells: { a: [{ ...diagnostic, severity: "fatal" }] } }],
    ["a message that is not text", { kind: "diagnostics", request: 1, cells: { a: [{ ...diagnostic, message: { toString: "x" } }] } }],
    ["an oversized message", { kind: "diagnostics", request: 1, cells: { a: [{ ...diagnostic, message: "x".repeat(100_001) }] } }],
    ["a completion without a name", { kind: "completions", request: 1, from: 0, entries: [{ kind: "const" }] }],
    ["a hover with a negative position", { kind: "hover", request: 1, info: { from: -1, to: 0, text: "", documentation: "" } }],
    ["a signature with a fractional parameter", { kind: "signature", request: 1, info: { text: "f()", documentation: "", parameter: 0.5 } }],
  ];
  for (const [name, value] of refused) it(`refuses ${name}`, () => expect(readReply(value, known)).toBeNull());

  it("keeps a partial diagnostics reply marked as partial, and only `true` marks one", () => {
    expect(readReply({ kind: "diagnostics", request: 4, cells: { a: [] }, partial: true }, known)).toEqual({ kind: "diagnostics", request: 4, cells: { a: [] }, partial: true });
    expect(readReply({ kind: "diagnostics", request: 4, cells: { a: [] }, partial: "yes" }, known)).toEqual({ kind: "diagnostics", request: 4, cells: { a: [] } });
  });

  it("reads a completion entry's late details, and refuses them without text", () => {
    expect(readReply({ kind: "details", request: 5, info: { detail: "f(): void", documentation: "" } }, known)).toEqual({ kind: "details", request: 5, info: { detail: "f(): void", documentation: "" } });
    expect(readReply({ kind: "details", request: 5, info: null }, known)).toEqual({ kind: "details", request: 5, info: null });
    expect(readReply({ kind: "details", request: 5, info: { detail: 1, documentation: "" } }, known)).toBeNull();
  });

  it("accepts an empty hover and signature", () => {
    expect(readReply({ kind: "hover", request: 2, info: null }, known)).toEqual({ kind: "hover", request: 2, info: null });
    expect(readReply({ kind: "signature", request: 3, info: null }, known)).toEqual({ kind: "signature", request: 3, info: null });
  });
});
