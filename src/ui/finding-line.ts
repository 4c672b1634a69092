// One finding as one list line: kind, the locks of its cycle, the tasks as lockdep names them
// ("comm/tid"), and the other kinds the same cycle was found as (alsoKinds). The count is left
// out so a line does not change with every occurrence.
import type { Finding, FindingTask } from '../detect/finding.js';
import { printableText } from '../trace/printable-text.js';
import { lockLabel } from './lock-label.js';

/** "comm/tid" as in lockdep's "ab/17242 is trying to acquire lock"; the tid alone without a comm. */
export function taskLabel(t: FindingTask): string {
  return t.comm === undefined || t.comm === '' ? String(t.tid) : `${printableText(t.comm)}/${t.tid}`;
}

export function findingLine(f: Finding): string {
  // A cycle's locks in cycle order; the locks held at exit or destroyed are a list, not an order.
  const misuse = f.kind === 'held-at-exit' || f.kind === 'destroy-locked';
  const locks = f.locks.map(lockLabel).join(misuse ? ', ' : ' → ');
  const tasks = f.tasks.map(taskLabel).join(', ');
  const also = f.alsoKinds === undefined || f.alsoKinds.length === 0 ? '' : ` (also ${f.alsoKinds.join(', ')})`;
  return `${f.kind}${also}  ${locks}  [${tasks}]`;
}
