// The model's per-task state: held locks (parallel arrays, in acquisition order), the lock the
// task waits for and its fork/join clock. Mutable on purpose: the replay loop
// updates it in place and allocates nothing per event.
import { MODE_EXCLUSIVE } from './mode-code.js';
import { initialClock, type VectorClock } from './vector-clock.js';

/** No lock / no event. */
export const NONE = -1;

/** Held locks up to which positions are found by a scan; beyond, through the held index. */
export const HELD_SCAN_MAX = 16;

export interface TaskSlot {
  /** Dense task id (index in the task table). */
  readonly id: number;
  readonly tid: number;
  comm: string | undefined;
  /** False once the task exited (its holds are released). */
  alive: boolean;
  /**
   * Index of the last `lost` event that concerned the task, NONE when none: from then on its
   * state is uncertain (a release of an unknown lock is no misuse; a hold taken before it may
   * be stale).
   */
  lostAt: number;

  // Held locks, one entry per instance; `heldCount` counts recursive holds.
  readonly heldInstance: number[];
  readonly heldKey: number[];
  readonly heldMode: number[];
  readonly heldCount: number[];
  readonly heldIndex: number[];
  readonly heldTs: number[];
  readonly heldStack: (readonly bigint[] | undefined)[];
  /**
   * The held index, kept by lock-state.ts while the task holds more than HELD_SCAN_MAX locks
   * (else undefined): position by instance, first position by key. A task holding a million
   * locks finds each in O(1), not by a scan.
   */
  heldAt: Map<number, number> | undefined;
  heldKeyAt: Map<number, number> | undefined;
  /** Bumped by lock-state.ts each time a lock joins or leaves the held arrays (not a count change). */
  heldVersion: number;
  /** Chain key of the held (key, mode) multiset, two 32-bit halves (model/held-chain-key.ts). */
  heldChainLo: number;
  heldChainHi: number;

  // The blocked request (the what-if wait, docs/design.md §4): set at the request, cleared at the
  // task's next acquisition request or its next event, whichever comes first; a release keeps it.
  waitInstance: number;
  waitMode: number;
  waitIndex: number;
  waitTs: number;
  waitStack: readonly bigint[] | undefined;

  /**
   * Vector clock that ticks only at fork and join (model/vector-clock.ts), sparse: only the
   * tasks it knows of. Copy-on-write: a new array at every change, so edges keep a reference to
   * it instead of a copy.
   */
  clock: VectorClock;
}

/** A new task with nothing held and its own clock entry at 1. */
export function createTaskSlot(id: number, tid: number, comm: string | undefined): TaskSlot {
  const clock = initialClock(id);
  return {
    id, tid, comm, alive: true, lostAt: NONE,
    heldInstance: [], heldKey: [], heldMode: [], heldCount: [], heldIndex: [], heldTs: [], heldStack: [],
    heldAt: undefined, heldKeyAt: undefined, heldVersion: 0,
    heldChainLo: 0, heldChainHi: 0,
    waitInstance: NONE, waitMode: 0, waitIndex: NONE, waitTs: 0, waitStack: undefined,
    clock,
  };
}

/** Position of `instance` in the task's held arrays, or NONE. */
export function heldPosition(task: TaskSlot, instance: number): number {
  if (task.heldAt !== undefined) return task.heldAt.get(instance) ?? NONE;
  const held = task.heldInstance;
  for (let i = 0; i < held.length; i++) if (held[i] === instance) return i;
  return NONE;
}

/** Position of the first held lock with detector key `key`, or NONE. */
export function heldKeyPosition(task: TaskSlot, key: number): number {
  if (task.heldKeyAt !== undefined) return task.heldKeyAt.get(key) ?? NONE;
  const held = task.heldKey;
  for (let i = 0; i < held.length; i++) if (held[i] === key) return i;
  return NONE;
}

/** True when the task holds a lock of detector key `key` EXCLUSIVE. */
export function holdsKeyExclusive(task: TaskSlot, key: number): boolean {
  const first = heldKeyPosition(task, key);
  if (first === NONE) return false;
  const keys = task.heldKey;
  for (let i = first; i < keys.length; i++) if (keys[i] === key && task.heldMode[i] === MODE_EXCLUSIVE) return true;
  return false;
}

/** Forget the blocked request. */
export function clearWait(task: TaskSlot): void {
  task.waitInstance = NONE;
  task.waitStack = undefined;
}
