/** What the benchmarks print with: medians, milliseconds, and a figure beside its goal. */

/** The median of `values` (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds with one decimal: "12.3 ms". */
export function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

/** Prints one measure: its name (padded to `width`), the figure, the goal and whether it is met, and a peer's figure. */
export function line(name: string, value: string, goal: string, ok: boolean, peer = "", width = 56): void {
  console.log(`${name.padEnd(width)} ${value.padStart(12)}   goal ${goal.padEnd(10)} ${ok ? "✓" : "✗"}${peer ? `   ${peer}` : ""}`);
}
