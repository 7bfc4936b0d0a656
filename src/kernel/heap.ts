/**
 * A binary min-heap of small non-negative integers (cell indexes or ranks): the
 * deterministic "lowest first" queue behind topological order with document tie-breaks.
 */
export class MinHeap {
  private items: number[] = [];

  /** Number of items queued. */
  get size(): number {
    return this.items.length;
  }

  /** Adds `value`. */
  push(value: number): void {
    const items = this.items;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent] <= value) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = value;
  }

  /** Removes and returns the smallest value; undefined when empty. */
  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && items[child + 1] < items[child]) child++;
        if (items[child] >= last) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top;
  }

  /** Removes everything. */
  clear(): void {
    this.items.length = 0;
  }
}
