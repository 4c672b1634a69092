// Misuse (docs/design.md §4): a task exits holding locks (lockdep's "still has locks held!",
// kernel/locking/lockdep.c print_held_locks_bug(); Helgrind's "Exiting thread still holds
// locks"). Only locks of the trace's own lock events count: a policy's synthetic lock held at
// exit is a trace cut mid-operation, not a misuse. De-duplicated by the classes held.
import { cycleKey } from './cycle-key.js';
import type { DetectContext } from './detect-context.js';
import type { FindingEvent, FindingLock } from './finding.js';
import { findingEvent, findingLock, findingTask, uniqueEvents } from './finding-parts.js';
import type { TaskSlot } from '../model/task-slot.js';

/** Report the LockOp locks `task` holds as it exits (call before its holds are dropped). */
export function reportHeldAtExit(ctx: DetectContext, task: TaskSlot): void {
  const { locks } = ctx.state;
  const held: FindingLock[] = [];
  const events: FindingEvent[] = [];
  for (let i = 0; i < task.heldInstance.length; i++) {
    const instance = task.heldInstance[i];
    if (locks.isSynthetic(instance)) continue;
    held.push(findingLock(locks, instance, task.heldMode[i]));
    events.push(findingEvent(task.heldIndex[i], task.heldTs[i], task.tid, task.heldStack[i]));
  }
  if (held.length === 0) return;
  const classes = task.heldInstance.filter((i) => !locks.isSynthetic(i)).map((i) => locks.cls(i)).sort();
  const key = cycleKey('held-at-exit', [classes.join(', ')]);
  if (ctx.log.bump(key)) return;
  const { cursor } = ctx;
  ctx.log.add({
    kind: 'held-at-exit',
    policy: ctx.policy,
    semantics: ctx.semantics,
    locks: held,
    tasks: [findingTask(task)],
    events: uniqueEvents([...events, findingEvent(cursor.index, cursor.ts, task.tid, cursor.stack)]),
    edges: [],
    detail: `task ${task.tid} exited holding ${held.length} lock${held.length === 1 ? '' : 's'}`,
    key,
    count: 1,
  });
}
