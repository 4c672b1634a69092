// Wait-for cycle (docs/design.md §4): at a blocked request, follow task -> the holders it waits on ->
// the locks they wait for -> their holders ...; reaching the requesting task again is a deadlock
// in this very interleaving. The replay reports it and goes on (the real trace did).
import { blocksCode } from '../model/blocks.js';
import { heldPosition, NONE, type TaskSlot } from '../model/task-slot.js';
import { cycleKey, keyStep } from './cycle-key.js';
import type { DetectContext } from './detect-context.js';
import type { FindingEdge } from './finding.js';
import { cycleFinding, findingEvent, findingLock, findingTask } from './finding-parts.js';

/** Longest chain of waiting tasks followed. */
export const MAX_WAIT_CHAIN = 32;

/**
 * A detector for one replay. Call it right after `task`'s blocked request was recorded as the
 * task's wait (waitInstance/waitMode/waitIndex); it reports the first cycle back to `task`.
 */
export function createWaitCycleDetector(ctx: DetectContext): (task: TaskSlot) => void {
  const { state } = ctx;
  const path: TaskSlot[] = [];
  const seen: number[] = [];
  let stamp = 0;

  // Holders of `instance` that `waiter`'s request in `mode` waits on, then their own waits.
  function follow(origin: TaskSlot, waiter: TaskSlot, instance: number, mode: number, depth: number): boolean {
    const holders = state.holdersOf(instance);
    for (let i = 0; i < holders.length; i++) {
      if (holders[i] === waiter.id) continue;
      const holder = state.tasks.at(holders[i]);
      const pos = heldPosition(holder, instance);
      if (pos === NONE || !blocksCode(mode, holder.heldMode[pos])) continue;
      if (holder === origin) return true;
      if (seen[holder.id] === stamp || holder.waitInstance === NONE || depth >= MAX_WAIT_CHAIN) continue;
      seen[holder.id] = stamp;
      path.push(holder);
      if (follow(origin, holder, holder.waitInstance, holder.waitMode, depth + 1)) return true;
      path.pop();
    }
    return false;
  }

  function report(): void {
    const { locks } = state;
    // path[i] holds what path[i-1] waits for; path[0] holds what the last one waits for.
    const wanted = path.map((_, i) => path[(i + path.length - 1) % path.length].waitInstance);
    const edges: FindingEdge[] = path.map((task, i) => {
      const pos = heldPosition(task, wanted[i]);
      return {
        task: findingTask(task),
        held: findingLock(locks, wanted[i], task.heldMode[pos]),
        heldAt: findingEvent(task.heldIndex[pos], task.heldTs[pos], task.tid, task.heldStack[pos]),
        requested: findingLock(locks, task.waitInstance, task.waitMode),
        requestedAt: findingEvent(task.waitIndex, task.waitTs, task.tid, task.waitStack),
      };
    });
    const key = cycleKey('wait-cycle', edges.map((e, i) => keyStep(locks.classLabel(wanted[i]), e.held.mode)));
    if (ctx.log.bump(key)) return;
    ctx.log.add(cycleFinding(ctx, 'wait-cycle', edges, key));
  }

  return (task) => {
    if (task.waitInstance === NONE) return;
    stamp += 1;
    while (seen.length < state.tasks.size) seen.push(0);
    seen[task.id] = stamp;
    path.length = 0;
    path.push(task);
    if (follow(task, task, task.waitInstance, task.waitMode, 0)) report();
    path.length = 0;
  };
}
