// The text block of a release of a lock the task does not hold, in the words of lockdep's
// print_unlock_imbalance_bug().
import { printableText } from '../trace/printable-text.js';
import type { Finding } from '../detect/finding.js';
import { eventPlace } from './event-place.js';
import { lockName } from './lock-name.js';
import { stackLines } from './stack-lines.js';
import { taskLabel } from './labels.js';
import { titleLines } from './title-lines.js';
import { wrapText } from './wrap-text.js';

// Lines for a `bad-unlock` finding: who released which lock where, and the detail.
export function badUnlockBlock(finding: Finding): string[] {
  const event = finding.events[0];
  const tid = finding.tasks[0]?.tid ?? event?.tid;
  const comm = finding.tasks.find((t) => t.tid === tid)?.comm;
  const lock = finding.locks[0];
  const lines = [
    ...titleLines('bad unlock balance detected!', finding),
    ...wrapText(`${tid === undefined ? 'a task' : taskLabel(tid, comm)} is trying to release lock `
      + `(${lock === undefined ? '?' : lockName(lock, finding.semantics)}) at:`),
  ];
  if (event !== undefined) lines.push(...wrapText(eventPlace(event), ' ', '   '), ...stackLines(event));
  lines.push('but there are no more locks to release!', '');
  if (finding.detail !== undefined && finding.detail !== '') {
    lines.push('other info that might help us debug this:', ...wrapText(printableText(finding.detail), ' ', ' '), '');
  }
  return lines;
}
