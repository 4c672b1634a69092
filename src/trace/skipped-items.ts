// Bookkeeping of unreadable lines and records: every one is counted, the first few kept with
// their place, and an input that yields no event at all is an InputError saying why.
import { InputError } from './errors.js';
import type { InputInfo, SkippedItem } from './input.js';

/** How many skipped items an InputInfo keeps as samples. */
export const MAX_SKIPPED_SAMPLES = 5;

/** Count a skipped line or record into `info`. */
export function addSkipped(info: InputInfo, item: SkippedItem): void {
  info.skipped++;
  if (info.skippedSamples.length < MAX_SKIPPED_SAMPLES) info.skippedSamples.push(item);
}

/** "line 12: reason" or "offset 4096: reason". */
export function describeSkipped(item: SkippedItem): string {
  const place = item.line !== undefined ? `line ${item.line}` : item.offset !== undefined ? `offset ${item.offset}` : 'input';
  return `${place}: ${item.reason}`;
}

/**
 * The error for an input without a single event: "no events could be read (3 lines skipped,
 * first: line 1: reason)"; `otherwise` explains an input with nothing skipped.
 */
export function noEventsError(name: string, info: InputInfo, unit: 'lines' | 'records', otherwise: string): InputError {
  const first = info.skippedSamples[0];
  const detail = info.skipped > 0 && first !== undefined
    ? `${info.skipped} ${info.skipped === 1 ? unit.slice(0, -1) : unit} skipped, first: ${describeSkipped(first)}`
    : otherwise;
  return new InputError(name, `no events could be read (${detail})`);
}
