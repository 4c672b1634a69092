// How a lock mode and a task are named, in the text report and on the dashboard alike: as
// lockdep prints them (mode in lower case as in "{block}", "{shared_recursive}"; a task as
// "comm/tid", "?/tid" when the trace never gave its comm).
import type { LockMode } from '../trace/event.js';
import { printableText } from '../trace/printable-text.js';

// "EXCLUSIVE" → "exclusive", "SHARED_RECURSIVE" → "shared_recursive".
export function modeLabel(mode: LockMode): string {
  return mode.toLowerCase();
}

// "comm/tid", or "?/tid" without a comm; the comm (any process sets its own) escaped.
export function taskLabel(tid: number, comm: string | undefined): string {
  return `${comm === undefined || comm === '' ? '?' : printableText(comm)}/${tid}`;
}
