// Tasks by tid, interned to dense slots (model/task-slot.ts). A tid seen again after its task
// exited and announced by a new `task` event gets a fresh slot (tids are reused by the kernel).
import { createTaskSlot, type TaskSlot } from './task-slot.js';
import { withGetters } from '../with-getters.js';

export interface TaskTable {
  readonly size: number;
  /** The slot of `tid`, created on first sight. */
  get(tid: number): TaskSlot;
  /** The slot of `tid`, or undefined when never seen. */
  find(tid: number): TaskSlot | undefined;
  /** A fresh slot for `tid` (a new task reusing the tid of an exited one). */
  renew(tid: number): TaskSlot;
  /** Slot by dense id. */
  at(id: number): TaskSlot;
  /** All slots, in order of first sight. */
  readonly all: readonly TaskSlot[];
}

export function createTaskTable(): TaskTable {
  const byTid = new Map<number, TaskSlot>();
  const slots: TaskSlot[] = [];

  function renew(tid: number): TaskSlot {
    const slot = createTaskSlot(slots.length, tid, undefined);
    slots.push(slot);
    byTid.set(tid, slot);
    return slot;
  }

  return withGetters({
    get: (tid: number) => byTid.get(tid) ?? renew(tid),
    find: (tid: number) => byTid.get(tid),
    renew,
    at: (id: number) => slots[id],
    all: slots,
  }, { size: () => slots.length });
}
