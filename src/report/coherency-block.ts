// The text block of a coherency hazard (mainline policy): the page cache of a file is populated,
// or fails to be invalidated, while a direct write to the same range is in flight, so cached
// pages can go stale (iomap_dio_rw(), kiocb_invalidate_pages()).
import { printableText } from '../trace/printable-text.js';
import type { Finding } from '../detect/finding.js';
import { eventLines } from './event-lines.js';
import { lockName } from './lock-name.js';
import { modeLabel } from './mode-label.js';
import { taskLabel } from './task-label.js';
import { titleLines } from './title-lines.js';
import { wrapText } from './wrap-text.js';

// Lines for a `coherency` finding: the task, the file, the detail and the events.
export function coherencyBlock(finding: Finding): string[] {
  const tasks = finding.tasks.map((t) => taskLabel(t.tid, t.comm)).join(', ');
  const lines = [
    ...titleLines('page cache coherency hazard', finding),
    ...wrapText(`${tasks === '' ? 'a task' : tasks} populated the page cache of a file `
      + 'with a direct write to it in flight:'),
    ...finding.locks.flatMap((l) => wrapText(`${lockName(l, finding.semantics)}{${modeLabel(l.mode)}}`, ' ', '   ')),
    '',
  ];
  if (finding.detail !== undefined && finding.detail !== '') lines.push(...wrapText(printableText(finding.detail)), '');
  lines.push('the events involved:', ...eventLines(finding), '');
  return lines;
}
