import { describe, expect, test } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "./cli";
import type { JsonNotebook } from "./json";

// A real run: a worker thread with the browser's builtins (about a second).
const SLOW = 30_000;

const NOTEBOOK = `// caravan: 1
// title: console fixture

// %% [code id=logs]
const n = 3;
console.log("n is", n, { unit: "kg" });
console.warn("careful");
for (let i = 0; i < 5; i++) console.log("same");
setTimeout(() => console.error("from a timer"), 10);
n
// %% output
// 3

// %% [code id=flood]
for (let i = 0; i < 100000; i++) console.log(i);
// %% [code id=gen]
const gen = (function* () { console.info("generator started"); yield 1; })()
// %% end
`;

describe("console lines in the headless runner's report", () => {
  test(
    "the text and JSON reports carry each cell's lines, levels, repeat counts and cap",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "caravan-console-"));
      const path = join(dir, "console.caravan.ts");
      await writeFile(path, NOTEBOOK);
      let text = "";
      expect(await main([path], (line) => (text += `${line}\n`))).toBe(0);
      expect(text).toContain("  ok        logs\n");
      expect(text).toContain('                log│ n is 3 {unit: "kg"}\n');
      expect(text).toContain("               warn│ careful\n");
      expect(text).toContain("                log│ same ×5\n");
      expect(text).toContain("              error│ from a timer\n");
      expect(text).toContain("  console   flood\n");
      expect(text).toContain("                log│ 19\n");
      expect(text).not.toContain("log│ 20\n");
      expect(text).toContain(`… ${100_000 - 20} more console lines`);
      expect(text).toContain("               info│ generator started\n");

      let json = "";
      expect(await main([path, "--json"], (line) => (json += line))).toBe(0);
      const cells = (JSON.parse(json) as { notebooks: JsonNotebook[] }).notebooks[0]!.cells;
      const byId = Object.fromEntries(cells.map((c) => [c.id, c]));
      expect(byId.logs!.console.lines).toEqual([
        { level: "log", text: 'n is 3 {unit: "kg"}', count: 1 },
        { level: "warn", text: "careful", count: 1 },
        { level: "log", text: "same", count: 5 },
        { level: "error", text: "from a timer", count: 1 },
      ]);
      expect(byId.flood!.console.lines).toHaveLength(200);
      expect(byId.flood!.console.omitted).toBe(100_000 - 200);
    },
    SLOW,
  );
});
