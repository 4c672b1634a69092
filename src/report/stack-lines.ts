// A stack as lockdep prints one: a frame per line, indented under its entry, innermost first;
// symbolized (frame-text.ts) when the trace carries its symbols, else addresses in hex.
import type { FindingEvent } from '../detect/finding.js';
import { formatAddress } from './format-id.js';
import { frameText } from './frame-text.js';
import { wrapText } from './wrap-text.js';

/** Frame lines of an event; none when it has no stack. */
export function stackLines(event: Pick<FindingEvent, 'stack' | 'frames'>, indent = '       '): string[] {
  if (event.frames !== undefined) return event.frames.flatMap((frame) => wrapText(frameText(frame), indent, `${indent}  `));
  return event.stack === undefined ? [] : event.stack.map((frame) => `${indent}${formatAddress(frame)}`);
}
