// Fork/join order between tasks: vector clocks that tick only at fork and join, cheap because
// those are rare. An edge recorded by a task keeps a reference to the task's clock at that time.
import type { TaskSlot } from './task-slot.js';

function merged(a: readonly number[], b: readonly number[]): number[] {
  const out = a.length >= b.length ? a.slice() : b.slice();
  const other = a.length >= b.length ? b : a;
  for (let i = 0; i < other.length; i++) if (other[i] > out[i]) out[i] = other[i];
  return out;
}

function ticked(clock: readonly number[], id: number): number[] {
  const out = clock.slice();
  while (out.length <= id) out.push(0);
  out[id] += 1;
  return out;
}

/** `parent` forked `child`: the child starts after everything the parent did so far. */
export function fork(parent: TaskSlot, child: TaskSlot): void {
  child.clock = merged(child.clock, parent.clock);
  parent.clock = ticked(parent.clock, parent.id);
}

/** `task` waited for `joined` to exit: everything `joined` did comes before what `task` does next. */
export function join(task: TaskSlot, joined: TaskSlot): void {
  task.clock = merged(task.clock, joined.clock);
  joined.clock = ticked(joined.clock, joined.id);
}

/**
 * True when the moment task `a` had clock `aClock` is ordered before the moment task `b` had
 * `bClock` (b knew a's epoch then).
 */
export function happensBefore(a: number, aClock: readonly number[], bClock: readonly number[]): boolean {
  return aClock[a] <= (bClock[a] ?? 0);
}

/** True when neither moment is ordered before the other by fork/join. */
export function concurrent(a: number, aClock: readonly number[], b: number, bClock: readonly number[]): boolean {
  return !happensBefore(a, aClock, bClock) && !happensBefore(b, bClock, aClock);
}
