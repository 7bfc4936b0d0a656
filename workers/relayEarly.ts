/**
 * The kernel worker's relay (workers/relay.ts), started as the first thing its bundle does: the
 * relay's script then loads while the rest of the bundle evaluates, instead of after it, when
 * the first cells are waiting. Imported first by workers/kernel.worker.ts, and only there.
 */
import { spawnRelay } from "./relay";

/** The relay worker, or null where workers cannot start workers. */
export const earlyRelay = spawnRelay();
