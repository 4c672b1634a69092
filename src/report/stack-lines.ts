// A stack as lockdep prints one: a frame per line, indented under its entry; addresses in hex
// (traces carry raw return addresses; symbolising them is left to the reader's tools).
import { formatAddress } from './format-id.js';

/** Frame lines, innermost first as recorded; none when the event has no stack. */
export function stackLines(stack: readonly bigint[] | undefined, indent = '       '): string[] {
  return stack === undefined ? [] : stack.map((frame) => `${indent}${formatAddress(frame)}`);
}
