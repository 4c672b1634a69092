// Fork/join order between tasks: vector clocks that tick only at fork and join, cheap because
// those are rare. Sparse: a clock lists only the tasks it knows of, as (dense task id, count)
// pairs sorted by id in one flat array, so a trace of many tasks that never fork nor join costs
// one pair per task, not a table as long as the task count. An edge recorded by a task keeps a
// reference to the task's clock at that time (clocks are never mutated).

/** Flat (task id, count) pairs, ids ascending; a task not listed counts 0. */
export type VectorClock = readonly number[];

/** The clock of a new task: its own entry at 1. */
export function initialClock(id: number): VectorClock {
  return [id, 1];
}

/** The count `clock` holds for task `id` (0 when not listed). */
export function clockEntry(clock: VectorClock, id: number): number {
  let lo = 0;
  let hi = (clock.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = clock[2 * mid];
    if (at === id) return clock[2 * mid + 1];
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

// The entry-wise maximum of two clocks.
function merged(a: VectorClock, b: VectorClock): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) {
      out.push(a[i], a[i + 1]);
      i += 2;
    } else if (i >= a.length || b[j] < a[i]) {
      out.push(b[j], b[j + 1]);
      j += 2;
    } else {
      out.push(a[i], Math.max(a[i + 1], b[j + 1]));
      i += 2;
      j += 2;
    }
  }
  return out;
}

// `clock` with the entry of `id` one higher.
function ticked(clock: VectorClock, id: number): number[] {
  return merged(clock, [id, clockEntry(clock, id) + 1]);
}

interface Clocked { readonly id: number; clock: VectorClock }

/** `parent` forked `child`: the child starts after everything the parent did so far. */
export function fork(parent: Clocked, child: Clocked): void {
  child.clock = merged(child.clock, parent.clock);
  parent.clock = ticked(parent.clock, parent.id);
}

/** `task` waited for `joined` to exit: everything `joined` did comes before what `task` does next. */
export function join(task: Clocked, joined: Clocked): void {
  task.clock = merged(task.clock, joined.clock);
  joined.clock = ticked(joined.clock, joined.id);
}

/**
 * True when the moment task `a` had clock `aClock` is ordered before the moment task `b` had
 * `bClock` (b knew a's epoch then).
 */
export function happensBefore(a: number, aClock: VectorClock, bClock: VectorClock): boolean {
  return clockEntry(aClock, a) <= clockEntry(bClock, a);
}

/** True when neither moment is ordered before the other by fork/join. */
export function concurrent(a: number, aClock: VectorClock, b: number, bClock: VectorClock): boolean {
  return !happensBefore(a, aClock, bClock) && !happensBefore(b, bClock, aClock);
}
