// One finding as one list line: kind, the locks of its cycle, the tasks as lockdep names them
// ("comm/tid"). The count is left out so a line never changes once printed. Along a cycle the first
// lock shows the mode it was held in and each next one the mode it was requested in, as the report's
// dependency chain does ("A block → B add").
import type { Finding, FindingTask } from '../detect/finding.js';
import { lockLabel } from './lock-label.js';

/** "comm/tid" as in lockdep's "ab/17242 is trying to acquire lock"; the tid alone without a comm. */
export function taskLabel(t: FindingTask): string {
  return t.comm === undefined || t.comm === '' ? String(t.tid) : `${t.comm}/${t.tid}`;
}

export function findingLine(f: Finding): string {
  const chain = f.edges.length === 0
    ? f.locks
    : [f.edges[0].held, ...f.edges.slice(0, f.kind === 'aa' ? 1 : f.edges.length - 1).map((e) => e.requested)];
  const locks = chain.map(lockLabel).join(' → ');
  const tasks = f.tasks.map(taskLabel).join(', ');
  return `${f.kind}  ${locks}  [${tasks}]`;
}
