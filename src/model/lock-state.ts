// The lock-state model (docs/design.md §3): per task its held locks and the lock it waits for, per lock
// instance its holders. Requests are granted (the real trace went on); whether one would have
// waited is decided by blocks() against holders that are other tasks.
import { blocksCode } from './blocks.js';
import { holdHashHi, holdHashLo } from './held-chain-key.js';
import type { LockTable } from './lock-table.js';
import { createTaskTable, type TaskTable } from './task-table.js';
import { growInt32 } from '../grow-int32.js';
import { HELD_SCAN_MAX, heldPosition, NONE, type TaskSlot } from './task-slot.js';

// In `sole`: the instance has several holders, listed in `several`.
const SEVERAL = -2;

export interface LockState {
  readonly locks: LockTable;
  readonly tasks: TaskTable;
  /** The tasks holding `instance` (dense ids, a new array; none when it is not held). */
  holdersOf(instance: number): number[];
  /** The first other task holding `instance` in a mode a `mode` request waits on, or undefined. */
  firstBlocker(task: TaskSlot, instance: number, mode: number): TaskSlot | undefined;
  /** Record that `task` holds `instance` (once more, when it already does). */
  grant(task: TaskSlot, instance: number, mode: number, index: number, ts: number, stack: readonly bigint[] | undefined): void;
  /** Drop one hold of `instance` by `task`; false when the task does not hold it. */
  release(task: TaskSlot, instance: number): boolean;
  /** Drop every hold of `task` (it exited). */
  releaseAll(task: TaskSlot): void;
  /** Drop `task`'s hold of `instance` whatever its count (a stale hold); false when not held. */
  forget(task: TaskSlot, instance: number): boolean;
}

export function createLockState(locks: LockTable): LockState {
  const tasks = createTaskTable();
  // Holders by instance: the one holder (task id), NONE or SEVERAL; the list of several, in the
  // order they came (a release moves the last into its place). No array per lock: a task holding
  // a million locks costs 4 bytes a lock here.
  let sole = new Int32Array(64).fill(NONE);
  const several = new Map<number, number[]>();

  function soleOf(instance: number): number {
    return instance < sole.length ? sole[instance] : NONE;
  }

  function addHolder(instance: number, taskId: number): void {
    sole = growInt32(sole, instance + 1, NONE);
    const one = sole[instance];
    if (one === NONE) {
      sole[instance] = taskId;
    } else if (one === SEVERAL) {
      (several.get(instance) as number[]).push(taskId);
    } else {
      several.set(instance, [one, taskId]);
      sole[instance] = SEVERAL;
    }
  }

  function dropHolder(instance: number, taskId: number): void {
    const one = soleOf(instance);
    if (one !== SEVERAL) {
      if (one === taskId) sole[instance] = NONE;
      return;
    }
    const list = several.get(instance) as number[];
    const at = list.indexOf(taskId);
    if (at === NONE) return;
    list[at] = list[list.length - 1];
    list.pop();
    if (list.length === 1) {
      sole[instance] = list[0];
      several.delete(instance);
    }
  }

  // `holder` when it is another task than `task`, holding `instance` in a mode a `mode` request waits on.
  function blockerOf(task: TaskSlot, instance: number, mode: number, holder: number): TaskSlot | undefined {
    if (holder === task.id) return undefined;
    const slot = tasks.at(holder);
    const pos = heldPosition(slot, instance);
    return pos !== NONE && blocksCode(mode, slot.heldMode[pos]) ? slot : undefined;
  }

  // The task's held index (task-slot.ts) made anew from its held arrays, or dropped when it holds few.
  function reindex(task: TaskSlot): void {
    if (task.heldInstance.length <= HELD_SCAN_MAX) {
      task.heldAt = undefined;
      task.heldKeyAt = undefined;
      return;
    }
    const at = new Map<number, number>();
    const keyAt = new Map<number, number>();
    for (let i = 0; i < task.heldInstance.length; i++) {
      at.set(task.heldInstance[i], i);
      if (!keyAt.has(task.heldKey[i])) keyAt.set(task.heldKey[i], i);
    }
    task.heldAt = at;
    task.heldKeyAt = keyAt;
  }

  // The held index after `instance` (`key`) was added as the task's last lock.
  function indexHeld(task: TaskSlot, instance: number, key: number): void {
    const at = task.heldInstance.length - 1;
    if (task.heldAt === undefined || task.heldKeyAt === undefined) {
      reindex(task);
      return;
    }
    task.heldAt.set(instance, at);
    if (!task.heldKeyAt.has(key)) task.heldKeyAt.set(key, at);
  }

  function removeAt(task: TaskSlot, pos: number): void {
    task.heldVersion += 1;
    task.heldChainLo = (task.heldChainLo - holdHashLo(task.heldKey[pos], task.heldMode[pos])) >>> 0;
    task.heldChainHi = (task.heldChainHi - holdHashHi(task.heldKey[pos], task.heldMode[pos])) >>> 0;
    const last = task.heldInstance.length - 1;
    for (let i = pos; i < last; i++) {
      task.heldInstance[i] = task.heldInstance[i + 1];
      task.heldKey[i] = task.heldKey[i + 1];
      task.heldMode[i] = task.heldMode[i + 1];
      task.heldCount[i] = task.heldCount[i + 1];
      task.heldIndex[i] = task.heldIndex[i + 1];
      task.heldTs[i] = task.heldTs[i + 1];
      task.heldStack[i] = task.heldStack[i + 1];
    }
    const instance = task.heldInstance.pop() as number;
    const key = task.heldKey.pop() as number;
    task.heldMode.pop(); task.heldCount.pop();
    task.heldIndex.pop(); task.heldTs.pop(); task.heldStack.pop();
    if (task.heldAt !== undefined) unindex(task, pos, instance, key);
  }

  // The held index after the lock at `pos` (`instance`, `key`) went: the last lock (locks are
  // mostly released in the reverse order) takes its entries out; any other, the index anew.
  function unindex(task: TaskSlot, pos: number, instance: number, key: number): void {
    if (pos === task.heldInstance.length && pos > HELD_SCAN_MAX && task.heldAt !== undefined && task.heldKeyAt !== undefined) {
      task.heldAt.delete(instance);
      if (task.heldKeyAt.get(key) === pos) task.heldKeyAt.delete(key);
    } else {
      reindex(task);
    }
  }

  return {
    locks,
    tasks,
    holdersOf(instance) {
      const one = soleOf(instance);
      if (one === NONE) return [];
      return one === SEVERAL ? [...(several.get(instance) as number[])] : [one];
    },
    firstBlocker(task, instance, mode) {
      const one = soleOf(instance);
      if (one === NONE) return undefined;
      if (one !== SEVERAL) return blockerOf(task, instance, mode, one);
      for (const holder of several.get(instance) as number[]) {
        const blocker = blockerOf(task, instance, mode, holder);
        if (blocker !== undefined) return blocker;
      }
      return undefined;
    },
    grant(task, instance, mode, index, ts, stack) {
      const pos = heldPosition(task, instance);
      if (pos !== NONE) {
        task.heldCount[pos] += 1;
        return;
      }
      const key = locks.keyOf(instance);
      task.heldVersion += 1;
      task.heldChainLo = (task.heldChainLo + holdHashLo(key, mode)) >>> 0;
      task.heldChainHi = (task.heldChainHi + holdHashHi(key, mode)) >>> 0;
      task.heldInstance.push(instance);
      task.heldKey.push(key);
      task.heldMode.push(mode);
      task.heldCount.push(1);
      task.heldIndex.push(index);
      task.heldTs.push(ts);
      task.heldStack.push(stack);
      addHolder(instance, task.id);
      if (task.heldInstance.length > HELD_SCAN_MAX) indexHeld(task, instance, key);
    },
    release(task, instance) {
      const pos = heldPosition(task, instance);
      if (pos === NONE) return false;
      task.heldCount[pos] -= 1;
      if (task.heldCount[pos] === 0) {
        removeAt(task, pos);
        dropHolder(instance, task.id);
      }
      return true;
    },
    forget(task, instance) {
      const pos = heldPosition(task, instance);
      if (pos === NONE) return false;
      removeAt(task, pos);
      dropHolder(instance, task.id);
      return true;
    },
    releaseAll(task) {
      for (let i = 0; i < task.heldInstance.length; i++) dropHolder(task.heldInstance[i], task.id);
      task.heldInstance.length = 0; task.heldKey.length = 0; task.heldMode.length = 0;
      task.heldCount.length = 0; task.heldIndex.length = 0; task.heldTs.length = 0; task.heldStack.length = 0;
      task.heldChainLo = 0; task.heldChainHi = 0;
      task.heldVersion += 1;
      task.heldAt = undefined; task.heldKeyAt = undefined;
    },
  };
}
