/**
 * Which cell views draw their outputs now and which wait. A notebook of a thousand cells
 * gets thousands of kernel events when it opens or when its root changes; drawing every
 * output as it arrives would spend the main thread on cells nobody can see. A view near
 * the viewport draws at once; any other keeps what it was told and draws when it comes
 * near, or in idle time, a few at a time, in the order they changed. DOM-free: the notebook
 * view feeds it visibility (an IntersectionObserver) and idle periods.
 */

/** Draws the latest state of cell `id`'s view (its output, progress and console). */
export type Draw = (id: string) => void;

/** Cell `id`'s place in the notebook (0-based), or undefined when it has none. */
export type Position = (id: string) => number | undefined;

/** Schedules the drawing of cell views by their distance from the viewport. */
export class DrawScheduler {
  private readonly near = new Set<string>();
  /** Views with something not yet drawn, in the order they first changed. */
  private readonly waiting = new Set<string>();

  /** With `position`, idle time draws the waiting views nearest the viewport first; without, in the order they changed. */
  constructor(
    private readonly draw: Draw,
    private readonly position?: Position,
  ) {}

  /** Cell `id` has something new to show: drawn now if its view is near the viewport, else later. */
  changed(id: string): void {
    if (this.near.has(id)) {
      this.waiting.delete(id);
      this.draw(id);
    } else this.waiting.add(id);
  }

  /** Whether cell `id`'s view is near the viewport (it draws what it is told at once). */
  isNear(id: string): boolean {
    return this.near.has(id);
  }

  /** Cell `id`'s view came near the viewport (`near`) or left it; one coming near draws what waits. */
  setNear(id: string, near: boolean): void {
    if (!near) {
      this.near.delete(id);
      return;
    }
    this.near.add(id);
    if (this.waiting.delete(id)) this.draw(id);
  }

  /** The view of `id` is gone. */
  forget(id: string): void {
    this.near.delete(id);
    this.waiting.delete(id);
  }

  /** How many views wait to draw. */
  get pending(): number {
    return this.waiting.size;
  }

  /**
   * Draws waiting views while `timeLeft()` is positive, those nearest the viewport first (the
   * ones a reader scrolls to next), else oldest change first; returns whether any still wait.
   */
  drawSome(timeLeft: () => number): boolean {
    for (const id of this.position ? this.byDistance() : [...this.waiting]) {
      if (timeLeft() <= 0) break;
      this.waiting.delete(id);
      this.draw(id);
    }
    return this.waiting.size > 0;
  }

  /** The waiting views ordered by how many cells lie between them and the nearest view near the viewport. */
  private byDistance(): string[] {
    const at = this.position!;
    let low = Infinity;
    let high = -Infinity;
    for (const id of this.near) {
      const p = at(id);
      if (p === undefined) continue;
      low = Math.min(low, p);
      high = Math.max(high, p);
    }
    if (low > high) low = high = 0;
    const distance = (id: string) => {
      const p = at(id) ?? Infinity;
      return p < low ? low - p : p > high ? p - high : 0;
    };
    return [...this.waiting].map((id) => [id, distance(id)] as const).sort((a, b) => a[1] - b[1]).map(([id]) => id);
  }
}
