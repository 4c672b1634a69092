// A text's characters as bytes at the same positions, for readers that scan bytes: ASCII as
// itself, any other character as one byte that no ASCII pattern matches, telling apart only
// what RegExp classes do (JavaScript's whitespace, and the line separators `.` does not match).
// A hand reader of these bytes matches what the RegExp it follows matches on the text.
import { isLineTerminator, isSpace } from './ftrace/ftrace-scan.js';

/** The byte of a character other than ASCII that RegExp \s matches (U+00A0, U+3000, …). */
export const OTHER_SPACE = 0x81;
/** The byte of any other character beyond ASCII. */
export const OTHER_CHAR = 0x80;
// U+2028 and U+2029 end lines for `.` as '\r' does, and are \s as '\r' is: read as '\r'.
const RETURN = 0x0d;

const NOT_ASCII = /[^\x00-\x7f]+/g;

/** The bytes of `text` (copied as they are when all ASCII). */
export function charBytesOf(text: string): Uint8Array {
  // latin1 writes ASCII as it is; the other characters are set after.
  const bytes = Buffer.from(text, 'latin1');
  NOT_ASCII.lastIndex = 0;
  for (let m = NOT_ASCII.exec(text); m !== null; m = NOT_ASCII.exec(text)) {
    for (let i = m.index; i < m.index + m[0].length; i++) {
      const code = text.charCodeAt(i);
      if (isLineTerminator(code)) bytes[i] = RETURN;
      else bytes[i] = isSpace(code) ? OTHER_SPACE : OTHER_CHAR;
    }
  }
  return bytes;
}

/**
 * The bytes of the line `text`, a '\n' in it read as '\r' (both are \s, and neither is matched
 * by `.`), so that the bytes of a line hold no '\n', as hand readers of lines expect.
 */
export function lineBytesOf(text: string): Uint8Array {
  const bytes = charBytesOf(text);
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) bytes[at] = RETURN;
  return bytes;
}
