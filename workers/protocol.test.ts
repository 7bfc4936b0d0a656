import { describe, expect, test } from "vitest";
import { parseHostReply, parseHostRequest, parseSavedCell } from "./protocol";

describe("sandbox host protocol", () => {
  test("the host accepts a well-formed start and terminate", () => {
    const { port1 } = new MessageChannel();
    const start = { type: "start", generation: 1, code: new Blob(["x"]), solverCode: new Blob(["y"]), codeVersion: "v", port: port1, keep: false };
    expect(parseHostRequest(start)).toBe(start);
    expect(parseHostRequest({ type: "terminate", generation: 1 })).toEqual({ type: "terminate", generation: 1 });
    const prepare = { type: "prepare", generation: 1, code: new Blob(["x"]), codeVersion: "v" };
    expect(parseHostRequest(prepare)).toBe(prepare);
    port1.close();
  });

  const bad: [string, unknown][] = [
    ["null", null],
    ["a string", "start"],
    ["an unknown type", { type: "eval", generation: 1 }],
    ["start without a port", { type: "start", generation: 1, code: new Blob(["x"]), codeVersion: "v", keep: false }],
    ["start without saying whether to keep saved values", { type: "start", generation: 1, code: new Blob(["x"]), codeVersion: "v", port: new MessageChannel().port1 }],
    ["start with code as a string", { type: "start", generation: 1, code: "self.close()", codeVersion: "v", port: {} }],
    ["start without the solvers' code", { type: "start", generation: 1, code: new Blob(["x"]), codeVersion: "v", port: new MessageChannel().port1, keep: false }],
    ["prepare with code as a string", { type: "prepare", generation: 1, code: "self.close()", codeVersion: "v" }],
    ["terminate without a generation", { type: "terminate" }],
  ];
  test.each(bad)("the host ignores %s", (_, message) => {
    expect(parseHostRequest(message)).toBeNull();
  });

  test("the app accepts host replies by shape only, copying known fields", () => {
    expect(parseHostReply({ type: "host-ready", extra: 1 })).toEqual({ type: "host-ready" });
    expect(parseHostReply({ type: "worker-error", generation: 2, message: "boom" })).toEqual({ type: "worker-error", generation: 2, message: "boom" });
    expect(parseHostReply({ type: "worker-error", generation: "2", message: "boom" })).toBeNull();
    expect(parseHostReply({ type: "navigate" })).toBeNull();
  });


  test("the host keeps only well-shaped saved-cell records from its worker", () => {
    const ok = { type: "saved", cell: "a", source: "const a = 1", result: { ok: true, display: 1, declared: [1] } };
    expect(parseSavedCell(ok)).toEqual(ok);
    expect(parseSavedCell({ type: "saved", cell: "a", source: "s", result: { ok: false, thrown: { message: "m" }, line: 2, column: "x" } })).toEqual({ type: "saved", cell: "a", source: "s", result: { ok: false, thrown: { message: "m" }, line: 2 } });
    expect(parseSavedCell({ type: "start", cell: "a" })).toBeNull();
    expect(parseSavedCell({ type: "saved", cell: 1, source: "s", result: { ok: true, declared: [] } })).toBeNull();
    expect(parseSavedCell({ type: "saved", cell: "a", source: "s", result: { ok: true, declared: "x" } })).toBeNull();
  });
});
