// A text importer reads one line at a time: an event, nothing (comments, blank lines, lines that
// only feed the parser's state such as syscall entries), or a line it could not read.
import type { TraceEvent } from '../trace/event.js';

/** A line that could not be read: counted and reported as a warning, never fatal. */
export interface SkipLine { readonly skip: string }

export type LineResult = TraceEvent | undefined | SkipLine;

/** A stateful line parser; one instance reads one input from its first line. */
export interface LineParser {
  parse(line: string, lineNo: number): LineResult;
  /**
   * The line text[start, end) read in place, as parse(text.slice(start, end)) would read it;
   * parsers that have it are given whole chunks of text instead of one string per line, with
   * `bytes`: its char-bytes (char-bytes.ts), at the same positions.
   */
  parseAt?(text: string, start: number, end: number, lineNo: number, bytes?: Uint8Array): LineResult;
}

export function isSkip(result: LineResult): result is SkipLine {
  return result !== undefined && 'skip' in result;
}
