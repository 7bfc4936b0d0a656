// Runs every benchmark in bench/ (files named *.bench.ts), one process each, in name order.
// Benchmarks print figures and ratios against a peer measured in the same run; they never assert.
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

const only = process.argv.slice(2);
const files = readdirSync(new URL("../bench/", import.meta.url))
  .filter((f) => f.endsWith(".bench.ts") || f.endsWith(".bench.mjs"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file}`);
  const result = spawnSync("npx", ["tsx", `bench/${file}`], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
if (failed) {
  console.error(`${failed} benchmark file(s) failed to run`);
  process.exit(1);
}
