// The text block of a coherency hazard (mainline policy): pages of a file are brought into its
// page cache, or fail to be invalidated, or are the buffer, while a direct write to the same
// range is in flight, so cached pages can go stale (iomap_dio_rw(), kiocb_invalidate_pages()).
import { printableText } from '../trace/printable-text.js';
import type { Finding } from '../detect/finding.js';
import { HAZARD_REASONS } from '../policy/hazard-reasons.js';
import { eventLines } from './event-lines.js';
import { lockName } from './lock-name.js';
import { modeLabel, taskLabel } from './labels.js';
import { titleLines } from './title-lines.js';
import { wrapText } from './wrap-text.js';

// What happened, by the hazard's reason: only a fault or an add brought pages in.
function whatHappened(detail: string | undefined): string {
  switch (detail) {
    case HAZARD_REASONS.ownFileBuffer:
      return 'wrote a file with O_DIRECT from a buffer mapped from the range it writes:';
    case HAZARD_REASONS.invalidateFail:
      return 'could not invalidate the page cache of a file under a direct write to it:';
    case HAZARD_REASONS.ownFileFault:
      return 'faulted in a page of a file that its own direct write is writing:';
    default:
      return 'brought pages into the page cache of a file, inside the range of a direct write '
        + 'to it in flight:';
  }
}

// Lines for a `coherency` finding: the task, the file, the detail and the events.
export function coherencyBlock(finding: Finding): string[] {
  const tasks = finding.tasks.map((t) => taskLabel(t.tid, t.comm)).join(', ');
  const lines = [
    ...titleLines('page cache coherency hazard', finding),
    ...wrapText(`${tasks === '' ? 'a task' : tasks} ${whatHappened(finding.detail)}`),
    ...finding.locks.flatMap((l) => wrapText(`${lockName(l, finding.semantics)}{${modeLabel(l.mode)}}`, ' ', '   ')),
    '',
  ];
  if (finding.detail !== undefined && finding.detail !== '') lines.push(...wrapText(printableText(finding.detail)), '');
  lines.push('the events involved:', ...eventLines(finding), '');
  return lines;
}
