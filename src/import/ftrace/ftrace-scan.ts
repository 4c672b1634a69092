// Hand-written scanning of ftrace text, one string position at a time: no RegExp, no
// substring until a value is kept. Lines are read in place, as text[start, end) of a larger
// text (a whole chunk of trace_pipe or of a file), so every reader takes a position and the
// line's end, and returns the position after what it read, or -1 when the text there does not
// have the expected shape (a reader given -1 returns -1); a number read (by byte-scan's
// readers of bytes) is in `scanned.value`. The shapes follow the RegExp classes they replace:
// \d is [0-9], hex is [0-9a-f] (lowercase, as the kernel prints it), \w is [A-Za-z0-9_], \s is
// JavaScript's whitespace and line terminators.

/** The value of the last number read. */
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

// Line terminators other than '\n' (which ends each line read in place, so is found at every
// line's end), searched for forward through a text like a Finder does (by indexOf, which
// scans much faster than a RegExp character class).
const findReturn = createFinder('\r');
const findLineSeparator = createFinder('\u2028');
const findParagraphSeparator = createFinder('\u2029');
let terminatorText = '';
let terminatorFrom = 0;
let terminatorAt = -1;
const findNewline = createFinder('\n');

/** Whether text[from, to) holds a line terminator (RegExp `.*` would stop there). */
export function hasLineTerminator(text: string, from: number, to: number): boolean {
  const newline = findNewline(text, from);
  if (newline >= 0 && newline < to) return true;
  if (text !== terminatorText || from < terminatorFrom || (terminatorAt >= 0 && terminatorAt < from)) {
    terminatorText = text;
    terminatorAt = -1;
    for (const at of [findReturn(text, from), findLineSeparator(text, from), findParagraphSeparator(text, from)]) {
      if (at >= 0 && (terminatorAt < 0 || at < terminatorAt)) terminatorAt = at;
    }
  }
  terminatorFrom = from;
  return terminatorAt >= 0 && terminatorAt < to;
}

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
