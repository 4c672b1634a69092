// A task as lockdep names it: "comm/tid"; "?/tid" when the trace never gave its comm.
import { printableText } from '../trace/printable-text.js';

// "comm/tid", or "?/tid" without a comm; the comm (any process sets its own) escaped.
export function taskLabel(tid: number, comm: string | undefined): string {
  return `${comm === undefined || comm === '' ? '?' : printableText(comm)}/${tid}`;
}
