/**
 * The scheduler's ready queue: cell ranks, lowest first. Ranks are dense (0…n-1), so a
 * bitmap with a moving cursor beats a heap: push and pop are O(1) amortised over a pass,
 * which matters when 10,000 readers of one cell become ready at once.
 */
export class RankQueue {
  private flags = new Uint8Array(0);
  private cursor = 0;
  private count = 0;

  /** Number of queued ranks. */
  get size(): number {
    return this.count;
  }

  /** Queues `rank` (0-based); queuing a rank twice keeps one entry. */
  push(rank: number): void {
    if (rank >= this.flags.length) {
      const grown = new Uint8Array(Math.max(rank + 1, this.flags.length * 2, 64));
      grown.set(this.flags);
      this.flags = grown;
    }
    if (this.flags[rank]) return;
    this.flags[rank] = 1;
    this.count++;
    if (rank < this.cursor || this.count === 1) this.cursor = rank;
  }

  /** Removes and returns the lowest queued rank; undefined when empty. */
  pop(): number | undefined {
    if (this.count === 0) return undefined;
    const flags = this.flags;
    let rank = this.cursor;
    while (!flags[rank]) rank++;
    flags[rank] = 0;
    this.count--;
    this.cursor = rank + 1;
    return rank;
  }

  /** Removes everything. */
  clear(): void {
    this.flags.fill(0);
    this.count = 0;
    this.cursor = 0;
  }
}
