// The order-inversion detector's cache of requests already recorded (lockdep's lock-chain cache,
// kernel/locking/lockdep.c lookup_chain_cache()): a request by the same task, with the same
// fork/join clock, the same held (key, mode) multiset (its chain key) and the same requested key
// and mode, records only edges that existing variants cover, so it is skipped. A direct-mapped
// table in typed arrays: one slot per lookup, a newer request takes the slot of an older one
// that hashes alike (a cache only: a forgotten request is recorded again, and covered).
import { createClockEpochs } from '../model/clock-epoch.js';
import type { TaskSlot } from '../model/task-slot.js';

/** Slots in the table (a power of two). */
export const REQUEST_MEMO_SLOTS = 1 << 16;

export interface RequestMemo {
  /** True when this request was seen (and kept) before; false the first time (it is then kept). */
  seen(task: TaskSlot, toKey: number, mode: number): boolean;
}

export function createRequestMemo(slots = REQUEST_MEMO_SLOTS): RequestMemo {
  // Slot s is table[4s .. 4s+3] = (chainLo, chainHi, task epoch, key * 8 + mode), one cache
  // line per lookup; epoch 0 marks an empty slot (epochs start at 1).
  const mask = slots - 1;
  const table = new Int32Array(4 * slots);
  const epoch = createClockEpochs();

  return {
    seen(task, toKey, mode) {
      const a = task.heldChainLo | 0;
      const b = task.heldChainHi | 0;
      const e = epoch(task);
      const r = (toKey << 3) | mode;
      let h = Math.imul(a ^ (e << 16) ^ r, 0x45d9f3b) ^ b;
      h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
      const at = 4 * ((h ^ (h >>> 13)) & mask);
      if (table[at + 2] === e && table[at] === a && table[at + 1] === b && table[at + 3] === r) return true;
      table[at] = a; table[at + 1] = b; table[at + 2] = e; table[at + 3] = r;
      return false;
    },
  };
}
