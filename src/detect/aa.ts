// AA (docs/design.md §4): a task requests, without try, a lock it already holds, in a mode that waits on
// its own hold (lockdep: a lock of a class + subclass it holds; kernel/locking/lockdep.c
// check_deadlock(), "possible recursive locking detected"). Certain: the task waits for itself.
import { blocksCode } from '../model/blocks.js';
import { modeName } from '../model/mode-code.js';
import { heldKeyPosition, NONE, type TaskSlot } from '../model/task-slot.js';
import { cycleKey, keyStep } from './cycle-key.js';
import type { DetectContext } from './detect-context.js';
import type { FindingEdge } from './finding.js';
import { findingEvent, findingLock, findingTask } from './finding-parts.js';

/** Report AA when `task` requesting `instance` in `mode` (code) would wait on its own hold. */
export function detectAa(ctx: DetectContext, task: TaskSlot, instance: number, mode: number): void {
  const { locks } = ctx.state;
  const pos = heldKeyPosition(task, locks.keyOf(instance));
  if (pos === NONE || !blocksCode(mode, task.heldMode[pos])) return;
  const heldInstance = task.heldInstance[pos];
  const heldMode = task.heldMode[pos];
  const key = cycleKey('aa', [keyStep(locks.classLabel(heldInstance), modeName(heldMode))]);
  if (ctx.log.bump(key)) return;
  const { cursor } = ctx;
  const edge: FindingEdge = {
    task: findingTask(task),
    held: findingLock(locks, heldInstance, heldMode),
    heldAt: findingEvent(task.heldIndex[pos], task.heldTs[pos], task.tid, task.heldStack[pos]),
    requested: findingLock(locks, instance, mode),
    requestedAt: findingEvent(cursor.index, cursor.ts, task.tid, cursor.stack),
  };
  ctx.log.add({
    kind: 'aa',
    policy: ctx.policy,
    semantics: ctx.semantics,
    locks: [edge.held],
    tasks: [edge.task],
    events: edge.heldAt.index === edge.requestedAt.index ? [edge.requestedAt] : [edge.heldAt, edge.requestedAt],
    edges: [edge],
    key,
    count: 1,
  });
}
