// The events behind a finding, one per line with the task that made each, and its stack.
import type { Finding } from '../detect/finding.js';
import { eventPlace } from './event-place.js';
import { stackLines } from './stack-lines.js';
import { taskLabel } from './labels.js';
import { wrapText } from './wrap-text.js';

// One line per event of `finding` (comm looked up among its tasks), stack frames below.
export function eventLines(finding: Finding): string[] {
  return finding.events.flatMap((event) => {
    const comm = finding.tasks.find((t) => t.tid === event.tid)?.comm;
    return [...wrapText(`${eventPlace(event)} by ${taskLabel(event.tid, comm)}`, ' ', '   '), ...stackLines(event)];
  });
}
