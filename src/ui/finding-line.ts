// One finding as one list line: kind, the locks of its cycle, the tasks as lockdep names them
// ("comm/tid"), and the other kinds the same cycle was found as (alsoKinds). The count is left
// out so a line never changes once printed. Along a cycle the first lock shows the mode it was held
// in and each next one the mode it was requested in, as the report's dependency chain does
// ("A block → B add"); the locks held at exit or destroyed are a list, not an order.
import type { Finding, FindingTask } from '../detect/finding.js';
import { printableText } from '../trace/printable-text.js';
import { lockLabel } from './lock-label.js';

/** "comm/tid" as in lockdep's "ab/17242 is trying to acquire lock"; the tid alone without a comm. */
export function taskLabel(t: FindingTask): string {
  return t.comm === undefined || t.comm === '' ? String(t.tid) : `${printableText(t.comm)}/${t.tid}`;
}

export function findingLine(f: Finding): string {
  const misuse = f.kind === 'held-at-exit' || f.kind === 'destroy-locked';
  const chain = f.edges.length === 0 || misuse
    ? f.locks
    : [f.edges[0].held, ...f.edges.slice(0, f.kind === 'aa' ? 1 : f.edges.length - 1).map((e) => e.requested)];
  const locks = chain.map(lockLabel).join(misuse ? ', ' : ' → ');
  const tasks = f.tasks.map(taskLabel).join(', ');
  const also = f.alsoKinds === undefined || f.alsoKinds.length === 0 ? '' : ` (also ${f.alsoKinds.join(', ')})`;
  return `${f.kind}${also}  ${locks}  [${tasks}]`;
}
