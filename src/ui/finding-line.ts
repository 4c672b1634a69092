// One finding as one list line: kind, the locks of its cycle, the tasks as the text report names
// them ("comm/tid", report/labels.ts), and the other kinds the same cycle was found as
// (alsoKinds). The count is left out so a line never changes once printed. Along a cycle the first lock shows the mode it was held
// in and each next one the mode it was requested in, as the report's dependency chain does
// ("A block → B add"); the locks held at exit or destroyed are a list, not an order.
import type { Finding } from '../detect/finding.js';
import { taskLabel } from '../report/labels.js';
import { lockLabel } from './lock-label.js';

export function findingLine(f: Finding): string {
  const misuse = f.kind === 'held-at-exit' || f.kind === 'destroy-locked';
  const chain = f.edges.length === 0 || misuse
    ? f.locks
    : [f.edges[0].held, ...f.edges.slice(0, f.kind === 'aa' ? 1 : f.edges.length - 1).map((e) => e.requested)];
  const locks = chain.map(lockLabel).join(misuse ? ', ' : ' → ');
  const tasks = f.tasks.map((t) => taskLabel(t.tid, t.comm)).join(', ');
  const also = f.alsoKinds === undefined || f.alsoKinds.length === 0 ? '' : ` (also ${f.alsoKinds.join(', ')})`;
  return `${f.kind}${also}  ${locks}  [${tasks}]`;
}
