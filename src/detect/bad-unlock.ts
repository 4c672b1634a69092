// Misuse (docs/design.md §4): a release of a lock the task does not hold (lockdep's "bad unlock
// balance detected", kernel/locking/lockdep.c print_unlock_imbalance_bug). De-duplicated by class.
import { modeCode } from '../model/mode-code.js';
import type { TaskSlot } from '../model/task-slot.js';
import { cycleKey } from './cycle-key.js';
import type { DetectContext } from './detect-context.js';
import type { LockMode } from '../trace/event.js';
import { findingEvent, findingLock, findingTask } from './finding-parts.js';

/** Report that `task` released `instance` (in `mode`, as the release names it) without holding it. */
export function reportBadUnlock(ctx: DetectContext, task: TaskSlot, instance: number, mode: LockMode): void {
  const { locks } = ctx.state;
  const key = cycleKey('bad-unlock', [locks.classLabel(instance)]);
  if (ctx.log.bump(key)) return;
  const lock = findingLock(locks, instance, modeCode(mode));
  ctx.log.add({
    kind: 'bad-unlock',
    policy: ctx.policy,
    semantics: ctx.semantics,
    locks: [lock],
    tasks: [findingTask(task)],
    events: [findingEvent(ctx.cursor.index, ctx.cursor.ts, task.tid, ctx.cursor.stack)],
    edges: [],
    detail: `task ${task.tid} released ${lock.cls} ${lock.lock}, which it does not hold`,
    key,
    count: 1,
  });
}
