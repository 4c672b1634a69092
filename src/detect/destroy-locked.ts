// Misuse (docs/design.md §4): a lock destroyed, or initialised again, while a task holds it
// (lockdep's "held lock freed!", kernel/locking/lockdep.c print_freed_lock_bug(); Helgrind's
// "pthread_mutex_destroy with invalid argument" of a locked mutex). De-duplicated by class.
import { cycleKey } from './cycle-key.js';
import type { DetectContext } from './detect-context.js';
import type { FindingEvent, FindingTask } from './finding.js';
import { findingEvent, findingLock, findingTask, uniqueEvents } from './finding-parts.js';
import { heldPosition, NONE, type TaskSlot } from '../model/task-slot.js';

/** Report that `task` ended (`how`: destroyed, re-initialised) `instance` while it is held. */
export function reportDestroyLocked(ctx: DetectContext, task: TaskSlot, instance: number, how: 'destroyed' | 'initialised'): void {
  const { locks, tasks } = ctx.state;
  const holding = ctx.state.holdersOf(instance);
  if (holding.length === 0) return;
  const key = cycleKey('destroy-locked', [locks.cls(instance)]);
  if (ctx.log.bump(key)) return;
  const { cursor } = ctx;
  const involved: FindingTask[] = [findingTask(task)];
  const events: FindingEvent[] = [findingEvent(cursor.index, cursor.ts, task.tid, cursor.stack)];
  let mode = 0;
  for (const id of holding) {
    const holder = tasks.at(id);
    const pos = heldPosition(holder, instance);
    if (pos === NONE) continue;
    mode = holder.heldMode[pos];
    if (holder !== task) involved.push(findingTask(holder));
    events.push(findingEvent(holder.heldIndex[pos], holder.heldTs[pos], holder.tid, holder.heldStack[pos]));
  }
  const lock = findingLock(locks, instance, mode);
  const by = holding.map((id) => tasks.at(id).tid).join(', ');
  ctx.log.add({
    kind: 'destroy-locked',
    policy: ctx.policy,
    semantics: ctx.semantics,
    locks: [lock],
    tasks: involved,
    events: uniqueEvents(events),
    edges: [],
    detail: `task ${task.tid} ${how} ${lock.cls === lock.lock ? '' : `${lock.cls} `}${lock.lock} while task ${by} held it`,
    key,
    count: 1,
  });
}
