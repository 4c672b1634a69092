// Hand-written scanning of ftrace text, one string position at a time: no RegExp, no
// substring until a value is kept. Lines are read in place, as text[start, end) of a larger
// text (a whole chunk of trace_pipe or of a file), so every reader takes a position and the
// line's end, and returns the position after what it read, or -1 when the text there does not
// have the expected shape (a reader given -1 returns -1); a number read (by byte-scan's
// readers of bytes) is in `scanned.value`. The shapes follow the RegExp classes they replace:
// \d is [0-9], hex is [0-9a-f] (lowercase, as the kernel prints it), \w is [A-Za-z0-9_], \s is
// JavaScript's whitespace and line terminators.

/**
 * The value of the last number read: the readers' second result, written by a reader and read by
 * its caller right after the call (never across calls or lines), so a reader returns a position
 * alone and nothing is allocated per number. Kept as it is: the readers given an object as an
 * explicit argument instead measured the same (ftrace text import, 1 M mm_filemap_fault lines,
 * the bench's import child, 20 runs each, load ~9: median 1.48 s here, 1.27 s explicit, 1.61 s
 * before this file's last change; fastest runs 0.78, 0.70 and 0.67 s: within the noise).
 */
export const scanned = { value: 0 };

/** [0-9] */
export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** [A-Za-z0-9_] */
export function isWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f;
}

/** [0-9a-fA-F] */
export function isHexAnyCase(code: number): boolean {
  const lower = code | 0x20;
  return (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x66);
}

/** RegExp \s: WhiteSpace and LineTerminator (the set String.prototype.trim removes). */
export function isSpace(code: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 ||
    code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** What RegExp `.` does not match: \n, \r, U+2028, U+2029. */
export function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/** Finds a string forwards through a text: indexOf, remembered while the searches move forward. */
export interface Finder {
  /** The first index >= from of the string in text, or -1. */
  (text: string, from: number): number;
}

// A finder for `needle`: reading lines in order through a chunk, a search runs again only
// once `from` passed what the last one found, so looking in every line costs one pass in all.
export function createFinder(needle: string): Finder {
  let lastText = '';
  let lastFrom = 0;
  let found = -1;
  return (text, from) => {
    if (text !== lastText || from < lastFrom || (found >= 0 && found < from)) {
      lastText = text;
      found = text.indexOf(needle, from);
    }
    lastFrom = from;
    return found;
  };
}

// Whether text[from, to) holds a line terminator, for lines read in order through a text: '\n'
// (which ends each line read in place, so is found at every line's end) and the others, each
// searched for forward like a Finder does (by indexOf, which scans much faster than a RegExp
// character class); the nearest of the others is remembered while the searches move forward.
function createLineTerminatorCheck(): (text: string, from: number, to: number) => boolean {
  const findNewline = createFinder('\n');
  const others = [createFinder('\r'), createFinder('\u2028'), createFinder('\u2029')];
  let lastText = '';
  let lastFrom = 0;
  let nearest = -1;
  return (text, from, to) => {
    const newline = findNewline(text, from);
    if (newline >= 0 && newline < to) return true;
    if (text !== lastText || from < lastFrom || (nearest >= 0 && nearest < from)) {
      lastText = text;
      nearest = -1;
      for (const find of others) {
        const at = find(text, from);
        if (at >= 0 && (nearest < 0 || at < nearest)) nearest = at;
      }
    }
    lastFrom = from;
    return nearest >= 0 && nearest < to;
  };
}

/** Whether text[from, to) holds a line terminator (RegExp `.*` would stop there). */
export const hasLineTerminator = createLineTerminatorCheck();

/** The position after any \s at `pos` (`\s*`). */
export function skipSpaces(text: string, pos: number, end: number): number {
  if (pos < 0) return -1;
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** The position after a run of [A-Za-z0-9_] at `pos` (pos itself when there is none). */
export function skipWord(text: string, pos: number, end: number): number {
  if (pos < 0) return -1;
  while (pos < end && isWordChar(text.charCodeAt(pos))) pos++;
  return pos;
}
