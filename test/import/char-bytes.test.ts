import { describe, expect, it } from 'vitest';
import { OTHER_CHAR, OTHER_SPACE, charBytesOf, lineBytesOf } from '../../src/import/char-bytes.js';

describe('charBytesOf', () => {
  it.each([
    ['ASCII as it is', 'a-1 [000]\t\r', [...Buffer.from('a-1 [000]\t\r')]],
    ['another character as one byte no ASCII pattern matches', 'kwö', [0x6b, 0x77, OTHER_CHAR]],
    ['a character whose low byte is ASCII as such a byte', '中-', [OTHER_CHAR, 0x2d]],
    ['whitespace beyond ASCII as a space of its own', '\u00a0\u3000\ufeffx', [OTHER_SPACE, OTHER_SPACE, OTHER_SPACE, 0x78]],
    ['line separators as \\r', 'a\u2028b\u2029', [0x61, 0x0d, 0x62, 0x0d]],
    ['a surrogate pair as two bytes', 'a😀b', [0x61, OTHER_CHAR, OTHER_CHAR, 0x62]],
  ])('gives %s', (_what, text, bytes) => {
    expect([...charBytesOf(text)]).toEqual(bytes);
  });
});

describe('lineBytesOf', () => {
  it('gives a line its char-bytes, a newline in it as \r', () => {
    expect([...lineBytesOf('é a')]).toEqual([OTHER_CHAR, 0x20, 0x61]);
    expect([...lineBytesOf('a\nb\n')]).toEqual([0x61, 0x0d, 0x62, 0x0d]);
  });
});
