// Does an existing variant of the lock-order graph cover a new edge occurrence? It does when it
// is the same task's, with the same held and requested modes and (thread-aware) the same
// fork/join clock, and its gates are a subset of the gates held now (fewer gates suppress less,
// so it says more). Asked for every edge of every request the request memo did not skip, and
// these lookups miss the CPU caches, so each touches few cache lines: one slot of a hash table
// of (from key, to key, task) holding its newest variant, then per variant one 16-byte record
// (next, modes and gate count, clock epoch, gates' offset), gates in a pool. A pair closed to
// new variants answers CLOSED at the same slot, without the pair's own table.
import { MODE_EXCLUSIVE } from '../model/mode-code.js';
import { createClockEpochs } from '../model/clock-epoch.js';
import { NONE, type TaskSlot } from '../model/task-slot.js';
import { growInt32 } from '../grow-int32.js';

/** No variant of the task's covers the edge (nor is the pair closed to it). */
export const UNCOVERED = 0;
/** A variant covers the edge. */
export const COVERED = 1;
/** The pair takes no more variants from the task (close()). */
export const CLOSED = 2;

export interface VariantCover {
  /** COVERED, CLOSED or UNCOVERED: the edge `task` makes now from `fromKey` to `toKey`. */
  lookup(fromKey: number, toKey: number, task: TaskSlot, heldMode: number, reqMode: number): number;
  /** Index variant `v`, made by `task` now, with its (sorted, distinct) gates. */
  add(v: number, fromKey: number, toKey: number, task: TaskSlot, heldMode: number, reqMode: number,
    gates: readonly number[]): void;
  /** From now on the edge from `fromKey` to `toKey` by task `taskId` (dense id) is CLOSED. */
  close(fromKey: number, toKey: number, taskId: number): void;
}

// A slot: (from key, to key, task id, head); task id -1 marks an empty slot. head is the
// newest variant, or CLOSED_HEAD.
const SLOT = 4;
const EMPTY = -1;
const CLOSED_HEAD = -2;
// A variant: (next, modes | gate count << 6, clock epoch, offset of its gates in the pool).
const VARIANT = 4;
const MODE_BITS = 6;

export function createVariantCover(threadAware: boolean): VariantCover {
  let slots = new Int32Array(SLOT * 1024).fill(EMPTY);
  let mask = 1023;
  let used = 0;
  let variants = new Int32Array(VARIANT * 1024);
  let pool = new Int32Array(4096);
  let poolSize = 0;
  const epoch = createClockEpochs();

  function hash(fromKey: number, toKey: number, taskId: number): number {
    let h = Math.imul(fromKey, 0x9e3779b1) ^ Math.imul(toKey, 0x85ebca77) ^ Math.imul(taskId, 0xc2b2ae3d);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }

  // The slot of (fromKey, toKey, taskId) in `table`: its own, or the empty one it would take.
  function slotIn(table: Int32Array, tableMask: number, fromKey: number, toKey: number, taskId: number): number {
    let at = SLOT * (hash(fromKey, toKey, taskId) & tableMask);
    for (;;) {
      const task = table[at + 2];
      if (task === EMPTY || (task === taskId && table[at] === fromKey && table[at + 1] === toKey)) return at;
      at = (at + SLOT) & (SLOT * (tableMask + 1) - 1);
    }
  }

  // The slot of (fromKey, toKey, taskId), taken (head NONE) if it was empty.
  function take(fromKey: number, toKey: number, taskId: number): number {
    if (2 * (used + 1) > mask + 1) grow();
    const at = slotIn(slots, mask, fromKey, toKey, taskId);
    if (slots[at + 2] === EMPTY) {
      slots[at] = fromKey; slots[at + 1] = toKey; slots[at + 2] = taskId; slots[at + 3] = NONE;
      used += 1;
    }
    return at;
  }

  function grow(): void {
    const old = slots;
    const size = 2 * (mask + 1);
    slots = new Int32Array(SLOT * size).fill(EMPTY);
    mask = size - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 2] === EMPTY) continue;
      slots.set(old.subarray(at, at + SLOT), slotIn(slots, mask, old[at], old[at + 1], old[at + 2]));
    }
  }

  // Is `key` held EXCLUSIVE by the task, and not the edge's own from/to?
  function isGate(task: TaskSlot, key: number, fromKey: number, toKey: number): boolean {
    if (key === fromKey || key === toKey) return false;
    const keys = task.heldKey;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key && task.heldMode[i] === MODE_EXCLUSIVE) return true;
    return false;
  }

  return {
    lookup(fromKey, toKey, task, heldMode, reqMode) {
      const at = slotIn(slots, mask, fromKey, toKey, task.id);
      if (slots[at + 2] === EMPTY) return UNCOVERED;
      const head = slots[at + 3];
      if (head === CLOSED_HEAD) return CLOSED;
      const want = (heldMode << 3) | reqMode;
      const e = threadAware ? epoch(task) : 0;
      for (let v = head; v !== NONE; v = variants[VARIANT * v]) {
        const modes = variants[VARIANT * v + 1];
        if ((modes & ((1 << MODE_BITS) - 1)) !== want || variants[VARIANT * v + 2] !== e) continue;
        let all = true;
        const start = variants[VARIANT * v + 3];
        const end = start + (modes >>> MODE_BITS);
        for (let j = start; j < end && all; j++) all = isGate(task, pool[j], fromKey, toKey);
        if (all) return COVERED;
      }
      return UNCOVERED;
    },
    add(v, fromKey, toKey, task, heldMode, reqMode, gates) {
      const at = take(fromKey, toKey, task.id);
      if (slots[at + 3] === CLOSED_HEAD) return;
      variants = growInt32(variants, VARIANT * (v + 1));
      pool = growInt32(pool, poolSize + gates.length);
      variants[VARIANT * v] = slots[at + 3];
      variants[VARIANT * v + 1] = (heldMode << 3) | reqMode | (gates.length << MODE_BITS);
      variants[VARIANT * v + 2] = threadAware ? epoch(task) : 0;
      variants[VARIANT * v + 3] = poolSize;
      slots[at + 3] = v;
      for (let j = 0; j < gates.length; j++) pool[poolSize++] = gates[j];
    },
    close(fromKey, toKey, taskId) {
      slots[take(fromKey, toKey, taskId) + 3] = CLOSED_HEAD;
    },
  };
}
