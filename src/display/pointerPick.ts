/**
 * Which datum a chart's pointer picks: the rule of Plot's `pointermove` (Plot 0.6.17,
 * interactions/pointer.js), shared by the worker, which prepares pointer marks, and the page,
 * which shows them. No DOM and no Plot here.
 */
import type { PointerMode } from "./types";

/** Plot's default radius, in pixels, within which the pointer picks a datum. */
export const POINTER_RADIUS = 40;

/** How much each axis counts: `pointerX` squashes y distances (and `pointerY` x) by 100. */
const WEIGHTS: Record<PointerMode, [number, number]> = { xy: [1, 1], x: [1, 0.01], y: [0.01, 1] };

/**
 * The index of the point Plot's pointer would pick at (x, y) in `mode`, or null when none is
 * within `radius`. Outside the frame (left, top, right, bottom) distances are not squashed;
 * of equally near points the last wins, as in Plot.
 */
export function nearest(points: readonly { x: number; y: number }[], x: number, y: number, mode: PointerMode, frame: readonly [number, number, number, number], radius = POINTER_RADIUS): number | null {
  const [kx, ky] = WEIGHTS[mode];
  const [left, top, right, bottom] = frame;
  const kpx = x < left || x > right ? 1 : kx;
  const kpy = y < top || y > bottom ? 1 : ky;
  let best: number | null = null;
  let r = radius * radius;
  for (let j = 0; j < points.length; j++) {
    const dx = kpx * (points[j]!.x - x);
    const dy = kpy * (points[j]!.y - y);
    const rj = dx * dx + dy * dy;
    if (rj <= r) (best = j), (r = rj);
  }
  return best;
}
