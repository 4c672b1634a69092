// Coherency hazard (docs/design.md §4, `mainline` policy): a page-cache add or a failed invalidation
// inside an in-flight DIO write range of the same file; the policy finds it, this reports it.
// De-duplicated by the page-cache class and the reason.
import type { Hazard } from '../model/hazard.js';
import { fileKey } from '../trace/dev.js';
import type { TaskSlot } from '../model/task-slot.js';
import { cycleKey } from './cycle-key.js';
import type { DetectContext } from './detect-context.js';
import type { FindingTask } from './finding.js';
import { findingEvent, findingTask, uniqueEvents } from './finding-parts.js';

/** The class named in coherency findings: the file's page cache. */
export const PAGECACHE_CLASS = 'pagecache';

/** Report hazard `h` at the cursor. `dioTask` is the task of the DIO write, whose dioBegin `h` names. */
export function reportCoherency(ctx: DetectContext, h: Hazard, task: TaskSlot, dioTask: TaskSlot): void {
  const key = cycleKey('coherency', [`${PAGECACHE_CLASS} ${h.reason}`]);
  if (ctx.log.bump(key)) return;
  const { cursor } = ctx;
  const dio = findingEvent(h.dioEventIndex, h.dioEventTs, dioTask.tid, h.dioEventStack);
  const tasks: FindingTask[] = [findingTask(task)];
  if (dioTask !== task) tasks.push(findingTask(dioTask));
  ctx.log.add({
    kind: 'coherency',
    policy: ctx.policy,
    semantics: ctx.semantics,
    locks: [{ cls: PAGECACHE_CLASS, lock: fileKey(h.dev, h.ino), mode: 'BLOCK' }],
    tasks,
    events: uniqueEvents([dio, findingEvent(cursor.index, cursor.ts, task.tid, cursor.stack)]),
    edges: [],
    detail: h.reason,
    key,
    count: 1,
  });
}
