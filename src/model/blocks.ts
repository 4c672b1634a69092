// The one conflict rule (docs/design.md §4): can a request in mode `requested` wait on a holder in `held`?
// It is lockdep's "strong dependency path" rule (kernel/locking/lockdep.c, check_noncircular /
// __bfs with the -(*R)-> / -(S*)-> exclusion), stated per lock.
import { LOCK_MODES, type LockMode } from '../trace/event.js';

/**
 * True when a request in `requested` mode can wait on a holder in `held` mode.
 * - anything vs EXCLUSIVE, EXCLUSIVE vs anything: true;
 * - SHARED vs SHARED: true (a queued rwsem writer can come between two readers);
 * - SHARED_RECURSIVE (rwlock read) vs any shared mode: false; SHARED vs a SHARED_RECURSIVE
 *   holder: false (the recursive reader never blocks a reader);
 * - ADD vs BLOCK, BLOCK vs ADD: true; ADD/ADD, BLOCK/BLOCK: false (bcachefs two-state lock);
 * - ADD/BLOCK vs SHARED*, either way: true. Such pairs never share one lock in practice (the two
 *   lock kinds are different objects); treating them as conflicts is the safe answer.
 */
export function blocks(requested: LockMode, held: LockMode): boolean {
  if (requested === 'EXCLUSIVE' || held === 'EXCLUSIVE') return true;
  const reqShared = requested === 'SHARED' || requested === 'SHARED_RECURSIVE';
  const heldShared = held === 'SHARED' || held === 'SHARED_RECURSIVE';
  if (reqShared && heldShared) return requested === 'SHARED' && held === 'SHARED';
  if (reqShared || heldShared) return true;
  return requested !== held;
}

const TABLE = new Uint8Array(LOCK_MODES.length * LOCK_MODES.length);
LOCK_MODES.forEach((requested, r) => {
  LOCK_MODES.forEach((held, h) => { TABLE[r * LOCK_MODES.length + h] = blocks(requested, held) ? 1 : 0; });
});

/** blocks() on mode codes (model/mode-code.ts), a table lookup for the replay loop. */
export function blocksCode(requested: number, held: number): boolean {
  return TABLE[requested * LOCK_MODES.length + held] === 1;
}
