// The long durability run (issue 19): for each way a browser session can end (reload, tab
// close, renderer crash, SIGKILL of the browser process), CYCLES cycles of typing, ending
// and reopening in Chromium with a persistent profile; prints edits lost (older than the
// autosave delay) and deleted cells that came back. Not part of `npm test`.
//   npm run soak                 25 cycles of each ending (100 in all)
//   SOAK_CYCLES=5 npm run soak   fewer
//   SOAK_ENDINGS=kill,crash npm run soak
import { tsImport } from "tsx/esm/api";

const harness = await tsImport("../test/e2e/endings.ts", import.meta.url);
const cycles = Number(process.env.SOAK_CYCLES ?? 25);
const endings = (process.env.SOAK_ENDINGS ?? harness.ENDINGS.join(",")).split(",");

const started = Date.now();
const server = await harness.serveSoakApp();
console.log(`app built and served at ${server.url} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
const totals = [];
try {
  for (const ending of endings) {
    const t0 = Date.now();
    const results = await harness.runEnding(ending, cycles, server.url, (r, i) => {
      if (r.lost || r.resurrected) console.log(`  ${ending} cycle ${i + 1}: ${r.details.join("; ")}`);
    });
    const row = {
      ending,
      cycles: results.length,
      lost: results.reduce((n, r) => n + r.lost, 0),
      resurrected: results.reduce((n, r) => n + r.resurrected, 0),
      freshKept: results.filter((r) => r.freshKept).length,
      seconds: Math.round((Date.now() - t0) / 1000),
    };
    totals.push(row);
    console.log(`${ending.padEnd(7)} ${row.cycles} cycles: ${row.lost} edits lost, ${row.resurrected} resurrected cells; the edit typed just before the end survived ${row.freshKept}/${row.cycles} (${row.seconds} s)`);
  }
} finally {
  await server.close();
}
const sum = (k) => totals.reduce((n, r) => n + r[k], 0);
console.log(`total   ${sum("cycles")} cycles: ${sum("lost")} edits lost (older than the autosave delay), ${sum("resurrected")} resurrected cells`);
process.exit(sum("lost") + sum("resurrected") === 0 ? 0 : 1);
