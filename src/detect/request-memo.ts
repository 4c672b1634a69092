// The order-inversion detector's cache of requests already recorded (lockdep's lock-chain cache,
// kernel/locking/lockdep.c lookup_chain_cache()): a request by the same task, with the same
// fork/join clock, the same held (key, mode) multiset (its chain key) and the same requested key
// and mode, records only edges that existing variants cover, so it is skipped. An open-addressing
// table in typed arrays, no allocation per lookup; bounded, emptied when full (a cache only).
import { createClockEpochs } from '../model/clock-epoch.js';
import type { TaskSlot } from '../model/task-slot.js';

/** Entries kept at most; the table is emptied when it holds this many. */
export const REQUEST_MEMO_CAPACITY = 1 << 18;

const INITIAL_SLOTS = 1 << 12;

export interface RequestMemo {
  /** True when this request was seen before; false the first time (it is then remembered). */
  seen(task: TaskSlot, toKey: number, mode: number): boolean;
}

export function createRequestMemo(capacity = REQUEST_MEMO_CAPACITY): RequestMemo {
  // Slot s is table[4s .. 4s+3] = (chainLo, chainHi, task epoch, key * 8 + mode), one cache
  // line per probe; epoch 0 marks an empty slot (epochs start at 1).
  let mask = INITIAL_SLOTS - 1;
  let table = new Int32Array(4 * INITIAL_SLOTS);
  let count = 0;
  const epoch = createClockEpochs();

  function slotOf(a: number, b: number, e: number, r: number): number {
    let h = Math.imul(a ^ (e << 16) ^ r, 0x45d9f3b) ^ b;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    return (h ^ (h >>> 13)) & mask;
  }

  // The slot holding (a, b, e, r), or the empty slot where it goes.
  function probe(a: number, b: number, e: number, r: number): number {
    let s = slotOf(a, b, e, r);
    for (;;) {
      const at = 4 * s;
      const slotEpoch = table[at + 2];
      if (slotEpoch === 0 || (slotEpoch === e && table[at] === a && table[at + 1] === b && table[at + 3] === r)) return s;
      s = (s + 1) & mask;
    }
  }

  function resize(slots: number): void {
    const old = table;
    mask = slots - 1;
    table = new Int32Array(4 * slots);
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 2] === 0) continue;
      const s = 4 * probe(old[at], old[at + 1], old[at + 2], old[at + 3]);
      table.set(old.subarray(at, at + 4), s);
    }
  }

  return {
    seen(task, toKey, mode) {
      const a = task.heldChainLo | 0;
      const b = task.heldChainHi | 0;
      const e = epoch(task);
      const r = (toKey << 3) | mode;
      let s = probe(a, b, e, r);
      if (table[4 * s + 2] !== 0) return true;
      if (count >= capacity) {
        table.fill(0);
        count = 0;
        s = probe(a, b, e, r);
      } else if (2 * (count + 1) > mask + 1) {
        resize(2 * (mask + 1));
        s = probe(a, b, e, r);
      }
      const at = 4 * s;
      table[at] = a; table[at + 1] = b; table[at + 2] = e; table[at + 3] = r;
      count++;
      return false;
    },
  };
}
