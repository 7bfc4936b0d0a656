import { describe, expect, test } from "vitest";
import { DrawScheduler } from "./drawScheduler";

/** A 1,000-cell notebook whose cells 40–59 are near the viewport. */
function notebook() {
  const drawn: string[] = [];
  const draws = new DrawScheduler((id) => drawn.push(id));
  const ids = Array.from({ length: 1000 }, (_, i) => `c${i}`);
  for (const [i, id] of ids.entries()) draws.setNear(id, i >= 40 && i < 60);
  return { drawn, draws, ids };
}

describe("draw scheduler", () => {
  test("an event batch over 1,000 cells draws only the views near the viewport", () => {
    const { drawn, draws, ids } = notebook();
    for (const id of ids) draws.changed(id);
    expect(drawn).toEqual(ids.slice(40, 60));
    expect(draws.pending).toBe(980);
    // A view told three times while away draws once, when it comes near.
    draws.changed("c700");
    draws.changed("c700");
    draws.setNear("c700", true);
    expect(drawn.filter((id) => id === "c700")).toEqual(["c700"]);
    draws.changed("c700");
    expect(drawn.filter((id) => id === "c700")).toHaveLength(2);
  });

  test("idle time draws the waiting views in the order they changed, within its budget", () => {
    const { drawn, draws } = notebook();
    draws.changed("c900");
    draws.changed("c5");
    draws.changed("c300");
    let left = 2;
    expect(draws.drawSome(() => left--)).toBe(true);
    expect(drawn).toEqual(["c900", "c5"]);
    expect(draws.drawSome(() => 1)).toBe(false);
    expect(drawn).toEqual(["c900", "c5", "c300"]);
  });

  test("given the cells' places, idle time draws the waiting views nearest the viewport first", () => {
    const drawn: string[] = [];
    const draws = new DrawScheduler((id) => drawn.push(id), (id) => Number(id.slice(1)));
    for (let i = 0; i < 1000; i++) draws.setNear(`c${i}`, i >= 40 && i < 60);
    for (const id of ["c900", "c5", "c300", "c61", "c39"]) draws.changed(id);
    let left = 3;
    expect(draws.drawSome(() => left--)).toBe(true);
    expect(drawn).toEqual(["c39", "c61", "c5"]);
    expect(draws.drawSome(() => 1)).toBe(false);
    expect(drawn).toEqual(["c39", "c61", "c5", "c300", "c900"]);
  });

  test("a view that left the viewport waits again; a removed one is forgotten", () => {
    const { drawn, draws } = notebook();
    draws.setNear("c45", false);
    draws.changed("c45");
    draws.changed("c46");
    expect(drawn).toEqual(["c46"]);
    draws.forget("c45");
    expect(draws.pending).toBe(0);
    draws.setNear("c45", true);
    expect(drawn).toEqual(["c46"]);
  });
});
