// A small number standing for a task's fork/join clock, to compare clocks in typed arrays: a
// task's clock is copy-on-write (vector-clock.ts), so a new array means a new epoch.
import type { TaskSlot } from './task-slot.js';
import type { VectorClock } from './vector-clock.js';

/** Epochs start at 1 (0 can mean "none" in a table). */
export type ClockEpochs = (task: TaskSlot) => number;

/** The epoch of each task's current clock, renewed when its clock changes. */
export function createClockEpochs(): ClockEpochs {
  const clockOf: (VectorClock | undefined)[] = [];
  const epochOf: number[] = [];
  let next = 1;
  return (task) => {
    if (clockOf[task.id] !== task.clock) {
      clockOf[task.id] = task.clock;
      epochOf[task.id] = next++;
    }
    return epochOf[task.id];
  };
}
