// Where a finding's event is in the input: "event #12 (1234.567890123)".
import type { FindingEvent } from '../detect/finding.js';
import { formatTs } from './format-ts.js';

// "event #i (ts)" of one finding event.
export function eventPlace(event: FindingEvent): string {
  return `event #${event.index} (${formatTs(event.ts)})`;
}
