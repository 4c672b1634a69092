// One finding as one list line: kind, the locks of its cycle, the tasks as lockdep names them
// ("comm/tid"). The count is left out so a line never changes once printed.
import type { Finding, FindingTask } from '../detect/finding.js';
import { lockLabel } from './lock-label.js';

/** "comm/tid" as in lockdep's "ab/17242 is trying to acquire lock"; the tid alone without a comm. */
export function taskLabel(t: FindingTask): string {
  return t.comm === undefined || t.comm === '' ? String(t.tid) : `${t.comm}/${t.tid}`;
}

export function findingLine(f: Finding): string {
  // A cycle's locks in cycle order; the locks held at exit or destroyed are a list, not an order.
  const misuse = f.kind === 'held-at-exit' || f.kind === 'destroy-locked';
  const locks = f.locks.map(lockLabel).join(misuse ? ', ' : ' → ');
  const tasks = f.tasks.map(taskLabel).join(', ');
  return `${f.kind}  ${locks}  [${tasks}]`;
}
