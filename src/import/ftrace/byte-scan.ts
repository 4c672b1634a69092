// Hand-written scanning of text held as bytes (char-bytes: ASCII as itself, other characters
// as a byte no ASCII pattern matches): an ftrace line's head and fields, which read faster from
// a byte array than from a string. The bytes are a text's characters at the same positions, so
// positions found here index the text too, and values are cut from the text. Readers follow
// ftrace-scan's: a position in, the position after what was read out, -1 for a shape that is
// not there; a number read is in `scanned.value`.
import { OTHER_SPACE } from '../char-bytes.js';
import { isWordChar, scanned } from './ftrace-scan.js';

// Digits beyond which an accumulated number could round differently from Number()/parseInt.
const MAX_EXACT_DECIMAL_DIGITS = 15;
// Hex digits that always fit a number exactly.
const MAX_EXACT_HEX_DIGITS = 13;

/** RegExp \s: space, \t, \n, \v, \f, \r, and the other characters it matches. */
export function isSpaceByte(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === OTHER_SPACE;
}

/** The position after any \s at `pos` (`\s*`). */
export function skipSpaceBytes(bytes: Uint8Array, pos: number, end: number): number {
  if (pos < 0) return -1;
  while (pos < end && isSpaceByte(bytes[pos])) pos++;
  return pos;
}

/** The position after a run of non-\s at `pos` (`\S*`). */
export function skipNonSpaceBytes(bytes: Uint8Array, pos: number, end: number): number {
  if (pos < 0) return -1;
  while (pos < end && !isSpaceByte(bytes[pos])) pos++;
  return pos;
}

/** `\d+` at `pos`: its value (as Number() reads it) in `scanned.value`; beyond 15 digits, from `text`. */
export function readDecimalBytes(bytes: Uint8Array, text: string, pos: number, end: number): number {
  if (pos < 0) return -1;
  let value = 0;
  let i = pos;
  for (; i < end; i++) {
    const code = bytes[i];
    if (code < 0x30 || code > 0x39) break;
    value = value * 10 + (code - 0x30);
  }
  if (i === pos) return -1;
  scanned.value = i - pos > MAX_EXACT_DECIMAL_DIGITS ? Number(text.slice(pos, i)) : value;
  return i;
}

/** The position after a run of [A-Za-z0-9_] at `pos` (pos itself when there is none). */
export function skipWordBytes(bytes: Uint8Array, pos: number, end: number): number {
  if (pos < 0) return -1;
  while (pos < end && isWordChar(bytes[pos])) pos++;
  return pos;
}

/** `-?\d+` at `pos`, read like readDecimalBytes. */
export function readSignedDecimalBytes(bytes: Uint8Array, text: string, pos: number, end: number): number {
  if (pos < 0 || bytes[pos] !== 0x2d) return readDecimalBytes(bytes, text, pos, end);
  const after = readDecimalBytes(bytes, text, pos + 1, end);
  // Number('-0') is -0, as here.
  if (after >= 0) scanned.value = -scanned.value;
  return after;
}

/** `[0-9a-f]+` at `pos`: its value (as parseInt(x, 16) reads it) in `scanned.value`; beyond 13 digits, from `text`. */
export function readHexBytes(bytes: Uint8Array, text: string, pos: number, end: number): number {
  if (pos < 0) return -1;
  let value = 0;
  let i = pos;
  for (; i < end; i++) {
    const code = bytes[i];
    if (code >= 0x30 && code <= 0x39) value = value * 16 + (code - 0x30);
    else if (code >= 0x61 && code <= 0x66) value = value * 16 + (code - 0x57);
    else break;
  }
  if (i === pos) return -1;
  scanned.value = i - pos > MAX_EXACT_HEX_DIGITS ? parseInt(text.slice(pos, i), 16) : value;
  return i;
}

/** `[0-9a-f]+` at `pos`, its value not read. */
export function skipHexBytes(bytes: Uint8Array, pos: number, end: number): number {
  if (pos < 0) return -1;
  let i = pos;
  for (; i < end; i++) {
    const code = bytes[i];
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) break;
  }
  return i === pos ? -1 : i;
}

/** The position after `literal` (ASCII) at `pos` (before `end`), or -1. */
export function skipLiteralBytes(bytes: Uint8Array, pos: number, end: number, literal: string): number {
  if (pos < 0 || pos + literal.length > end) return -1;
  for (let i = 0; i < literal.length; i++) if (bytes[pos + i] !== literal.charCodeAt(i)) return -1;
  return pos + literal.length;
}

/** Finds a byte forwards through bytes: the first index in [from, to) of it, or -1. */
export interface ByteFinder {
  (bytes: Uint8Array, from: number, to: number): number;
}

// A finder for `code`, for lines read in order through a run's bytes: a search runs again only
// once `from` passed what the last one found, so looking in every line costs one pass in all.
export function createByteFinder(code: number): ByteFinder {
  let lastBytes: Uint8Array | undefined;
  let lastFrom = 0;
  let found = -1;
  return (bytes, from, to) => {
    if (bytes !== lastBytes || from < lastFrom || (found >= 0 && found < from)) {
      lastBytes = bytes;
      found = bytes.indexOf(code, from);
    }
    lastFrom = from;
    return found >= 0 && found < to ? found : -1;
  };
}
