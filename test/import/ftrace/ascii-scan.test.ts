import { describe, expect, it } from 'vitest';
import { readDecimalBytes, skipNonSpaceBytes, skipSpaceBytes } from '../../../src/import/ftrace/ascii-scan.js';
import { scanned } from '../../../src/import/ftrace/ftrace-scan.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('ASCII byte readers', () => {
  it.each([
    ['a number', 'x42]', 1, 3, 42],
    ['a number at the end', 'x42', 1, 3, 42],
    ['16 digits, as Number() reads them', '1234567890123456789 ', 0, 19, Number('1234567890123456789')],
  ])('read %s', (_what, text, pos, after, value) => {
    expect(readDecimalBytes(bytes(text), text, pos, text.length)).toBe(after);
    expect(scanned.value).toBe(value);
  });

  it('read no digits as -1, and pass -1 on', () => {
    expect(readDecimalBytes(bytes('x'), 'x', 0, 1)).toBe(-1);
    expect(readDecimalBytes(bytes('1'), '1', -1, 1)).toBe(-1);
    expect(skipSpaceBytes(bytes(' '), -1, 1)).toBe(-1);
  });

  it('skip the ASCII characters of RegExp \\s, and all others', () => {
    const text = ' \t\v\f\r\nab.c d';
    expect(skipSpaceBytes(bytes(text), 0, text.length)).toBe(6);
    expect(skipNonSpaceBytes(bytes(text), 6, text.length)).toBe(10);
    expect(skipNonSpaceBytes(bytes(text), 11, text.length)).toBe(text.length);
  });
});
