// Does an existing variant of the lock-order graph cover a new edge occurrence? It does when it
// is the same task's, with the same held and requested modes and (thread-aware) the same
// fork/join clock, and its gates are a subset of the gates held now (fewer gates suppress less,
// so it says more). Asked for every edge of every request the request memo did not skip, so the
// index is compact: per (pair, task) a list of variant ids, newest first, linked through typed
// arrays, and per variant its modes, clock epoch and gates in typed arrays — no pointer chasing
// through JS arrays of arrays, few cache lines per question.
import { MODE_EXCLUSIVE } from '../model/mode-code.js';
import { createClockEpochs } from '../model/clock-epoch.js';
import { NONE, type TaskSlot } from '../model/task-slot.js';
import { IdInterner } from '../trace/fast-id-interner.js';
import { growInt32 } from '../grow-int32.js';

export interface VariantCover {
  /** True when a variant of `pair` covers the edge from `fromKey` to `toKey` that `task` makes now. */
  covered(pair: number, task: TaskSlot, fromKey: number, toKey: number, heldMode: number, reqMode: number): boolean;
  /** Index variant `v` of `pair`, made by `task` now, with its (sorted, distinct) gates. */
  add(v: number, pair: number, task: TaskSlot, heldMode: number, reqMode: number, gates: readonly number[]): void;
}

export function createVariantCover(threadAware: boolean): VariantCover {
  // (pair, task id) -> dense "list" id; head[list] is its newest variant.
  const lists = new IdInterner();
  let head = new Int32Array(1024);
  // Per variant: the next (older) variant of its list, modes, clock epoch, gates in `pool`.
  let next = new Int32Array(1024);
  let modes = new Int32Array(1024);
  let epochs = new Int32Array(1024);
  let gatesAt = new Int32Array(1024);
  let gatesLength = new Int32Array(1024);
  let pool = new Int32Array(4096);
  let poolSize = 0;
  const epoch = createClockEpochs();

  // Is `key` held EXCLUSIVE by the task, and not the edge's own from/to?
  function isGate(task: TaskSlot, key: number, fromKey: number, toKey: number): boolean {
    if (key === fromKey || key === toKey) return false;
    const keys = task.heldKey;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key && task.heldMode[i] === MODE_EXCLUSIVE) return true;
    return false;
  }

  return {
    covered(pair, task, fromKey, toKey, heldMode, reqMode) {
      const list = lists.find(pair, task.id);
      if (list < 0) return false;
      const want = (heldMode << 3) | reqMode;
      const e = threadAware ? epoch(task) : 0;
      for (let v = head[list]; v !== NONE; v = next[v]) {
        if (modes[v] !== want || epochs[v] !== e) continue;
        let all = true;
        const end = gatesAt[v] + gatesLength[v];
        for (let j = gatesAt[v]; j < end && all; j++) all = isGate(task, pool[j], fromKey, toKey);
        if (all) return true;
      }
      return false;
    },
    add(v, pair, task, heldMode, reqMode, gates) {
      const known = lists.size;
      const list = lists.idOf(pair, task.id);
      head = growInt32(head, list + 1);
      if (list === known) head[list] = NONE;
      next = growInt32(next, v + 1);
      modes = growInt32(modes, v + 1);
      epochs = growInt32(epochs, v + 1);
      gatesAt = growInt32(gatesAt, v + 1);
      gatesLength = growInt32(gatesLength, v + 1);
      pool = growInt32(pool, poolSize + gates.length);
      next[v] = head[list];
      head[list] = v;
      modes[v] = (heldMode << 3) | reqMode;
      epochs[v] = threadAware ? epoch(task) : 0;
      gatesAt[v] = poolSize;
      gatesLength[v] = gates.length;
      for (let j = 0; j < gates.length; j++) pool[poolSize++] = gates[j];
    },
  };
}
